/**
 * The incremental detector interface every baseline (and any model the evaluation compares)
 * implements: fresh state per host, then one call per step in event-time order. State is plain
 * data owned by the caller (typed arrays and numbers, structured-clone-able so a worker can keep
 * or ship it); `step` updates it and returns the step's verdict.
 */

/** What a detector knows about a host before its first step. */
export interface DetectorContext {
  /** Metric names, in the order of every step's `row`. */
  metrics: readonly string[];
  cores: number;
}

export interface Verdict {
  /** 0 ok, 1 watch, 2 warning, 3 critical (as SEVERITIES in @aura/protocol). */
  severity: 0 | 1 | 2 | 3;
  /** Predicted seconds to failure, when the detector predicts one. */
  ttfSeconds: number | null;
  /** The metric (or rule) most responsible, when alarming. */
  reason: string | null;
}

export interface Detector<S = unknown> {
  readonly name: string;
  init(ctx: DetectorContext): S;
  /** `ts` unix seconds (increasing); `row[i]` is ctx.metrics[i] at ts (NaN when missing). */
  step(state: S, ts: number, row: ArrayLike<number>): Verdict;
}

export const OK: Verdict = Object.freeze({ severity: 0, ttfSeconds: null, reason: null }) as Verdict;

/** Indexes of the metrics matching a pattern (e.g. every `disk.<mount>.used_pct`). */
export function metricIndexes(metrics: readonly string[], re: RegExp): number[] {
  const out: number[] = [];
  metrics.forEach((m, i) => {
    if (re.test(m)) out.push(i);
  });
  return out;
}

/**
 * Prometheus's `for:` clause: a condition must hold continuously for `forS` before the alert
 * fires, and the alert resolves as soon as it stops holding.
 */
export function pendingFor(since: number, holds: boolean, ts: number, forS: number): { since: number; firing: boolean } {
  if (!holds) return { since: NaN, firing: false };
  const s = Number.isNaN(since) ? ts : since;
  return { since: s, firing: ts - s >= forS };
}
