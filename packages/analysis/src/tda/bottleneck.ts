/** The bottleneck distance between persistence diagrams, exact: binary search over candidate values with bipartite matching. */
import { essentialCosts, sameBirth, splitDiagram } from './diagram-parts.js';
import { maximumMatching } from './hopcroft-karp.js';
import type { Diagram } from './types.js';

/**
 * min over matchings of the largest L∞ displacement, where points may go to the diagonal
 * ((death − birth)/2 away). The optimum is one of the point-to-point or point-to-diagonal
 * distances, so a binary search over those candidates for the smallest feasible δ gives the
 * exact answer. Essential classes match only each other, at |Δbirth|; different counts give
 * Infinity. Same semantics as `gudhi.bottleneck_distance(a, b, 0)`.
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
  const candidates = new Float64Array(m * n + m + n);
  candidates.set(cross);
  candidates.set(diagonalA, m * n);
  candidates.set(diagonalB, m * n + m);
  candidates.sort();
  // Everything to the diagonal is always a matching, so the largest diagonal distance is feasible.
  const onLine = sameBirth(A, B);
  const x = onLine ? Float64Array.from(A.deaths).sort() : A.deaths;
  const y = onLine ? Float64Array.from(B.deaths).sort() : B.deaths;
  let lo = 0;
  let hi = candidates.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const delta = candidates[mid]!;
    const ok = onLine ? coversOnLine(delta, x, y, A.births[0] ?? B.births[0]!) && coversOnLine(delta, y, x, A.births[0] ?? B.births[0]!) : feasible(delta, cross, diagonalA, diagonalB);
    if (ok) hi = mid;
    else lo = mid + 1;
  }
  return Math.max(floor, candidates[lo]!);
}

/**
 * A matching within δ exists iff the points farther than δ from the diagonal can all be
 * matched to points within δ. By the Mendelsohn–Dulmage theorem, a matching covering those
 * of A and one covering those of B give one matching covering both, so two one-sided
 * maximum matchings decide it, on the point-to-point edges only.
 */
function feasible(delta: number, cross: Float64Array, diagonalA: Float64Array, diagonalB: Float64Array): boolean {
  const m = diagonalA.length;
  const n = diagonalB.length;
  return covers(delta, cross, diagonalA, m, n, 1, n) && covers(delta, cross, diagonalB, n, m, n, 1);
}

/**
 * `covers` when all births are equal: sorted deaths on a line, where every point may reach
 * the same width δ on both sides, so matching each far point, in order, to the lowest free
 * point not below it by more than δ is optimal. O(m + n).
 */
function coversOnLine(delta: number, left: Float64Array, right: Float64Array, birth: number): boolean {
  let r = 0;
  for (const x of left) {
    if ((x - birth) / 2 <= delta) continue;
    while (r < right.length && right[r]! < x - delta) r++;
    if (r === right.length || right[r]! > x + delta) return false;
    r++;
  }
  return true;
}

/**
 * Whether every left vertex farther than δ from the diagonal can be matched to its own right
 * vertex within δ; the distance of (l, r) is `cross[l * rowStride + r * colStride]`, so one
 * function serves both sides of the same matrix.
 */
function covers(delta: number, cross: Float64Array, diagonal: Float64Array, left: number, right: number, colStride: number, rowStride: number): boolean {
  let far = 0;
  for (let l = 0; l < left; l++) if (diagonal[l]! > delta) far++;
  if (far === 0) return true;
  if (far > right) return false;
  const offsets = new Int32Array(far + 1);
  let edges = 0;
  for (let l = 0; l < left; l++) {
    if (diagonal[l]! <= delta) continue;
    for (let r = 0; r < right; r++) if (cross[l * rowStride + r * colStride]! <= delta) edges++;
  }
  const neighbors = new Int32Array(edges);
  for (let l = 0, k = 0, e = 0; l < left; l++) {
    if (diagonal[l]! <= delta) continue;
    for (let r = 0; r < right; r++) if (cross[l * rowStride + r * colStride]! <= delta) neighbors[e++] = r;
    offsets[++k] = e;
  }
  return maximumMatching(far, right, offsets, neighbors) === far;
}
