/** H0 by Kruskal's algorithm over the sorted edges, and the edge columns left for H1. */
import { Adjacency } from './adjacency.js';
import type { RipsSpace } from './space.js';
import { SimplexBuffer } from './simplex-buffer.js';
import type { Diagram } from './types.js';
import { UnionFind } from './union-find.js';

export interface ZeroDimResult {
  /** Every edge within the threshold, in filtration order. */
  edges: SimplexBuffer;
  /** Edges H1 must reduce, in reverse filtration order (empty when `withColumns` is false). */
  columns: SimplexBuffer;
}

/**
 * Components die at the edge that merges them: `[0, length)` when the length is positive
 * (zero-length pairs are dropped, as Ripser does), one `[0, ∞)` per remaining component.
 * In cohomology the merging edges are pivots of the 0-dimensional coboundary, so they are
 * cleared from the H1 columns; so are edges in a zero-persistence apparent pair.
 */
export function zeroDimensional(space: RipsSpace, out: Diagram, withColumns: boolean): ZeroDimResult {
  const { n, d, threshold } = space;
  const all = new SimplexBuffer((n * (n - 1)) / 2);
  // Edge {i > j} has index C(i, 2) + j; this loop lists indices in descending order.
  for (let i = n - 1; i > 0; i--) {
    const base = (i * (i - 1)) / 2;
    const row = i * n;
    for (let j = i - 1; j >= 0; j--) {
      const length = d[row + j]!;
      if (length <= threshold) all.push(length, base + j);
    }
  }
  const edges = all.sorted(false, true);
  const upper = new Int32Array(edges.count);
  const lower = new Int32Array(edges.count);
  const v = new Int32Array(2);
  for (let e = 0; e < edges.count; e++) {
    space.binom.vertices(edges.indices[e]!, 1, v);
    upper[e] = v[0]!;
    lower[e] = v[1]!;
  }
  const adjacency = withColumns ? new Adjacency(n) : null;
  const sets = new UnionFind(n);
  const kept = new SimplexBuffer(64);
  let added = 0;
  for (let e = 0; e < edges.count; e++) {
    const length = edges.diameters[e]!;
    if (adjacency && added <= e) {
      // Add the whole group of edges of this length: ties belong to the same scale.
      while (added < edges.count && edges.diameters[added] === length) adjacency.add(upper[added]!, lower[added++]!);
    }
    const a = sets.find(upper[e]!);
    const b = sets.find(lower[e]!);
    if (a !== b) {
      sets.link(a, b);
      if (length > 0) out.push([0, length]);
    } else if (adjacency && !hasZeroApparentCofacet(space, adjacency, length, edges.indices[e]!, upper[e]!, lower[e]!)) {
      kept.push(length, edges.indices[e]!);
    }
  }
  for (let i = 0; i < n; i++) if (sets.find(i) === i) out.push([0, Infinity]);
  const columns = new SimplexBuffer(kept.count);
  for (let r = kept.count - 1; r >= 0; r--) columns.push(kept.diameters[r]!, kept.indices[r]!);
  return { edges, columns };
}

/** Whether edge {a > b} is the youngest facet of its oldest same-length cofacet (a zero apparent pair). */
function hasZeroApparentCofacet(space: RipsSpace, adjacency: Adjacency, length: number, index: number, a: number, b: number): boolean {
  const w = adjacency.largestCommonNeighbor(a, b);
  if (w < 0) return false;
  return space.zeroPivotFacet(length, triangleIndex(a, b, w), 2) === index;
}

/** The colexicographic index of triangle {a > b} ∪ {w}: C(x, 3) + C(y, 2) + z for x > y > z. */
function triangleIndex(a: number, b: number, w: number): number {
  const c3 = (x: number) => (x * (x - 1) * (x - 2)) / 6;
  const c2 = (x: number) => (x * (x - 1)) / 2;
  if (w > a) return c3(w) + c2(a) + b;
  if (w > b) return c3(a) + c2(w) + b;
  return c3(a) + c2(b) + w;
}
