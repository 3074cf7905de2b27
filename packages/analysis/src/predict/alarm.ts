/**
 * From the network's risks to alarms: warning when the 4-hour risk passes a threshold, critical
 * when the 1-hour risk does, watch at half the warning threshold; a level must hold 3 minutes
 * before it is raised (one noisy minute is not an alarm). The thresholds are tuned on the
 * validation split by `aura train` and stored in the model file.
 */
import type { Severity } from '@aura/protocol';

export interface AlarmThresholds {
  /** On the 4-hour risk. */
  warning: number;
  /** On the 1-hour risk. */
  critical: number;
}

export const DEFAULT_THRESHOLDS: AlarmThresholds = { warning: 0.5, critical: 0.7 };
/** Minutes a level must hold before it is raised. */
export const HOLD_MINUTES = 3;
const SEVERITY_NAMES: readonly Severity[] = ['ok', 'watch', 'warning', 'critical'];

/** The level one step's risks call for (0 ok … 3 critical). risk is [15m, 1h, 2h, 4h]. */
export function riskLevel(risk: ArrayLike<number>, t: AlarmThresholds, offset = 0): 0 | 1 | 2 | 3 {
  const r1h = risk[offset + 1]!;
  const r4h = risk[offset + 3]!;
  if (r1h >= t.critical && r4h >= t.warning) return 3;
  if (r4h >= t.warning) return 2;
  if (r4h >= t.warning / 2) return 1;
  return 0;
}

export function severityName(level: number): Severity {
  return SEVERITY_NAMES[Math.max(0, Math.min(3, level))]!;
}

/**
 * Per-step alarm levels of a sequence of risks (T × 4), each level raised once the step's level
 * has been at least that for HOLD_MINUTES consecutive steps, lowered at once.
 *
 * @example
 * alarmLevels(risks, { warning: 0.6, critical: 0.8 }); // Uint8Array of 0–3
 */
export function alarmLevels(risks: ArrayLike<number>, t: AlarmThresholds, hold = HOLD_MINUTES): Uint8Array {
  const n = risks.length / 4;
  const out = new Uint8Array(n);
  const runs = [0, 0, 0, 0];
  for (let i = 0; i < n; i++) {
    const level = riskLevel(risks, t, i * 4);
    let raised = 0;
    for (let l = 1; l <= 3; l++) {
      runs[l] = level >= l ? runs[l]! + 1 : 0;
      if (runs[l]! >= hold) raised = l;
    }
    out[i] = raised;
  }
  return out;
}
