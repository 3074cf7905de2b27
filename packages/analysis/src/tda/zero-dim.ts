/** H0 by Kruskal's algorithm over the sorted edges, and the edge columns left for H1. */
import { Adjacency } from './adjacency.js';
import { filtrationOrder } from './filtration-order.js';
import { SimplexBuffer } from './simplex-buffer.js';
import type { RipsSpace } from './space.js';
import type { Diagram } from './types.js';
import { UnionFind } from './union-find.js';

export interface ZeroDimResult {
  /** Every edge within the threshold (in descending index order). */
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
export function zeroDimensional(space: RipsSpace, out: Diagram, withColumns: boolean, simplices: number[] | null = null): ZeroDimResult {
  // Each loop lives in its own function: V8 compiles each on its own, early and cheaply.
  const listed = listEdges(space);
  const order = filtrationOrder(listed.lengths, listed.indices, listed.count, true);
  const kept = kruskal(space, listed, order, out, withColumns, simplices);
  const columns = new SimplexBuffer(kept.count);
  for (let r = kept.count - 1; r >= 0; r--) columns.push(kept.diameters[r]!, kept.indices[r]!);
  const edges = new SimplexBuffer(0);
  edges.diameters = listed.lengths;
  edges.indices = listed.indices;
  edges.count = listed.count;
  return { edges, columns };
}

interface EdgeList {
  count: number;
  lengths: Float64Array;
  indices: Float64Array;
  /** Vertices of edge e: ends[2e] > ends[2e + 1]. */
  ends: Int32Array;
}

/** The edges within the threshold; edge {i > j} has index C(i, 2) + j, listed in descending order. */
function listEdges({ n, d, threshold }: RipsSpace): EdgeList {
  const capacity = (n * (n - 1)) / 2;
  const lengths = new Float64Array(capacity);
  const indices = new Float64Array(capacity);
  const ends = new Int32Array(2 * capacity);
  let count = 0;
  for (let i = n - 1; i > 0; i--) {
    const base = (i * (i - 1)) / 2;
    const row = i * n;
    for (let j = i - 1; j >= 0; j--) {
      const length = d[row + j]!;
      if (length > threshold) continue;
      lengths[count] = length;
      indices[count] = base + j;
      ends[2 * count] = i;
      ends[2 * count++ + 1] = j;
    }
  }
  return { count, lengths, indices, ends };
}

/** Kruskal's sweep in filtration order: H0 pairs into `out`; returns the surviving edge columns in that order. */
function kruskal(space: RipsSpace, edges: EdgeList, order: Uint32Array, out: Diagram, withColumns: boolean, simplices: number[] | null): SimplexBuffer {
  const { n, d } = space;
  const { count, lengths, indices, ends } = edges;
  const adjacency = withColumns ? new Adjacency(n) : null;
  const sets = new UnionFind(n);
  const kept = new SimplexBuffer(64);
  let added = 0;
  for (let e = 0; e < count; e++) {
    const s = order[e]!;
    const length = lengths[s]!;
    if (adjacency && added <= e) {
      // Add the whole group of edges of this length: ties belong to the same scale.
      for (; added < count && lengths[order[added]!] === length; added++) adjacency.add(ends[2 * order[added]!]!, ends[2 * order[added]! + 1]!);
    }
    const u = ends[2 * s]!;
    const v = ends[2 * s + 1]!;
    const a = sets.find(u);
    const b = sets.find(v);
    if (a !== b) {
      sets.link(a, b);
      if (length > 0) {
        out.push([0, length]);
        // Birth: the larger of the two roots (every birth ties at 0, so the elder rule keeps the
        // smaller); death: the merging edge.
        simplices?.push(Math.max(a, b), indices[s]!);
      }
    } else if (adjacency && !inZeroApparentPair(d, n, adjacency, length, u, v)) {
      kept.push(length, indices[s]!);
    }
  }
  for (let i = 0; i < n; i++) {
    if (sets.find(i) !== i) continue;
    out.push([0, Infinity]);
    simplices?.push(i, -1);
  }
  return kept;
}

/**
 * Whether edge {a > b} of length L pairs with its oldest cofacet of the same diameter, the
 * triangle {a, b, w} for the largest common neighbour w at scale L: it does when it is that
 * triangle's youngest facet of length L. Facets come youngest first by dropping the largest
 * vertex first, so only the facets dropping a vertex above the one {a, b} drops can come
 * before it.
 */
function inZeroApparentPair(d: Float64Array, n: number, adjacency: Adjacency, length: number, a: number, b: number): boolean {
  const w = adjacency.largestCommonNeighbor(a, b);
  if (w < 0) return false;
  if (w > a) return true; // {a, b} = drop w, the first facet
  if (w > b) return d[w * n + b] !== length; // {w, b} comes first
  return d[b * n + w] !== length && d[a * n + w] !== length; // {b, w}, then {a, w}, come first
}
