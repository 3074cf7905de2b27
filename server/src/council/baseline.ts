/**
 * A host's usual level of a measure, learned in event time: an exponentially weighted mean and
 * mean absolute deviation. Values far above the usual are clipped before they are learned, so a
 * storm is not absorbed into the baseline while it lasts (a lasting new level still is, slowly).
 */
import { z } from 'zod';

export const baselineSchema = z.object({ mean: z.number(), dev: z.number(), since: z.number(), ts: z.number() });
export type Baseline = z.infer<typeof baselineSchema>;

/** Time constant of the average: about an hour of history weighs most. */
const TAU_MS = 3_600_000;

/**
 * Update (or start) a baseline with a value observed at `ts` (unix ms).
 * @example let b = learn(undefined, 40, t0); b = learn(b, 42, t0 + 5000);
 */
export function learn(b: Baseline | undefined, value: number, ts: number): Baseline {
  if (!b) return { mean: value, dev: Math.abs(value) * 0.1, since: ts, ts };
  const dt = Math.max(0, ts - b.ts);
  if (dt === 0) return b;
  const a = 1 - Math.exp(-dt / TAU_MS);
  const cap = b.mean + 3 * Math.max(b.dev, 0.1 * Math.abs(b.mean), 1);
  const x = Math.min(value, cap);
  return { mean: b.mean + a * (x - b.mean), dev: b.dev + a * (Math.abs(x - b.mean) - b.dev), since: b.since, ts };
}

/** The value as a multiple of the baseline, with a floor so tiny baselines do not make huge ratios. */
export function ratio(b: Baseline, value: number, floor: number): number {
  return value / Math.max(b.mean, floor);
}
