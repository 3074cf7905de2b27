/** The p-Wasserstein distance between persistence diagrams, exact (Hungarian algorithm, or a line DP when births agree). */
import { bottleneckDistance } from './bottleneck.js';
import { essentialCosts, sameBirth, splitDiagram, type DiagramParts } from './diagram-parts.js';
import { minCostAssignment } from './hungarian.js';
import type { Diagram } from './types.js';

export interface WassersteinOptions {
  /** The order p ≥ 1 (default 1); Infinity gives the bottleneck distance. */
  order?: number;
  /** The ground metric between points, Lq (default Infinity, GUDHI's `internal_p=inf`). */
  internalP?: number;
}

/** ‖x − y‖_q in the plane. */
export function groundDistance(db: number, dd: number, q: number): number {
  const x = Math.abs(db);
  const y = Math.abs(dd);
  if (q === Infinity) return Math.max(x, y);
  if (q === 1) return x + y;
  if (q === 2) return Math.hypot(x, y);
  return (x ** q + y ** q) ** (1 / q);
}

/** Lq distance from (birth, death) to the diagonal: the nearest diagonal point is the midpoint. */
export function diagonalDistance(birth: number, death: number, q: number): number {
  const half = (death - birth) / 2;
  return groundDistance(half, half, q);
}

/**
 * W_p(A, B) = (min over matchings Σ ‖a − m(a)‖_q^p)^(1/p), where points may also go to the
 * diagonal. Exact: an assignment problem solved by the Hungarian algorithm, rows = the
 * smaller diagram, columns = the other diagram's points plus one diagonal slot per row
 * (the usual (m + n)-square diagonal-augmented matrix, with the slot-to-slot block folded
 * into a constant: O(m²(m + n)) instead of O((m + n)³)). When all finite births are equal,
 * as in every H0 diagram, the problem lives on a line, optimal matchings do not cross, and
 * a dynamic programme over the sorted deaths solves it exactly in O(mn). Essential classes
 * match only each other, at |Δbirth|; if their counts differ the distance is Infinity.
 * These are the semantics of `gudhi.wasserstein.wasserstein_distance`.
 *
 * @example
 * wassersteinDistance([[0, 2]], [[0, 3]]); // → 1
 * wassersteinDistance([[0, 2]], []); // → 1 (half the length: to the diagonal, L∞)
 * wassersteinDistance([[0, Infinity]], []); // → Infinity
 */
export function wassersteinDistance(a: Diagram, b: Diagram, options: WassersteinOptions = {}): number {
  const p = options.order ?? 1;
  const q = options.internalP ?? Infinity;
  if (!(p >= 1)) throw new RangeError(`order must be ≥ 1, got ${p}`);
  if (!(q >= 1)) throw new RangeError(`internalP must be ≥ 1, got ${q}`);
  if (p === Infinity) {
    if (q !== Infinity) throw new RangeError('the bottleneck distance (order Infinity) is defined here with internalP = Infinity only');
    return bottleneckDistance(a, b);
  }
  const A = splitDiagram(a);
  const B = splitDiagram(b);
  const essential = essentialCosts(A.essential, B.essential);
  if (!essential) return Infinity;
  const finite = sameBirth(A, B) ? transportOnLine(A, B, p, q) : transportByAssignment(A, B, p, q);
  return (essential.reduce((s, c) => s + c ** p, 0) + finite) ** (1 / p);
}

/** Σ cost^p of an optimal matching of the finite parts, by the Hungarian algorithm. */
export function transportByAssignment(A0: DiagramParts, B0: DiagramParts, p: number, q: number): number {
  const [A, B] = A0.births.length <= B0.births.length ? [A0, B0] : [B0, A0];
  const m = A.births.length;
  const n = B.births.length;
  if (m === 0) return B.births.reduce((s, x, j) => s + diagonalDistance(x, B.deaths[j]!, q) ** p, 0);
  const cols = n + m;
  const cost = new Float64Array(m * cols).fill(Infinity);
  const toDiagonalB = B.births.map((x, j) => diagonalDistance(x, B.deaths[j]!, q) ** p);
  for (let i = 0; i < m; i++) {
    // Matching a to b saves b's trip to the diagonal, paid up front below.
    for (let j = 0; j < n; j++) {
      cost[i * cols + j] = groundDistance(A.births[i]! - B.births[j]!, A.deaths[i]! - B.deaths[j]!, q) ** p - toDiagonalB[j]!;
    }
    cost[i * cols + n + i] = diagonalDistance(A.births[i]!, A.deaths[i]!, q) ** p;
  }
  return minCostAssignment(cost, m, cols).total + toDiagonalB.reduce((s, c) => s + c, 0);
}

/** The same when all births are equal: deaths on a line, a non-crossing matching, O(mn). */
export function transportOnLine(A: DiagramParts, B: DiagramParts, p: number, q: number): number {
  const birth = A.births.length ? A.births[0]! : (B.births[0] ?? 0);
  const x = Float64Array.from(A.deaths).sort();
  const y = Float64Array.from(B.deaths).sort();
  const m = x.length;
  const n = y.length;
  // Each point's trip to the diagonal, once (the DP reads them m·n times).
  const toDiagonalY = new Float64Array(n);
  for (let j = 0; j < n; j++) toDiagonalY[j] = diagonalDistance(birth, y[j]!, q) ** p;
  // row[j] = cost of matching x[0..i) with y[0..j), one row at a time.
  let previous = new Float64Array(n + 1);
  let row = new Float64Array(n + 1);
  for (let j = 1; j <= n; j++) previous[j] = previous[j - 1]! + toDiagonalY[j - 1]!;
  for (let i = 1; i <= m; i++) {
    const xi = x[i - 1]!;
    const toDiagonal = diagonalDistance(birth, xi, q) ** p;
    row[0] = previous[0]! + toDiagonal;
    for (let j = 1; j <= n; j++) {
      const gap = Math.abs(xi - y[j - 1]!);
      const a = previous[j]! + toDiagonal;
      const b = row[j - 1]! + toDiagonalY[j - 1]!;
      const c = previous[j - 1]! + (p === 1 ? gap : gap ** p);
      row[j] = a < b ? (a < c ? a : c) : b < c ? b : c;
    }
    [previous, row] = [row, previous];
  }
  return previous[n]!;
}
