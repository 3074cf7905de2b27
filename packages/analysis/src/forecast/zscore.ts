/**
 * Anomaly baselines: an EWMA z-score (exponentially weighted mean and variance, as in EWMA
 * control charts) and a seasonal z-score (median and MAD of the same hour of day, or hour of
 * week, over the past days). Both watch the key health metrics, alarm on values far above
 * normal held for a while (every failure class pushes its metrics up), and predict no time to
 * failure.
 */
import { OK, metricIndexes, pendingFor, type Detector, type DetectorContext, type Verdict } from './detector.js';
import { medianInPlace } from './select.js';

/** The metrics the anomaly detectors watch. */
export const ANOMALY_METRICS = /^(cpu\.(total|iowait)|load\.1|mem\.used_pct|swap\.used_pct|disk\..+\.(used_pct|inodes_used_pct)|net\.[^.]+\.(rx_bps|tx_bps|rx_errors|rx_drops)|tcp\.established)$/;

/** Smallest standard deviation a metric is judged with: flat series would otherwise make any change infinite. */
export function sigmaFloor(metric: string, mean: number, cores: number): number {
  const rel = 0.05 * Math.abs(mean);
  if (metric.endsWith('_pct') || metric.startsWith('cpu.')) return rel + 1;
  if (metric.startsWith('load.')) return rel + 0.1 * cores;
  if (metric.endsWith('_errors') || metric.endsWith('_drops')) return rel + 1;
  if (metric.endsWith('_bps')) return rel + 1e4;
  return rel + 5;
}

export interface EwmaOptions {
  /** Time constant of the mean and variance (s, default 1 h). */
  tauS?: number;
  /** z above which a step is anomalous (default 4) and above which it is critical (default 8). */
  z?: number;
  criticalZ?: number;
  forS?: number;
  warmupS?: number;
}

export interface EwmaState {
  watch: Int32Array;
  names: string[];
  mean: Float64Array;
  variance: Float64Array;
  since: Float64Array;
  startTs: number;
  lastTs: number;
  cores: number;
}

export function createEwmaDetector(opts: EwmaOptions = {}): Detector<EwmaState> {
  const o = { tauS: 3600, z: 4, criticalZ: 8, forS: 600, warmupS: 2 * 3600, ...opts };
  return {
    name: 'ewma_z',
    init(ctx: DetectorContext): EwmaState {
      const watch = metricIndexes(ctx.metrics, ANOMALY_METRICS);
      return { watch: Int32Array.from(watch), names: watch.map((i) => ctx.metrics[i]!), mean: new Float64Array(watch.length).fill(NaN), variance: new Float64Array(watch.length), since: new Float64Array(watch.length).fill(NaN), startTs: NaN, lastTs: NaN, cores: ctx.cores };
    },
    step(st, ts, row): Verdict {
      if (Number.isNaN(st.startTs)) st.startTs = ts;
      const a = Number.isNaN(st.lastTs) ? 1 : 1 - Math.exp(-(ts - st.lastTs) / o.tauS);
      st.lastTs = ts;
      let best: Verdict = OK;
      let bestZ = 0;
      for (let j = 0; j < st.watch.length; j++) {
        const x = row[st.watch[j]!]!;
        if (!Number.isFinite(x)) continue;
        const m = st.mean[j]!;
        if (Number.isNaN(m)) {
          st.mean[j] = x;
          continue;
        }
        const sd = Math.max(Math.sqrt(st.variance[j]!), sigmaFloor(st.names[j]!, m, st.cores));
        const z = (x - m) / sd;
        // Update after judging (West's incremental EW variance); an anomalous value is learnt ten
        // times more slowly, so the baseline does not absorb the anomaly before it can alarm.
        const d = x - m;
        const w = z > o.z ? a / 10 : a;
        st.mean[j] = m + w * d;
        st.variance[j] = (1 - w) * (st.variance[j]! + w * d * d);
        const pf = pendingFor(st.since[j]!, z > o.z && ts - st.startTs >= o.warmupS, ts, o.forS);
        st.since[j] = pf.since;
        if (pf.firing && z > bestZ) {
          bestZ = z;
          best = { severity: z > o.criticalZ ? 3 : 2, ttfSeconds: null, reason: st.names[j]! };
        }
      }
      return best;
    },
  };
}

