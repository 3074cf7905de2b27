/**
 * Prometheus's `predict_linear`, computed as Prometheus computes it (promql/functions.go,
 * `linearRegression` + `funcPredictLinear`): ordinary least squares over the samples of a range
 * vector, x measured in seconds from the evaluation time, sums with Kahan–Neumaier compensation,
 * a constant series has slope 0. Range vectors are left-open, right-closed (t − range, t], as
 * since Prometheus 3.0.
 */

export interface LinearFit {
  /** Per second. */
  slope: number;
  /** Fitted value at the intercept time (the evaluation time for predict_linear). */
  intercept: number;
  n: number;
}

/**
 * Least-squares line through (ts[i], values[i]) for i in [from, to), x in seconds from `interceptTs`.
 * @example linearRegression([0, 60, 120], [1, 2, 3], 0, 3, 120) // { slope: 1/60, intercept: 3, n: 3 }
 */
export function linearRegression(ts: ArrayLike<number>, values: ArrayLike<number>, from: number, to: number, interceptTs: number): LinearFit {
  let n = 0;
  // Sums with Neumaier's compensation, as Prometheus's kahansum.Inc (inlined: no tuple per point).
  let sumX = 0, cX = 0, sumY = 0, cY = 0, sumXY = 0, cXY = 0, sumX2 = 0, cX2 = 0;
  const initY = values[from]!;
  let constY = true;
  for (let i = from; i < to; i++) {
    const y = values[i]!;
    if (constY && i > from && y !== initY) constY = false;
    n++;
    const x = ts[i]! - interceptTs;
    let t = sumX + x;
    cX += Math.abs(sumX) >= Math.abs(x) ? sumX - t + x : x - t + sumX;
    sumX = t;
    t = sumY + y;
    cY += Math.abs(sumY) >= Math.abs(y) ? sumY - t + y : y - t + sumY;
    sumY = t;
    const xy = x * y;
    t = sumXY + xy;
    cXY += Math.abs(sumXY) >= Math.abs(xy) ? sumXY - t + xy : xy - t + sumXY;
    sumXY = t;
    const x2 = x * x;
    t = sumX2 + x2;
    cX2 += Math.abs(sumX2) >= Math.abs(x2) ? sumX2 - t + x2 : x2 - t + sumX2;
    sumX2 = t;
  }
  if (constY) return Number.isFinite(initY) ? { slope: 0, intercept: initY, n } : { slope: NaN, intercept: NaN, n };
  sumX += cX;
  sumY += cY;
  sumXY += cXY;
  sumX2 += cX2;
  const covXY = sumXY - (sumX * sumY) / n;
  const varX = sumX2 - (sumX * sumX) / n;
  const slope = covXY / varX;
  return { slope, intercept: sumY / n - (slope * sumX) / n, n };
}

/** Index of the first sample inside (evalTs − rangeS, evalTs] of sorted `ts`, by binary search. */
export function rangeStart(ts: ArrayLike<number>, end: number, evalTs: number, rangeS: number): number {
  let lo = 0;
  let hi = end;
  const lower = evalTs - rangeS;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (ts[mid]! > lower) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/**
 * `predict_linear(v[rangeS], horizonS)` at `evalTs` over the samples ts[0..end) (those after evalTs
 * are not seen); null with fewer than two samples in range, as Prometheus drops the element.
 * @example predictLinear([0, 3600], [10, 8], 2, 3600, 7200, 3600) // 6
 */
export function predictLinear(ts: ArrayLike<number>, values: ArrayLike<number>, end: number, evalTs: number, rangeS: number, horizonS: number): number | null {
  const from = rangeStart(ts, end, evalTs, rangeS);
  if (end - from < 2) return null;
  const fit = linearRegression(ts, values, from, end, evalTs);
  return fit.slope * horizonS + fit.intercept;
}

/** Seconds until a line (value `at` now, `slopePerS`) reaches `threshold`; null when it heads away or is flat. */
export function timeToThreshold(at: number, slopePerS: number, threshold: number): number | null {
  if (at >= threshold) return 0;
  if (!(slopePerS > 0)) return null;
  return (threshold - at) / slopePerS;
}
