/** Inference in TypeScript: one step for many hosts, or a whole sequence, giving probabilities. */
import { N_CLASSES, N_HORIZONS, N_OUTPUTS } from './config.js';
import { createEngine } from './engine.js';
import { inputScale, normaliseInto, type CfcModel } from './model.js';

/** Outputs of one step for n rows; the ONNX graph gives the same (as float32). */
export interface StepOutputs {
  /** n × hidden: the new hidden states. */
  h: Float64Array;
  /** n × 4: probability of a failure within 15m, 1h, 2h, 4h. */
  risk: Float64Array;
  /** n: ln(1 + minutes to failure) (see `decodeTtf`). */
  ttf: Float64Array;
  /** n × 8: probabilities over FAILURE_CLASSES. */
  classProbs: Float64Array;
}

export interface CfcRunner {
  maxRows: number;
  /**
   * One step for n rows: raw features x (n × inputs), states h (n × hidden), dt (n, minutes).
   * The returned arrays are the runner's own buffers, overwritten by the next call.
   */
  step(n: number, x: ArrayLike<number>, h: ArrayLike<number>, dt: ArrayLike<number>): StepOutputs;
}

/**
 * A reusable batched forward pass (no allocation per call).
 *
 * @example
 * const run = createCfcRunner(model, 256);
 * const out = run.step(2, x, new Float32Array(2 * 32), new Float32Array([1, 1]));
 * out.risk[3]; // probability of a failure within 4 h for the first host
 */
export function createCfcRunner(model: CfcModel, maxRows: number): CfcRunner {
  const { layout, config } = model;
  const { nIn, hidden: H, concat: C0 } = layout;
  const engine = createEngine(layout, config.activation, maxRows, 1);
  const scale = inputScale(model.std);
  const outputs: StepOutputs = {
    h: new Float64Array(maxRows * H),
    risk: new Float64Array(maxRows * N_HORIZONS),
    ttf: new Float64Array(maxRows),
    classProbs: new Float64Array(maxRows * N_CLASSES),
  };
  const rowsOf = new Int32Array(1);
  return {
    maxRows,
    step(n, x, h, dt) {
      if (n > maxRows) throw new RangeError(`batch of ${n} rows exceeds this runner's ${maxRows}`);
      if (x.length < n * nIn || h.length < n * H || dt.length < n) throw new RangeError(`step: need x of ${n}×${nIn}, h of ${n}×${H} and dt of ${n} values`);
      rowsOf[0] = n;
      engine.begin(rowsOf, 1);
      for (let i = 0; i < n; i++) {
        normaliseInto(x, i * nIn, nIn, model.mean, scale, config.inputClip, engine.z, i * C0);
        for (let j = 0; j < H; j++) engine.z[i * C0 + nIn + j] = h[i * H + j]!;
        engine.dt[i] = dt[i]!;
      }
      engine.forward(model.params, 0);
      outputs.h.set(engine.h.subarray(0, n * H));
      for (let i = 0; i < n; i++) decodeRow(engine.out, i * N_OUTPUTS, outputs, i);
      return outputs;
    },
  };
}

/** Probabilities from one readout row. */
function decodeRow(out: Float64Array, o: number, into: StepOutputs, i: number): void {
  for (let k = 0; k < N_HORIZONS; k++) into.risk[i * N_HORIZONS + k] = 1 / (1 + Math.exp(-out[o + k]!));
  into.ttf[i] = out[o + N_HORIZONS]!;
  const c0 = o + N_HORIZONS + 1;
  let max = -Infinity;
  for (let k = 0; k < N_CLASSES; k++) max = Math.max(max, out[c0 + k]!);
  let sum = 0;
  for (let k = 0; k < N_CLASSES; k++) sum += Math.exp(out[c0 + k]! - max);
  for (let k = 0; k < N_CLASSES; k++) into.classProbs[i * N_CLASSES + k] = Math.exp(out[c0 + k]! - max) / sum;
}

/** Outputs at every step of a sequence (T rows each), and the final hidden state. */
export interface SequenceOutputs extends StepOutputs {
  last: Float64Array;
}

/**
 * Run a sequence from h0 (default zeros), carrying the hidden state step to step.
 *
 * @example
 * const out = forwardSequence(model, { x, dt });
 * out.risk[(T - 1) * 4 + 3]; // 4-hour risk at the last step
 */
export function forwardSequence(model: CfcModel, seq: { x: ArrayLike<number>; dt: ArrayLike<number> }, h0?: ArrayLike<number>): SequenceOutputs {
  const { nIn, hidden: H } = model.layout;
  const T = seq.dt.length;
  if (seq.x.length !== T * nIn) throw new RangeError(`x has ${seq.x.length} values, expected ${T} steps × ${nIn} inputs`);
  const run = createCfcRunner(model, 1);
  const res: SequenceOutputs = {
    h: new Float64Array(T * H),
    risk: new Float64Array(T * N_HORIZONS),
    ttf: new Float64Array(T),
    classProbs: new Float64Array(T * N_CLASSES),
    last: new Float64Array(H),
  };
  if (h0) res.last.set(Array.from({ length: H }, (_, j) => h0[j]!));
  const xRow = new Float64Array(nIn);
  const dtRow = new Float64Array(1);
  for (let t = 0; t < T; t++) {
    for (let k = 0; k < nIn; k++) xRow[k] = seq.x[t * nIn + k]!;
    dtRow[0] = seq.dt[t]!;
    const o = run.step(1, xRow, res.last, dtRow);
    res.last.set(o.h.subarray(0, H));
    res.h.set(o.h.subarray(0, H), t * H);
    res.risk.set(o.risk.subarray(0, N_HORIZONS), t * N_HORIZONS);
    res.ttf[t] = o.ttf[0]!;
    res.classProbs.set(o.classProbs.subarray(0, N_CLASSES), t * N_CLASSES);
  }
  return res;
}