export interface SeasonalOptions {
  /** 'day': 24 hourly slots; 'week': 168 (needs weeks of history). Default 'day'. */
  season?: 'day' | 'week';
  /** Seasons of history kept (default 7) and needed before judging (default 2). */
  keep?: number;
  minSeasons?: number;
  /** One value kept per this many seconds (default 300). */
  sampleS?: number;
  z?: number;
  criticalZ?: number;
  forS?: number;
  /** Hours to add to UTC to get the host's local time (default 0). */
  tzOffsetHours?: number;
}

export interface SeasonalState {
  watch: Int32Array;
  names: string[];
  /** Per watched metric and slot, a ring of `cap` values. */
  values: Float64Array;
  counts: Int32Array;
  heads: Int32Array;
  cap: number;
  lastSample: number;
  since: Float64Array;
  cores: number;
  scratch: Float64Array;
}

export function createSeasonalDetector(opts: SeasonalOptions = {}): Detector<SeasonalState> {
  const o = { season: 'day' as const, keep: 7, minSeasons: 2, sampleS: 300, z: 5, criticalZ: 10, forS: 900, tzOffsetHours: 0, ...opts };
  const slots = o.season === 'week' ? 168 : 24;
  const perSlot = Math.max(1, Math.round(3600 / o.sampleS));
  const cap = perSlot * o.keep;
  const slotOf = (ts: number) => {
    const h = Math.floor((ts + o.tzOffsetHours * 3600) / 3600);
    // 1970-01-01 00:00 UTC was a Thursday: shift so week slots start on Sunday.
    return o.season === 'week' ? (((h + 96) % 168) + 168) % 168 : ((h % 24) + 24) % 24;
  };
  return {
    name: o.season === 'week' ? 'seasonal_z_week' : 'seasonal_z',
    init(ctx: DetectorContext): SeasonalState {
      const watch = metricIndexes(ctx.metrics, ANOMALY_METRICS);
      return { watch: Int32Array.from(watch), names: watch.map((i) => ctx.metrics[i]!), values: new Float64Array(watch.length * slots * cap), counts: new Int32Array(watch.length * slots), heads: new Int32Array(watch.length * slots), cap, lastSample: -Infinity, since: new Float64Array(watch.length).fill(NaN), cores: ctx.cores, scratch: new Float64Array(cap) };
    },
    step(st, ts, row): Verdict {
      const slot = slotOf(ts);
      const store = ts - st.lastSample >= o.sampleS;
      if (store) st.lastSample = ts;
      let best: Verdict = OK;
      let bestZ = 0;
      for (let j = 0; j < st.watch.length; j++) {
        const x = row[st.watch[j]!]!;
        if (!Number.isFinite(x)) continue;
        const s = j * slots + slot;
        const count = st.counts[s]!;
        let z = 0;
        if (count >= perSlot * o.minSeasons) {
          const base = s * st.cap;
          for (let i = 0; i < count; i++) st.scratch[i] = st.values[base + i]!;
          const med = medianInPlace(st.scratch, count);
          for (let i = 0; i < count; i++) st.scratch[i] = Math.abs(st.values[base + i]! - med);
          const mad = medianInPlace(st.scratch, count) * 1.4826;
          z = (x - med) / Math.max(mad, sigmaFloor(st.names[j]!, med, st.cores));
        }
        const pf = pendingFor(st.since[j]!, z > o.z, ts, o.forS);
        st.since[j] = pf.since;
        if (pf.firing && z > bestZ) {
          bestZ = z;
          best = { severity: z > o.criticalZ ? 3 : 2, ttfSeconds: null, reason: st.names[j]! };
        }
        if (store) {
          const base = s * st.cap;
          st.values[base + st.heads[s]!] = x;
          st.heads[s] = (st.heads[s]! + 1) % st.cap;
          if (count < st.cap) st.counts[s] = count + 1;
        }
      }
      return best;
    },
  };
}
