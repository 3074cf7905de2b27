/** Shapes of a precursor's progress from 0 (precursor start) to 1 (failure), and the helpers failures share. */
import { rhythmAt } from './calendar.js';
import type { TraceFacts } from './facts.js';
import type { HostProfile } from './profile.js';
import type { Rng } from './random.js';

export type Shape = (tS: number) => number;

export const clamp01 = (v: number) => (v < 0 ? 0 : v > 1 ? 1 : v);

/** Straight line from P to F. */
export function linear(P: number, F: number): Shape {
  return (t) => clamp01((t - P) / Math.max(1, F - P));
}

/** Accelerating (exponential) growth: slow at first, most of it near the end. */
export function accelerating(P: number, F: number, k: number): Shape {
  const norm = Math.expm1(k);
  return (t) => Math.expm1(k * clamp01((t - P) / Math.max(1, F - P))) / norm;
}

/** Steps at random moments (stuck threads, leaked buffers per incident), each smoothed over a minute. */
export function stepwise(P: number, F: number, rng: Rng, steps: number): Shape {
  const at: number[] = [];
  for (let i = 0; i < steps - 1; i++) at.push(P + rng.next() * (F - P));
  at.sort((a, b) => a - b);
  at.push(F - 60);
  return (t) => {
    let s = 0;
    for (const a of at) s += clamp01((t - a) / 60);
    return s / at.length;
  };
}

/**
 * Growth proportional to the traffic served (a leak per request, log lines, session files):
 * steep in the afternoon, flat at night. The cumulative traffic is tabulated every 5 minutes.
 */
export function trafficDriven(facts: TraceFacts, prof: HostProfile, P: number, F: number): Shape {
  const STEP = 300;
  const n = Math.max(2, Math.ceil((F - P) / STEP) + 1);
  const cum = new Float64Array(n);
  for (let i = 1; i < n; i++) cum[i] = cum[i - 1]! + rhythmAt(facts, prof.rhythm, P + (i - 0.5) * STEP);
  const total = cum[n - 1]!;
  return (t) => {
    const x = (t - P) / STEP;
    if (x <= 0) return 0;
    if (x >= n - 1) return 1;
    const i = Math.floor(x);
    return (cum[i]! + (cum[i + 1]! - cum[i]!) * (x - i)) / total;
  };
}

/** A quick ramp for abrupt failures: minutes from nothing to the failure. */
export function ramp(P: number, F: number): Shape {
  return (t) => clamp01((t - P) / Math.max(1, F - P)) ** 2;
}
