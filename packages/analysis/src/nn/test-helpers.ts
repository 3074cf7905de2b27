/** Random cells and sequences for the tests of the CfC network (not part of the public door). */
import { createRng, type Rng } from '../scenarios/random.js';
import type { CfcConfigInput } from './config.js';
import type { Sequence } from './dataset.js';
import { createCfc, type CfcModel } from './model.js';

/** A model with weights spread wider than the initialisation, so gates and activations are not all near-linear. */
export function randomModel(config: CfcConfigInput, seed: number, spread = 1.5): CfcModel {
  const model = createCfc(config, { seed });
  const rng = createRng(seed + 1000);
  for (let i = 0; i < model.params.length; i++) model.params[i] = model.params[i]! * spread + 0.1 * gauss(rng);
  const n = model.layout.nIn;
  model.mean = Float64Array.from({ length: n }, () => gauss(rng));
  model.std = Float64Array.from({ length: n }, () => 0.5 + rng.next());
  return model;
}

/** A labelled sequence with varying Δt (some 0), masked labels and a few missing features. */
export function randomSequence(rng: Rng, T: number, nIn: number, options: { missing?: boolean } = {}): Sequence {
  const x = new Float32Array(T * nIn);
  for (let i = 0; i < x.length; i++) x[i] = options.missing && rng.next() < 0.05 ? Number.NaN : 2 * gauss(rng);
  const dt = Float32Array.from({ length: T }, () => (rng.next() < 0.15 ? 0 : rng.range(0.2, 3)));
  const risk = Uint8Array.from({ length: T * 4 }, () => {
    const u = rng.next();
    return u < 0.2 ? 255 : u < 0.55 ? 1 : 0;
  });
  const ttf = Float32Array.from({ length: T }, () => (rng.next() < 0.4 ? Number.NaN : rng.range(0, 300)));
  const cls = Int8Array.from({ length: T }, () => (rng.next() < 0.3 ? -1 : Math.floor(rng.next() * 8)));
  return { x, dt, risk, ttf, cls };
}

export function maxAbs(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m;
}

/** A standard normal from the uniform stream alone (Box–Muller), so these data do not change with the Rng's own normal(). */
function gauss(rng: Rng): number {
  return Math.sqrt(-2 * Math.log(1 - rng.next())) * Math.cos(2 * Math.PI * rng.next());
}

export interface SyntheticOptions {
  sequences: number;
  steps: number;
  inputs: number;
  seed: number;
  /** Share of sequences that fail (default 0.6). */
  failing?: number;
}

/**
 * A learnable task shaped like the real one: in a failing sequence, one channel per failure class
 * ramps from its baseline to a threshold over 1–5 hours and the failure happens when it crosses;
 * the other channels carry a daily cycle and noise. Labels: failure within 15/60/120/240 minutes,
 * minutes to failure and the class while a failure is at most 4 hours ahead. Steps are 1 minute
 * with an occasional gap.
 */
export function syntheticSequences(o: SyntheticOptions): Sequence[] {
  const rng = createRng(o.seed);
  const horizons = [15, 60, 120, 240];
  const out: Sequence[] = [];
  for (let q = 0; q < o.sequences; q++) {
    const T = o.steps;
    const x = new Float32Array(T * o.inputs);
    const dt = new Float32Array(T);
    const risk = new Uint8Array(T * 4);
    const ttf = new Float32Array(T).fill(Number.NaN);
    const cls = new Int8Array(T).fill(-1);
    const fails = rng.next() < (o.failing ?? 0.6);
    const failAt = fails ? rng.range(T * 0.3, T + 200) : Infinity;
    const ramp = rng.range(60, 300);
    const c = Math.floor(rng.next() * 8);
    const channel = c % o.inputs;
    const phase = rng.next();
    let time = 0;
    for (let t = 0; t < T; t++) {
      const d = t === 0 ? 1 : rng.next() < 0.01 ? rng.range(2, 6) : 1;
      time += d;
      dt[t] = d;
      for (let k = 0; k < o.inputs; k++) x[t * o.inputs + k] = 0.3 * Math.sin(2 * Math.PI * (time / 1440 + phase + k / 7)) + 0.1 * gauss(rng);
      const ahead = failAt - time;
      if (ahead >= 0 && ahead <= ramp) x[t * o.inputs + channel] = x[t * o.inputs + channel]! + 2 * (1 - ahead / ramp);
      for (let h = 0; h < 4; h++) risk[t * 4 + h] = ahead >= 0 && ahead <= horizons[h]! ? 1 : 0;
      if (ahead >= 0 && ahead <= 240) {
        ttf[t] = ahead;
        cls[t] = c;
      }
    }
    out.push({ x, dt, risk, ttf, cls, id: `synthetic-${q}` });
  }
  return out;
}
