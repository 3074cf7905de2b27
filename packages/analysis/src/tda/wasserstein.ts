/** The p-Wasserstein distance between persistence diagrams, exact (Hungarian algorithm on the diagonal-augmented matrix). */
import { bottleneckDistance } from './bottleneck.js';
import { essentialCosts, splitDiagram } from './diagram-parts.js';
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
 * diagonal. Exact: an (m + n)-square assignment problem (each side padded with diagonal
 * slots; slot-to-slot costs 0) solved by the Hungarian algorithm in O((m + n)³). Essential
 * classes match only each other, at |Δbirth|; if their counts differ the distance is
 * Infinity. These are the semantics of `gudhi.wasserstein.wasserstein_distance`.
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
  let total = essential.reduce((s, c) => s + c ** p, 0);
  const m = A.births.length;
  const n = B.births.length;
  const size = m + n;
  if (size > 0) {
    const cost = new Float64Array(size * size);
    for (let i = 0; i < m; i++) {
      const toDiagonal = diagonalDistance(A.births[i]!, A.deaths[i]!, q) ** p;
      for (let j = 0; j < n; j++) {
        cost[i * size + j] = groundDistance(A.births[i]! - B.births[j]!, A.deaths[i]! - B.deaths[j]!, q) ** p;
      }
      for (let j = n; j < size; j++) cost[i * size + j] = toDiagonal;
    }
    for (let j = 0; j < n; j++) {
      const toDiagonal = diagonalDistance(B.births[j]!, B.deaths[j]!, q) ** p;
      for (let i = m; i < size; i++) cost[i * size + j] = toDiagonal;
    }
    total += minCostAssignment(cost, size).total;
  }
  return total ** (1 / p);
}
