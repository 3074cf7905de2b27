/**
 * One chunk of truncated backpropagation through time for a mini-batch of sequences: forward
 * over up to `chunk` steps from the rows' carried hidden states, losses, backward, gradients.
 */
import { N_OUTPUTS } from './config.js';
import type { Sequence } from './dataset.js';
import type { Engine } from './engine.js';
import { stepLoss, type LossSettings } from './losses.js';
import { normaliseInto, inputScale, type CfcModel } from './model.js';

/** A sequence with its features already normalised (float32), ready for the engine. */
export interface PreparedSequence {
  x: Float32Array;
  dt: Float32Array;
  risk: Uint8Array | undefined;
  ttf: Float32Array | undefined;
  cls: Int8Array | undefined;
  steps: number;
}

/** Normalise a sequence's features once, as the model will at run time. */
export function prepareSequence(model: CfcModel, seq: Sequence): PreparedSequence {
  const nIn = model.layout.nIn;
  const T = seq.dt.length;
  const x = new Float32Array(T * nIn);
  const scale = inputScale(model.std);
  for (let t = 0; t < T; t++) normaliseInto(seq.x, t * nIn, nIn, model.mean, scale, model.config.inputClip, x, t * nIn);
  return { x, dt: seq.dt, risk: seq.risk, ttf: seq.ttf, cls: seq.cls, steps: T };
}

export interface ChunkResult {
  /** Sum of the per-step losses (before dividing by `samples`). */
  loss: number;
  samples: number;
}

/**
 * Steps [t0, t0 + chunk) of `batch` (sorted longest first). `state` (rows × hidden) holds each
 * row's hidden state before t0 and is updated to its state at the chunk's end. With `grad`, the
 * gradient of loss/samples (or of loss·gradScale) is added into it, and the engine's dh0 holds
 * the same derivative with respect to `state`.
 */
export function runChunk(
  engine: Engine,
  model: CfcModel,
  batch: readonly PreparedSequence[],
  t0: number,
  chunk: number,
  state: Float64Array,
  grad: Float64Array | null,
  losses: LossSettings,
  parts: Float64Array,
  rowsPerStep: Int32Array,
  /** Gradient scale; default 1/samples (the mean). Shares of a batch use 1 and divide later. */
  gradScale?: number,
): ChunkResult {
  const { nIn, hidden: H, concat: C0 } = model.layout;
  const params = model.params;
  let steps = 0;
  for (; steps < chunk; steps++) {
    let n = 0;
    while (n < batch.length && batch[n]!.steps > t0 + steps) n++;
    if (n === 0) break;
    rowsPerStep[steps] = n;
  }
  if (steps === 0) return { loss: 0, samples: 0 };
  const total = engine.begin(rowsPerStep, steps);
  const scale = gradScale ?? 1 / total;
  const { z, h, dt, out, dOut, start } = engine;
  let loss = 0;
  const labels = { risk: undefined as Uint8Array | undefined, ttf: undefined as Float32Array | undefined, cls: undefined as Int8Array | undefined, step: 0 };
  for (let t = 0; t < steps; t++) {
    const n = rowsPerStep[t]!;
    const s0 = start[t]!;
    const tau = t0 + t;
    for (let i = 0; i < n; i++) {
      const seq = batch[i]!;
      const zr = (s0 + i) * C0;
      const xr = tau * nIn;
      for (let k = 0; k < nIn; k++) z[zr + k] = seq.x[xr + k]!;
      if (t === 0) for (let j = 0; j < H; j++) z[zr + nIn + j] = state[i * H + j]!;
      else {
        const hp = (start[t - 1]! + i) * H;
        for (let j = 0; j < H; j++) z[zr + nIn + j] = h[hp + j]!;
      }
      dt[s0 + i] = seq.dt[tau]!;
    }
    engine.forward(params, t);
    for (let i = 0; i < n; i++) {
      const seq = batch[i]!;
      labels.risk = seq.risk;
      labels.ttf = seq.ttf;
      labels.cls = seq.cls;
      labels.step = tau;
      loss += stepLoss(out, (s0 + i) * N_OUTPUTS, grad ? dOut : null, labels, losses, scale, parts);
    }
  }
  // Each row's state at its last step in this chunk.
  for (let t = 0; t < steps; t++) {
    const n = rowsPerStep[t]!;
    const next = t + 1 < steps ? rowsPerStep[t + 1]! : 0;
    for (let i = next; i < n; i++) {
      const hs = (start[t]! + i) * H;
      for (let j = 0; j < H; j++) state[i * H + j] = h[hs + j]!;
    }
  }
  if (grad) engine.backward(params, grad);
  return { loss, samples: total };
}
