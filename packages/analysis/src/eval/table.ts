/** From per-trace outcomes to the evaluation table: per failure class and overall, abrupt failures apart, false alarms per host-day. */
import { FAILURE_CLASSES, type FailureClass } from '@aura/protocol';
import { median, quantile, type TraceOutcome } from './score.js';

/** The slow failures, for which the lead-time target is stricter. */
export const SLOW_CLASSES: readonly FailureClass[] = ['memory_leak', 'disk_fill', 'inode_exhaustion'];

export interface EvalRow {
  /** A failure class, "all" (every non-abrupt failure), "slow" (leak, disk, inodes) or "abrupt" (every abrupt failure). */
  group: string;
  failures: number;
  /** Share warned at least minLead ahead. */
  recall: number;
  /** Share with any alarm from the window start to shortly after the failure. */
  detected: number;
  /** Lead times of the warned failures (s). */
  leadMedianS: number | null;
  leadP10S: number | null;
  /** True episodes / all counted episodes on these hosts ("all" includes the healthy hosts). */
  precision: number | null;
  /** Median over failures of the median absolute and relative TTF error. */
  ttfMedianAbsErrS: number | null;
  ttfMedianRelErr: number | null;
}

export interface EvalTable {
  detector: string;
  rows: EvalRow[];
  healthy: { hosts: number; hostDays: number; falseAlarms: number; perHostDay: number };
  /** False alarms on failing hosts outside their failure window. */
  failingOutside: { hosts: number; hostDays: number; falseAlarms: number; perHostDay: number };
}

function row(group: string, out: TraceOutcome[], extraFalse = 0): EvalRow {
  const leads = out.filter((o) => o.warned).map((o) => o.leadS!);
  const abs = out.filter((o) => o.ttfAbsErrS !== null).map((o) => o.ttfAbsErrS!);
  const rel = out.filter((o) => o.ttfRelErr !== null).map((o) => o.ttfRelErr!);
  const trueEp = out.reduce((s, o) => s + o.trueEpisodes, 0);
  const allEp = trueEp + out.reduce((s, o) => s + o.falseEpisodes, 0) + extraFalse;
  return {
    group,
    failures: out.length,
    recall: out.length ? out.filter((o) => o.warned).length / out.length : NaN,
    detected: out.length ? out.filter((o) => o.detected).length / out.length : NaN,
    leadMedianS: leads.length ? median(leads) : null,
    leadP10S: leads.length ? quantile(leads, 0.1) : null,
    precision: allEp ? trueEp / allEp : null,
    ttfMedianAbsErrS: abs.length ? median(abs) : null,
    ttfMedianRelErr: rel.length ? median(rel) : null,
  };
}

/**
 * @example summarize('static', outcomes).rows.find((r) => r.group === 'all')!.recall
 */
export function summarize(detector: string, outcomes: TraceOutcome[]): EvalTable {
  const healthy = outcomes.filter((o) => o.class === 'healthy');
  const failing = outcomes.filter((o) => o.class !== 'healthy');
  const predictable = failing.filter((o) => !o.abrupt);
  const healthyFalse = healthy.reduce((s, o) => s + o.falseEpisodes, 0);
  const rows: EvalRow[] = [row('all', predictable, healthyFalse), row('slow', predictable.filter((o) => SLOW_CLASSES.includes(o.class as FailureClass)))];
  for (const c of FAILURE_CLASSES) rows.push(row(c, predictable.filter((o) => o.class === c)));
  rows.push(row('abrupt', failing.filter((o) => o.abrupt)));
  const hDays = healthy.reduce((s, o) => s + o.exposureDays, 0);
  const fDays = failing.reduce((s, o) => s + o.exposureDays, 0);
  const fFalse = failing.reduce((s, o) => s + o.falseEpisodes - o.lapsedEpisodes, 0);
  return {
    detector,
    rows,
    healthy: { hosts: healthy.length, hostDays: hDays, falseAlarms: healthyFalse, perHostDay: hDays ? healthyFalse / hDays : NaN },
    failingOutside: { hosts: failing.length, hostDays: fDays, falseAlarms: fFalse, perHostDay: fDays ? fFalse / fDays : NaN },
  };
}
