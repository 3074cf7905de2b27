/** What the network trains on: sequences of feature rows with Δt and masked labels, their checks and normalisation. */
import { N_CLASSES, N_HORIZONS } from './config.js';
import { CLASS_UNKNOWN, RISK_UNKNOWN } from './losses.js';

/**
 * One host's history at regular-ish steps (e.g. one host-day at 1-minute steps), T steps.
 * Labels are optional and masked: a step with an unknown label adds nothing to that loss.
 */
export interface Sequence {
  /** T × inputs features, row-major (raw: the model normalises them); NaN = missing (treated as the mean). */
  x: Float32Array;
  /** T: minutes since the previous step (≥ 0); the first step's is the nominal step, e.g. 1. */
  dt: Float32Array;
  /** T × 4 (HORIZONS order 15m, 1h, 2h, 4h): 1 = a failure happens within the horizon, 0 = none, 255 = unknown. */
  risk?: Uint8Array;
  /** T: minutes until the next failure where one is known ahead; NaN = none known (not trained on). */
  ttf?: Float32Array;
  /** T: index into FAILURE_CLASSES of the coming failure where one is known ahead; −1 = none. */
  cls?: Int8Array;
  /** Name used in error messages, e.g. "sim-0042/day-3". */
  id?: string;
}

/** Steps of a sequence, after checking every array's length and values; errors name the sequence and field. */
export function checkSequence(seq: Sequence, index: number, nIn: number): number {
  const name = `sequences[${index}]${seq.id ? ` (${seq.id})` : ''}`;
  if (!(seq.dt instanceof Float32Array)) throw new TypeError(`${name}.dt must be a Float32Array of minutes per step (e.g. new Float32Array([1, 1, 1]))`);
  if (!(seq.x instanceof Float32Array)) throw new TypeError(`${name}.x must be a Float32Array of T × ${nIn} features`);
  const T = seq.dt.length;
  if (T === 0) throw new RangeError(`${name}: empty sequence (dt has no steps)`);
  if (seq.x.length !== T * nIn) throw new RangeError(`${name}.x has ${seq.x.length} values, expected T × inputs = ${T} × ${nIn} = ${T * nIn}`);
  for (let t = 0; t < T; t++) {
    const d = seq.dt[t]!;
    if (!(d >= 0) || d === Infinity) throw new RangeError(`${name}.dt[${t}] is ${d}: minutes since the previous step must be finite and ≥ 0 (e.g. 1)`);
  }
  if (seq.risk !== undefined) {
    if (!(seq.risk instanceof Uint8Array) || seq.risk.length !== T * N_HORIZONS) throw new RangeError(`${name}.risk must be a Uint8Array of T × ${N_HORIZONS} = ${T * N_HORIZONS} values (0, 1 or 255 = unknown)`);
    for (let i = 0; i < seq.risk.length; i++) {
      const v = seq.risk[i]!;
      if (v !== 0 && v !== 1 && v !== RISK_UNKNOWN) throw new RangeError(`${name}.risk[${i}] is ${v}: use 0, 1 or 255 (unknown)`);
    }
  }
  if (seq.ttf !== undefined) {
    if (!(seq.ttf instanceof Float32Array) || seq.ttf.length !== T) throw new RangeError(`${name}.ttf must be a Float32Array of ${T} values (minutes to failure, NaN = none known)`);
    for (let t = 0; t < T; t++) {
      const v = seq.ttf[t]!;
      if (v === v && !(v >= 0 && v < Infinity)) throw new RangeError(`${name}.ttf[${t}] is ${v}: minutes to failure must be finite and ≥ 0, or NaN for none known`);
    }
  }
  if (seq.cls !== undefined) {
    if (!(seq.cls instanceof Int8Array) || seq.cls.length !== T) throw new RangeError(`${name}.cls must be an Int8Array of ${T} values (class index, −1 = none)`);
    for (let t = 0; t < T; t++) {
      const v = seq.cls[t]!;
      if (v !== CLASS_UNKNOWN && !(v >= 0 && v < N_CLASSES)) throw new RangeError(`${name}.cls[${t}] is ${v}: use 0…${N_CLASSES - 1} (FAILURE_CLASSES) or −1`);
    }
  }
  return T;
}

/** Mean and standard deviation of every input over all steps (missing values skipped). */
export function fitNormalisation(sequences: readonly Sequence[], nIn: number): { mean: Float64Array; std: Float64Array } {
  const n = new Float64Array(nIn);
  const mean = new Float64Array(nIn);
  const m2 = new Float64Array(nIn);
  // Welford's update, per input: stable for large offsets (byte counts next to percentages).
  for (const seq of sequences) {
    const T = seq.dt.length;
    for (let t = 0; t < T; t++) {
      for (let k = 0; k < nIn; k++) {
        const v = seq.x[t * nIn + k]!;
        if (v !== v) continue;
        const c = ++n[k]!;
        const d = v - mean[k]!;
        mean[k] = mean[k]! + d / c;
        m2[k] = m2[k]! + d * (v - mean[k]!);
      }
    }
  }
  const std = new Float64Array(nIn);
  for (let k = 0; k < nIn; k++) std[k] = n[k]! > 1 ? Math.sqrt(m2[k]! / (n[k]! - 1)) : 0;
  return { mean, std };
}
