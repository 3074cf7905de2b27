/**
 * `for` durations and hysteresis in event time, per host and kind: the decision moves up to a
 * level only after the quorum has held it for that level's `for`, and moves down only after the
 * quorum has stayed below the current level for `clearFor` (Prometheus `for` and `keep_firing_for`).
 */
import { severityRank, type Concern, type Severity } from '@aura/protocol';
import { z } from 'zod';

const UP_LEVELS = ['watch', 'warning', 'critical'] as const;
type UpLevel = (typeof UP_LEVELS)[number];

export const kindStateSchema = z.object({
  level: z.enum(['ok', 'watch', 'warning', 'critical']),
  /** Unix ms since when `level` holds. */
  since: z.number(),
  /** Per level above ok: since when (unix ms) the quorum has held it without a break. */
  up: z.object({ watch: z.number().optional(), warning: z.number().optional(), critical: z.number().optional() }),
  /** Since when the quorum has been below `level`, or null. */
  downSince: z.number().nullable(),
  raw: z.enum(['ok', 'watch', 'warning', 'critical']),
});
export type KindState = z.infer<typeof kindStateSchema>;

export interface SmoothingOptions {
  for: Record<UpLevel, number>;
  clearFor: number;
}

/**
 * Advance one kind's state by one decision at event time `ts` (unix ms).
 * @example stepKind(undefined, 'warning', t, opts).level // 'ok' until warning has held for opts.for.warning
 */
export function stepKind(prev: KindState | undefined, raw: Severity, ts: number, o: SmoothingOptions): KindState {
  const s: KindState = prev ? { ...prev, up: { ...prev.up }, raw } : { level: 'ok', since: ts, up: {}, downSince: null, raw };
  for (const l of UP_LEVELS) {
    if (severityRank(raw) >= severityRank(l)) s.up[l] ??= ts;
    else delete s.up[l];
  }
  let target: Severity | undefined;
  for (const l of UP_LEVELS) {
    const since = s.up[l];
    if (severityRank(l) > severityRank(s.level) && since !== undefined && ts - since >= o.for[l]) target = l;
  }
  if (target) {
    s.level = target;
    s.since = ts;
    s.downSince = null;
  } else if (severityRank(raw) < severityRank(s.level)) {
    s.downSince ??= ts;
    if (ts - s.downSince >= o.clearFor) {
      s.level = raw;
      s.since = ts;
      s.downSince = null;
    }
  } else {
    s.downSince = null;
  }
  return s;
}

/**
 * The level a kind stands at for the quorum's hysteresis: the one it holds, or a higher one the
 * quorum has already raised and is waiting out (pending). Staying at either needs only the exit
 * support, so one voter's confidence dipping a point under the entry quorum does not restart `for`.
 * @example standing({ level: 'watch', up: { watch: t0, warning: t1 }, … }) // 'warning'
 */
export function standing(s: KindState | undefined): Severity {
  if (!s) return 'ok';
  let out: Severity = s.level;
  for (const l of UP_LEVELS) if (s.up[l] !== undefined && severityRank(l) > severityRank(out)) out = l;
  return out;
}

/** Forget the timers after a gap in the host's decisions: "continuously" cannot span a gap. */
export function restartTimers(s: KindState): KindState {
  return { ...s, up: {}, downSince: null };
}

/** A state as the decision's concern (times in unix seconds). */
export function toConcern(kind: string, s: KindState): Concern {
  let pending: Concern['pending'] = null;
  for (const l of UP_LEVELS) {
    const since = s.up[l];
    if (since !== undefined && severityRank(l) > severityRank(s.level)) pending = { severity: l, since: since / 1000 };
  }
  return { kind, severity: s.level, raw: s.raw, since: s.since / 1000, pending };
}

/** Nothing left to remember: ok, not climbing. */
export function isIdle(s: KindState): boolean {
  return s.level === 'ok' && s.raw === 'ok' && s.up.watch === undefined;
}
