/** Helpers shared by the topology tests: diagram comparison within a tolerance, seeded clouds. */
import type { Diagram } from './types.js';

/** A fixture pair: `null` death is an essential class. */
export type JsonPair = [number, number | null];

export function fromJson(dimensions: JsonPair[][]): Diagram[] {
  return dimensions.map((pairs) => pairs.map(([b, d]) => [b, d ?? Infinity]));
}

function close(x: number, y: number, tolerance: number): boolean {
  if (x === Infinity || y === Infinity) return x === y;
  return Math.abs(x - y) <= tolerance * Math.max(1, Math.abs(x), Math.abs(y));
}

/**
 * Why two diagrams differ, or null when they hold the same multiset of pairs up to a
 * relative `tolerance`. Pairs are matched greedily after sorting, which is exact whenever
 * the tolerance is smaller than the gaps between distinct values.
 */
export function diagramDifference(actual: Diagram, expected: Diagram, tolerance: number): string | null {
  if (actual.length !== expected.length) return `${actual.length} pairs, expected ${expected.length}`;
  const sort = (d: Diagram) => [...d].sort((a, b) => a[0] - b[0] || (a[1] === b[1] ? 0 : a[1] < b[1] ? -1 : 1));
  const left = sort(expected);
  const used = new Uint8Array(left.length);
  for (const [b, d] of sort(actual)) {
    const i = left.findIndex((p, k) => !used[k] && close(p[0], b, tolerance) && close(p[1], d, tolerance));
    if (i < 0) return `pair [${b}, ${d}] has no partner in the expected diagram`;
    used[i] = 1;
  }
  return null;
}

/** mulberry32: reproducible clouds without a global random source. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function randomCloud(random: () => number, n: number, dim: number): number[][] {
  return Array.from({ length: n }, () => Array.from({ length: dim }, () => random()));
}
