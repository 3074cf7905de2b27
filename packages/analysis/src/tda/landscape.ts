/** Persistence landscapes (Bubenik 2015): the first k levels sampled on a grid, and their Lp norms. */
import { gridPoints, type Grid } from './betti.js';
import type { Diagram } from './types.js';

export interface LandscapeOptions {
  /** The scales to sample at. */
  grid: Grid;
  /** How many levels λ₁ ≥ λ₂ ≥ … to keep (default 5). */
  levels?: number;
  /** Death to use for essential classes; by default they are left out. */
  infinity?: number;
}

export interface Landscape {
  grid: Float64Array;
  /** `levels[k][s]` = λ_{k+1}(grid[s]). */
  levels: Float64Array[];
}

/**
 * λ_k(t) is the k-th largest of the tents max(0, min(t − birth, death − t)).
 *
 * @example
 * const l = persistenceLandscape([[0, 2]], { grid: { min: 0, max: 2, steps: 5 }, levels: 2 });
 * l.levels[0]; // → Float64Array [0, 0.5, 1, 0.5, 0]
 * l.levels[1]; // → Float64Array [0, 0, 0, 0, 0]
 */
export function persistenceLandscape(diagram: Diagram, options: LandscapeOptions): Landscape {
  const k = options.levels ?? 5;
  if (!Number.isInteger(k) || k < 1) throw new RangeError(`levels must be a positive integer, got ${k}`);
  const grid = gridPoints(options.grid);
  const pairs = finitePairs(diagram, options.infinity);
  const levels = Array.from({ length: k }, () => new Float64Array(grid.length));
  const top = new Float64Array(k);
  for (let s = 0; s < grid.length; s++) {
    const t = grid[s]!;
    top.fill(0);
    for (const [birth, death] of pairs) {
      const tent = Math.min(t - birth, death - t);
      if (tent <= top[k - 1]!) continue;
      // Insert into the descending top-k list.
      let i = k - 1;
      while (i > 0 && top[i - 1]! < tent) {
        top[i] = top[i - 1]!;
        i--;
      }
      top[i] = tent;
    }
    for (let level = 0; level < k; level++) levels[level]![s] = top[level]!;
  }
  return { grid, levels };
}

function finitePairs(diagram: Diagram, infinity: number | undefined): Diagram {
  const out: Diagram = [];
  for (const [birth, death] of diagram) {
    if (death !== Infinity) out.push([birth, death]);
    else if (infinity !== undefined) out.push([birth, infinity]);
  }
  return out;
}

/**
 * Every scale where some level of the landscape can bend: births, deaths and the meeting
 * points (bᵢ + dⱼ)/2 of rising and falling tent sides (O(m²) of them). Sampled there, the
 * landscape is exact and `landscapeNorm` gives exact norms.
 *
 * @example
 * landscapeCriticalPoints([[0, 2], [1, 3]]); // → Float64Array [0, 1, 1.5, 2, 3]
 */
export function landscapeCriticalPoints(diagram: Diagram, infinity?: number): Float64Array {
  const pairs = finitePairs(diagram, infinity);
  const points: number[] = [];
  for (const [b, d] of pairs) points.push(b, d);
  for (const [b] of pairs) for (const [, d] of pairs) if (b < d) points.push((b + d) / 2);
  const sorted = Float64Array.from(points).sort();
  return sorted.filter((x, i) => i === 0 || x !== sorted[i - 1]);
}

/**
 * The Lp norm (p ≥ 1, or Infinity) of a landscape, (Σ_k ∫ λ_k(t)^p dt)^(1/p), taking each
 * level as the piecewise-linear curve through its samples (each segment integrated exactly).
 * Exact for the true landscape when sampled on `landscapeCriticalPoints`.
 *
 * @example
 * const l = persistenceLandscape([[0, 2]], { grid: [0, 1, 2], levels: 1 });
 * landscapeNorm(l, 1); // → 1 (the tent's area)
 */
export function landscapeNorm(landscape: Landscape, p: number): number {
  if (!(p >= 1)) throw new RangeError(`p must be ≥ 1, got ${p}`);
  const { grid, levels } = landscape;
  if (p === Infinity) return levels.reduce((m, level) => level.reduce((x, v) => Math.max(x, v), m), 0);
  let sum = 0;
  for (const level of levels) {
    for (let s = 1; s < grid.length; s++) sum += segmentIntegral(level[s - 1]!, level[s]!, grid[s]! - grid[s - 1]!, p);
  }
  return sum ** (1 / p);
}

/** ∫₀ʰ (a + (b − a)x/h)^p dx for a, b ≥ 0. */
function segmentIntegral(a: number, b: number, h: number, p: number): number {
  if (a === b) return h * a ** p;
  return (h * (b ** (p + 1) - a ** (p + 1))) / ((p + 1) * (b - a));
}

/**
 * The Lp norm (1 ≤ p < ∞) of the first landscape level λ₁ alone, exact, in O(m log m): λ₁ is the
 * upper envelope of the tents, and a tent inside another's (later birth, earlier death) never
 * shows, so only a staircase of tents remains, each meeting the next at (bⱼ + dᵢ)/2.
 *
 * @example
 * firstLandscapeNorm([[0, 2]], 1); // → 1
 * firstLandscapeNorm([[0, 2], [1, 3]], 1); // → 1.75 (two tents of area 1 overlapping by 0.25)
 */
export function firstLandscapeNorm(diagram: Diagram, p: number, infinity?: number): number {
  if (!(p >= 1 && p < Infinity)) throw new RangeError(`p must be in [1, ∞), got ${p}`);
  const pairs = finitePairs(diagram, infinity)
    .filter(([b, d]) => d > b)
    .sort((x, y) => x[0] - y[0] || y[1] - x[1]);
  const stairs: Diagram = [];
  for (const pair of pairs) if (stairs.length === 0 || pair[1] > stairs[stairs.length - 1]![1]) stairs.push(pair);
  let sum = 0;
  for (let i = 0; i < stairs.length; i++) {
    const [b, d] = stairs[i]!;
    const prev = stairs[i - 1];
    const next = stairs[i + 1];
    const start = prev && prev[1] > b ? (b + prev[1]) / 2 : b;
    const end = next && next[0] < d ? (next[0] + d) / 2 : d;
    sum += tentIntegral(b, d, start, end, p);
  }
  return sum ** (1 / p);
}

/** ∫ over [s, e] of the tent min(t − b, d − t)^p, split at its peak. */
function tentIntegral(b: number, d: number, s: number, e: number, p: number): number {
  const peak = (b + d) / 2;
  const rise = (x: number) => (x - b) ** (p + 1) / (p + 1); // ∫ (t − b)^p
  const fall = (x: number) => -((d - x) ** (p + 1)) / (p + 1); // ∫ (d − t)^p
  let total = 0;
  if (s < peak) total += rise(Math.min(e, peak)) - rise(s);
  if (e > peak) total += fall(e) - fall(Math.max(s, peak));
  return total;
}
