/**
 * Training targets of one step from a trace's failure label. What cannot be known is marked
 * unknown rather than guessed, so the network is never taught noise:
 * - after the failure until an hour past recovery the host is down or healing: every target unknown;
 * - an abrupt failure (no precursor) cannot be seen coming: its risk targets in the 4 hours
 *   before it are unknown (counted apart in the evaluation), not "failure ahead";
 * - time to failure and class are targets only when a failure is at most 12 h ahead and its
 *   precursor has begun (further out, the trace shows nothing yet to read them from).
 */
import { FAILURE_CLASSES, HORIZONS, HORIZON_SECONDS, type FailureClass } from '@aura/protocol';

export const RISK_UNKNOWN = 255;
export const CLASS_UNKNOWN = -1;
/** How far ahead time to failure and class are taught (s). */
export const TTF_KNOWN_S = 12 * 3600;
/** After recovery, the host is taught "healthy" again from this long on (s). */
export const SETTLE_S = 3600;

export interface StepLabel {
  class: FailureClass;
  failureTs: number;
  precursorStartTs: number;
  recoveryTs: number;
  abrupt: boolean;
}

export interface StepTargets {
  /** Per horizon (HORIZONS order): 1 failure within, 0 none, RISK_UNKNOWN. */
  risk: [number, number, number, number];
  /** Minutes to the failure, NaN when not taught. */
  ttfMinutes: number;
  /** FAILURE_CLASSES index, CLASS_UNKNOWN when not taught. */
  cls: number;
}

/**
 * Targets at `ts` (unix seconds) for a host with this label (null: healthy).
 *
 * @example
 * stepTargets(F - 1800, { class: 'disk_fill', failureTs: F, precursorStartTs: F - 7200, recoveryTs: F + 600, abrupt: false });
 * // → { risk: [0, 1, 1, 1], ttfMinutes: 30, cls: 1 }
 */
export function stepTargets(ts: number, label: StepLabel | null): StepTargets {
  if (!label || ts >= label.recoveryTs + SETTLE_S) return { risk: [0, 0, 0, 0], ttfMinutes: Number.NaN, cls: CLASS_UNKNOWN };
  const ahead = label.failureTs - ts;
  if (ahead <= 0) return { risk: [RISK_UNKNOWN, RISK_UNKNOWN, RISK_UNKNOWN, RISK_UNKNOWN], ttfMinutes: Number.NaN, cls: CLASS_UNKNOWN };
  const risk = HORIZONS.map((h) => (ahead <= HORIZON_SECONDS[h] ? 1 : 0)) as StepTargets['risk'];
  if (label.abrupt) {
    return { risk: ahead <= HORIZON_SECONDS['4h'] ? [RISK_UNKNOWN, RISK_UNKNOWN, RISK_UNKNOWN, RISK_UNKNOWN] : risk, ttfMinutes: Number.NaN, cls: CLASS_UNKNOWN };
  }
  const readable = ahead <= TTF_KNOWN_S && ts >= label.precursorStartTs;
  return { risk, ttfMinutes: readable ? ahead / 60 : Number.NaN, cls: readable ? FAILURE_CLASSES.indexOf(label.class) : CLASS_UNKNOWN };
}
