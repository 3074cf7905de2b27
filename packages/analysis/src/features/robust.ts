/** Robust statistics for normalising metrics: median and MAD resist the outliers real metrics are full of. */

/** 1.4826 × MAD estimates the standard deviation of normally distributed data. */
export const MAD_TO_SIGMA = 1.4826;

/**
 * The median of the finite values (NaN when there are none). Copies, then selects in O(n).
 *
 * @example
 * median([3, 1, 2, NaN]); // → 2
 */
export function median(values: ArrayLike<number>): number {
  const a = finiteCopy(values);
  return a.length === 0 ? Number.NaN : medianInPlace(a, a.length);
}

/**
 * Median absolute deviation from the median (unscaled), of the finite values.
 *
 * @example
 * mad([1, 2, 3, 4, 100]); // → 1
 */
export function mad(values: ArrayLike<number>, center = median(values)): number {
  const a = finiteCopy(values);
  if (a.length === 0) return Number.NaN;
  for (let i = 0; i < a.length; i++) a[i] = Math.abs(a[i]! - center);
  return medianInPlace(a, a.length);
}

/** A location and a scale (σ estimate) per metric; `scale` is never below the metric's floor. */
export interface RobustStats {
  median: number;
  /** MAD × 1.4826, floored by `minScale`. */
  scale: number;
}

/**
 * Median and σ-scaled MAD, with a floor so a flat metric does not divide by zero.
 *
 * @example
 * robustStats([10, 10, 10], 0.5); // → { median: 10, scale: 0.5 }
 */
export function robustStats(values: ArrayLike<number>, minScale: number): RobustStats {
  const m = median(values);
  const s = MAD_TO_SIGMA * mad(values, m);
  return { median: m, scale: Number.isFinite(s) ? Math.max(s, minScale) : minScale };
}

/** The robust z-score (x − median) / scale. */
export function robustZ(x: number, stats: RobustStats): number {
  return (x - stats.median) / stats.scale;
}

/** The `q`-quantile (0–1, linear interpolation) of the finite values; NaN when none. */
export function quantile(values: ArrayLike<number>, q: number): number {
  const a = finiteCopy(values).sort();
  if (a.length === 0) return Number.NaN;
  const pos = Math.min(1, Math.max(0, q)) * (a.length - 1);
  const lo = Math.floor(pos);
  const hi = Math.min(a.length - 1, lo + 1);
  return a[lo]! + (a[hi]! - a[lo]!) * (pos - lo);
}

function finiteCopy(values: ArrayLike<number>): Float64Array {
  const out = new Float64Array(values.length);
  let n = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (Number.isFinite(v)) out[n++] = v;
  }
  return out.subarray(0, n);
}

/** Median of a[0..n) by quickselect (reorders a); averages the two middle values when n is even. */
export function medianInPlace(a: Float64Array, n: number): number {
  const mid = n >> 1;
  const upper = select(a, 0, n - 1, mid);
  if (n % 2 === 1) return upper;
  let lower = -Infinity;
  for (let i = 0; i < mid; i++) if (a[i]! > lower) lower = a[i]!;
  return (lower + upper) / 2;
}

/** Hoare-style quickselect: the k-th smallest of a[lo..hi], leaving smaller values before k. */
function select(a: Float64Array, lo: number, hi: number, k: number): number {
  while (hi > lo) {
    const pivot = a[(lo + hi) >> 1]!;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (a[i]! < pivot) i++;
      while (a[j]! > pivot) j--;
      if (i <= j) {
        const t = a[i]!;
        a[i++] = a[j]!;
        a[j--] = t;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return a[k]!;
  }
  return a[k]!;
}
