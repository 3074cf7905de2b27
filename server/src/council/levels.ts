/** From a measure to a severity against three thresholds, with hysteresis so a level does not flap. */
import { SEVERITIES, severityRank, type Severity } from '@aura/protocol';
import type { Levels } from './options.js';

const LEVELS = ['watch', 'warning', 'critical'] as const;

/**
 * The level a rising measure reaches. A level already held is kept until the value falls
 * `margin` (a fraction of that level's threshold) below its threshold, like Alertmanager users
 * do by hand with two rules.
 * @example levelAbove(93, { watch: 85, warning: 92, critical: 97 }, 'ok') // 'warning'
 * @example levelAbove(90, { watch: 85, warning: 92, critical: 97 }, 'warning') // 'warning' (90 > 92 × 0.95)
 */
export function levelAbove(value: number, t: Levels, previous: Severity, margin: number): Severity {
  let out: Severity = 'ok';
  for (const l of LEVELS) {
    const held = severityRank(previous) >= severityRank(l);
    if (value >= (held ? t[l] * (1 - margin) : t[l])) out = l;
  }
  return out;
}

/** The level of a falling measure (time to failure: lower is worse), kept until it rises `margin` above. */
export function levelBelow(value: number, t: Levels, previous: Severity, margin: number): Severity {
  let out: Severity = 'ok';
  for (const l of LEVELS) {
    const held = severityRank(previous) >= severityRank(l);
    if (value <= (held ? t[l] * (1 + margin) : t[l])) out = l;
  }
  return out;
}

/** How far into its level a value is, 0 at the level's threshold and 1 at the next one (clamped). */
export function depth(value: number, t: Levels, level: Severity): number {
  if (level === 'ok') return 0;
  const i = SEVERITIES.indexOf(level);
  const lo = t[level as keyof Levels];
  const next = LEVELS[i] as keyof Levels | undefined;
  // Past critical, continue the spacing of warning → critical (falling measures work the same way).
  const hi = next ? t[next] : lo + (lo - t.warning);
  if (hi === lo) return 1;
  return Math.max(0, Math.min(1, (value - lo) / (hi - lo)));
}

export function maxSeverity(a: Severity, b: Severity): Severity {
  return severityRank(a) >= severityRank(b) ? a : b;
}
