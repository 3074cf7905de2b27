/**
 * Our exhaustion forecast: a robust trend (Theil–Sen) per resource that runs out — disk space,
 * inodes, memory, swap — and the time until it reaches its limit. Unlike predict_linear it
 * shrugs off outliers (log rotations, backups), demands a significant trend (Mann–Kendall), and
 * takes the rate of the window's recent half when that is slower, so memory warming up after a
 * restart (fast, then levelling off) is not mistaken for a leak.
 */
import type { Forecast } from '@aura/protocol';
import { OK, metricIndexes, pendingFor, type Detector, type DetectorContext, type Verdict } from './detector.js';
import { timeToThreshold } from './predict-linear.js';
import { createRing, pushRing, readRing, trimRing, type Ring } from './ring.js';
import { theilSen } from './theil-sen.js';

export interface TrendOptions {
  /** Window of history (s, default 6 h), thinned to at most `points` points (default 120: one per 3 min). */
  windowS?: number;
  points?: number;
  /** Fit every this many seconds (default 600); the verdict holds in between. */
  everyS?: number;
  /** Time-to-limit bounds for watch, warning, critical (s; defaults 24 h, 6 h, 1 h). */
  watchS?: number;
  warningS?: number;
  criticalS?: number;
  /** Mann–Kendall Z needed (default 3) and the history needed before forecasting (default 2 h). */
  minZ?: number;
  minHistoryS?: number;
  /** The verdict must hold this long before it is raised (default 10 min). */
  forS?: number;
}

/** Limits of the resources that run out (percent). */
export const EXHAUSTION_LIMITS: ReadonlyArray<{ metric: RegExp; limit: number }> = [
  { metric: /^disk\..+\.used_pct$/, limit: 100 },
  { metric: /^disk\..+\.inodes_used_pct$/, limit: 100 },
  { metric: /^mem\.used_pct$/, limit: 98 },
  { metric: /^swap\.used_pct$/, limit: 100 },
];

/**
 * Forecast of one series from its recent points (ts unix seconds, oldest first).
 * @example forecastExhaustion('disk./.used_pct', ts, values, 100).ttfSeconds // 7200
 */
export function forecastExhaustion(metric: string, ts: ArrayLike<number>, values: ArrayLike<number>, limit: number, n = ts.length): Forecast & { z: number } {
  const at = ts[n - 1]!;
  const all = theilSen(ts, values, 0, n, at);
  const recent = theilSen(ts, values, n >> 1, n, at);
  // The slower of the two rates: a decelerating rise (caches warming) is not run out on.
  const slope = Number.isFinite(recent.slope) && recent.slope < all.slope ? recent.slope : all.slope;
  const value = all.value;
  return { metric, value, threshold: limit, slopePerHour: slope * 3600, ttfSeconds: timeToThreshold(value, slope, limit), z: all.z };
}

export interface TrendState {
  watch: Int32Array;
  names: string[];
  limits: Float64Array;
  rings: Ring[];
  lastFit: number;
  verdict: Verdict;
  since: number;
  bufT: Float64Array;
  bufV: Float64Array;
}

export function createTrendDetector(opts: TrendOptions = {}): Detector<TrendState> {
  const windowS = opts.windowS ?? 6 * 3600;
  const points = opts.points ?? 120;
  const gap = windowS / points;
  const o = { everyS: 600, watchS: 24 * 3600, warningS: 6 * 3600, criticalS: 3600, minZ: 3, minHistoryS: 2 * 3600, forS: 600, ...opts };
  return {
    name: 'robust_trend',
    init(ctx: DetectorContext): TrendState {
      const watch: number[] = [];
      const limits: number[] = [];
      for (const { metric, limit } of EXHAUSTION_LIMITS) {
        for (const i of metricIndexes(ctx.metrics, metric)) {
          watch.push(i);
          limits.push(limit);
        }
      }
      return { watch: Int32Array.from(watch), names: watch.map((i) => ctx.metrics[i]!), limits: Float64Array.from(limits), rings: watch.map(() => createRing(points + 1)), lastFit: -Infinity, verdict: OK, since: NaN, bufT: new Float64Array(points + 1), bufV: new Float64Array(points + 1) };
    },
    step(st, ts, row): Verdict {
      for (let w = 0; w < st.watch.length; w++) {
        const v = row[st.watch[w]!]!;
        const r = st.rings[w]!;
        const lastT = r.size ? r.ts[(r.head - 1 + r.ts.length) % r.ts.length]! : -Infinity;
        if (Number.isFinite(v) && ts - lastT >= gap) pushRing(r, ts, v);
        trimRing(r, ts - windowS);
      }
      if (ts - st.lastFit < o.everyS) return st.verdict;
      st.lastFit = ts;
      let best: Verdict = OK;
      for (let w = 0; w < st.watch.length; w++) {
        const n = readRing(st.rings[w]!, st.bufT, st.bufV);
        if (n < 8 || st.bufT[n - 1]! - st.bufT[0]! < o.minHistoryS) continue;
        // Cheap screen before the O(n²) fit: no rise between the window's first and last quarters, no forecast.
        if (!(quarterRise(st.bufV, n) > 0)) continue;
        const f = forecastExhaustion('', st.bufT, st.bufV, st.limits[w]!, n);
        if (f.ttfSeconds === null || f.z < o.minZ) continue;
        const sev = f.ttfSeconds <= o.criticalS ? 3 : f.ttfSeconds <= o.warningS ? 2 : f.ttfSeconds <= o.watchS ? 1 : 0;
        if (sev > best.severity || (sev === best.severity && sev > 0 && f.ttfSeconds < (best.ttfSeconds ?? Infinity))) best = { severity: sev, ttfSeconds: f.ttfSeconds, reason: st.names[w]! };
      }
      const pf = pendingFor(st.since, best.severity > 0, ts, o.forS);
      st.since = pf.since;
      st.verdict = pf.firing ? best : OK;
      return st.verdict;
    },
  };
}

/** Largest value of the last quarter minus the smallest of the first: ≤ 0 means nothing rose. */
function quarterRise(v: Float64Array, n: number): number {
  const q = Math.max(1, n >> 2);
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < q; i++) lo = Math.min(lo, v[i]!);
  for (let i = n - q; i < n; i++) hi = Math.max(hi, v[i]!);
  return hi - lo;
}
