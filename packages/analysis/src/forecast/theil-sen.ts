/**
 * Theil–Sen trend: the median of the slopes between all pairs of points, with the intercept the
 * median residual — it ignores up to 29 % of outliers (a log rotation, a backup, a spike) where
 * least squares follows them. Mann–Kendall's S (concordant minus discordant pairs) comes from the
 * same pass and says whether there is a trend at all. O(n²) pairs, no allocation per call: a
 * window of a few hundred points takes well under a millisecond.
 */
import { medianInPlace } from './select.js';

export interface TrendFit {
  /** Per second. */
  slope: number;
  /** Trend value at `atTs`. */
  value: number;
  /** Mann–Kendall Z (normal approximation, ties ignored): |Z| > 3 is a trend, not noise. */
  z: number;
  n: number;
}

let pairs = new Float64Array(0);
let resid = new Float64Array(0);

/**
 * Theil–Sen fit of (ts[i], values[i]) for i in [from, to), its value at `atTs`.
 * @example theilSen([0, 1, 2, 3, 4], [0, 1, 2, 30, 4], 0, 5, 4).slope // 1
 */
export function theilSen(ts: ArrayLike<number>, values: ArrayLike<number>, from: number, to: number, atTs: number): TrendFit {
  const n = to - from;
  if (n < 2) return { slope: NaN, value: n === 1 ? values[from]! : NaN, z: 0, n };
  const m = (n * (n - 1)) / 2;
  if (pairs.length < m) pairs = new Float64Array(m);
  if (resid.length < n) resid = new Float64Array(n);
  let k = 0;
  let s = 0;
  for (let i = from; i < to; i++) {
    const xi = ts[i]!;
    const yi = values[i]!;
    for (let j = i + 1; j < to; j++) {
      const dx = ts[j]! - xi;
      const dy = values[j]! - yi;
      if (dx > 0) pairs[k++] = dy / dx;
      s += dy > 0 ? 1 : dy < 0 ? -1 : 0;
    }
  }
  const slope = k > 0 ? medianInPlace(pairs, k) : 0;
  for (let i = 0; i < n; i++) resid[i] = values[from + i]! - slope * (ts[from + i]! - atTs);
  const value = medianInPlace(resid, n);
  const variance = (n * (n - 1) * (2 * n + 5)) / 18;
  const z = s === 0 ? 0 : (s - Math.sign(s)) / Math.sqrt(variance);
  return { slope, value, z, n };
}
