/**
 * Scoring one trace's alarms against its label (definitions in docs/scenarios.md, "Evaluation"):
 * which episode, if any, warned of the failure and how far ahead, how many episodes were false
 * alarms, how wrong the predicted time to failure was.
 */
import type { FailureClass } from '@aura/protocol';
import { episodesOf } from './episodes.js';

export interface EvalOptions {
  /** A step alarms when its severity is at least this (default 2, warning; booleans count as 1 or 0 — pass 1). */
  alarmAt?: number;
  /** Episodes separated by at most this are one (default 30 min). */
  mergeGapS?: number;
  /** A warning must start at least this long before the failure to count for recall (default 15 min). */
  minLeadS?: number;
  /** Longest lead credited (default 48 h): episodes starting before max(precursor start, failure − this) are false alarms. */
  maxLeadS?: number;
  /** Episodes starting from the failure until this long after recovery are not counted (default 1 h). */
  settleS?: number;
  /** An alarm up to this long after the failure still counts as detecting it (default 10 min). */
  detectS?: number;
}

export const DEFAULT_EVAL: Required<EvalOptions> = { alarmAt: 2, mergeGapS: 1800, minLeadS: 900, maxLeadS: 48 * 3600, settleS: 3600, detectS: 600 };

/** What scoring needs of a trace (a `Trace` from the scenario generator has all of it). */
export interface LabelledTrace {
  hostId: string;
  timestamps: ArrayLike<number>;
  stepSeconds: number;
  label: { class: FailureClass; failureTs: number; precursorStartTs: number; recoveryTs: number; abrupt: boolean } | null;
}

/** One detector's per-step output over a trace: a severity (or 0/1) per step, and optionally a predicted TTF (NaN for none). */
export interface AlarmSeries {
  alarm: ArrayLike<number>;
  ttfSeconds?: ArrayLike<number>;
}

export interface TraceOutcome {
  hostId: string;
  class: FailureClass | 'healthy';
  abrupt: boolean;
  /** Host-days during which an alarm would be false (all of a healthy trace; outside the failure window otherwise). */
  exposureDays: number;
  falseEpisodes: number;
  /** Of those, episodes that started in the precursor window but lapsed before the failure (counted false for precision, not as false alarms per host-day). */
  lapsedEpisodes: number;
  /** 1 when an episode warned of the failure. */
  trueEpisodes: number;
  /** Lead of the warning episode (s), null when none; warned = lead ≥ minLeadS. */
  leadS: number | null;
  warned: boolean;
  /** Any alarm between the window start and shortly after the failure. */
  detected: boolean;
  /** Median |predicted − actual| TTF over the warning episode's steps before the failure (s), and relative to the actual. */
  ttfAbsErrS: number | null;
  ttfRelErr: number | null;
}

/**
 * Score one trace.
 * @example scoreTrace(trace, { alarm: severities }).warned // true
 */
export function scoreTrace(trace: LabelledTrace, out: AlarmSeries, options: EvalOptions = {}): TraceOutcome {
  const o = { ...DEFAULT_EVAL, ...options };
  const ts = trace.timestamps;
  const n = ts.length;
  if (out.alarm.length !== n) throw new RangeError(`alarm: ${out.alarm.length} values for ${n} steps of ${trace.hostId}`);
  const spanDays = (n * trace.stepSeconds) / 86_400;
  const eps = episodesOf(ts, out.alarm, o.alarmAt, o.mergeGapS);
  const L = trace.label;
  if (!L) return { hostId: trace.hostId, class: 'healthy', abrupt: false, exposureDays: spanDays, falseEpisodes: eps.length, lapsedEpisodes: 0, trueEpisodes: 0, leadS: null, warned: false, detected: false, ttfAbsErrS: null, ttfRelErr: null };
  const F = L.failureTs;
  const W0 = Math.max(L.precursorStartTs, F - o.maxLeadS);
  const ignoreEnd = L.recoveryTs + o.settleS;
  let warning = -1;
  for (let k = eps.length - 1; k >= 0; k--) {
    if (eps[k]!.start < F) {
      const e = eps[k]!;
      if (e.start >= W0 && e.end + o.mergeGapS >= F) warning = k;
      break;
    }
  }
  let falseEpisodes = 0;
  let lapsedEpisodes = 0;
  eps.forEach((e, k) => {
    if (k === warning) return;
    if (e.start >= F && e.start < ignoreEnd) return;
    falseEpisodes++;
    if (e.start >= W0 && e.start < F) lapsedEpisodes++;
  });
  let detected = false;
  for (let i = 0; i < n; i++) if (ts[i]! >= W0 && ts[i]! <= F + o.detectS && out.alarm[i]! >= o.alarmAt) detected = true;
  const leadS = warning >= 0 ? F - eps[warning]!.start : null;
  let ttfAbsErrS: number | null = null;
  let ttfRelErr: number | null = null;
  if (warning >= 0 && out.ttfSeconds) {
    const abs: number[] = [];
    const rel: number[] = [];
    for (let i = eps[warning]!.first; i < n && ts[i]! < F; i++) {
      const p = out.ttfSeconds[i]!;
      if (!Number.isFinite(p) || !(out.alarm[i]! >= o.alarmAt)) continue;
      const actual = F - ts[i]!;
      abs.push(Math.abs(p - actual));
      rel.push(Math.abs(p - actual) / actual);
    }
    if (abs.length) {
      ttfAbsErrS = median(abs);
      ttfRelErr = median(rel);
    }
  }
  const windowDays = (Math.min(ts[n - 1]! + trace.stepSeconds, ignoreEnd) - Math.max(ts[0]!, W0)) / 86_400;
  return { hostId: trace.hostId, class: L.class, abrupt: L.abrupt, exposureDays: Math.max(0, spanDays - windowDays), falseEpisodes, lapsedEpisodes, trueEpisodes: warning >= 0 ? 1 : 0, leadS, warned: leadS !== null && leadS >= o.minLeadS, detected, ttfAbsErrS, ttfRelErr };
}

export function median(xs: number[]): number {
  return quantile(xs, 0.5);
}

/** Linear-interpolated quantile (like numpy's default). */
export function quantile(xs: number[], q: number): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const pos = (s.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return s[lo]! + (s[hi]! - s[lo]!) * (pos - lo);
}
