/** The bottleneck distance between persistence diagrams, exact: binary search over candidate values with bipartite matching. */
import { essentialCosts, splitDiagram } from './diagram-parts.js';
import { maximumMatching } from './hopcroft-karp.js';
import type { Diagram } from './types.js';

/**
 * min over matchings of the largest L∞ displacement, where points may go to the diagonal
 * ((death − birth)/2 away). The optimum is one of the point-to-point or point-to-diagonal
 * distances, so the smallest candidate δ for which the "≤ δ" graph has a perfect matching
 * (Hopcroft–Karp) is the exact answer. Essential classes match only each other, at
 * |Δbirth|; different counts give Infinity. Same semantics as `gudhi.bottleneck_distance(a, b, 0)`.
 *
 * @example
 * bottleneckDistance([[0, 2]], [[0, 3]]); // → 1
 * bottleneckDistance([[0, 2], [1, 1.2]], [[0, 2.5]]); // → 0.5
 */
export function bottleneckDistance(a: Diagram, b: Diagram): number {
  const A = splitDiagram(a);
  const B = splitDiagram(b);
  const essential = essentialCosts(A.essential, B.essential);
  if (!essential) return Infinity;
  const floor = essential.reduce((m, c) => Math.max(m, c), 0);
  const m = A.births.length;
  const n = B.births.length;
  if (m + n === 0) return floor;
  const cross = new Float64Array(m * n);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      cross[i * n + j] = Math.max(Math.abs(A.births[i]! - B.births[j]!), Math.abs(A.deaths[i]! - B.deaths[j]!));
    }
  }
  const diagonalA = A.births.map((x, i) => (A.deaths[i]! - x) / 2);
  const diagonalB = B.births.map((x, j) => (B.deaths[j]! - x) / 2);
  const candidates = Float64Array.from([...cross, ...diagonalA, ...diagonalB]).sort();
  // Matching everything to the diagonal always works, so the largest diagonal distance is feasible.
  let lo = 0;
  let hi = candidates.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (perfectlyMatchable(candidates[mid]!, cross, diagonalA, diagonalB)) hi = mid;
    else lo = mid + 1;
  }
  return Math.max(floor, candidates[lo]!);
}

/**
 * Left: A's m points, then n diagonal slots (one per B point); right: B's n points, then m
 * diagonal slots. Edges: a–b within δ, a–its own slot within δ, slot–b within δ, and every
 * slot–slot pair (diagonal to diagonal costs nothing).
 */
function perfectlyMatchable(delta: number, cross: Float64Array, diagonalA: Float64Array, diagonalB: Float64Array): boolean {
  const m = diagonalA.length;
  const n = diagonalB.length;
  const offsets = new Int32Array(m + n + 1);
  const edges: number[] = [];
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) if (cross[i * n + j]! <= delta) edges.push(j);
    if (diagonalA[i]! <= delta) edges.push(n + i);
    offsets[i + 1] = edges.length;
  }
  for (let j = 0; j < n; j++) {
    if (diagonalB[j]! <= delta) edges.push(j);
    for (let i = 0; i < m; i++) edges.push(n + i);
    offsets[m + j + 1] = edges.length;
  }
  return maximumMatching(m + n, m + n, offsets, Int32Array.from(edges)) === m + n;
}
