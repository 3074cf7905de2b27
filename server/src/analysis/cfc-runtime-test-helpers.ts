/** Random models and batches shared by the CfC runtime tests. */
import { nn } from '@aura/analysis';
import { createRng } from '@aura/analysis/scenarios';
import type { CfcBatchOutput } from './cfc-runtime.js';

/** A model with weights and normalisation spread out, so every part of the graph matters. */
export function randomModel(config: nn.CfcConfigInput, seed: number): nn.CfcModel {
  const rng = createRng(seed);
  const model = nn.createCfc(config, { seed });
  for (let i = 0; i < model.params.length; i++) model.params[i] = model.params[i]! * 1.5 + 0.1 * rng.normal();
  model.mean = model.mean.map(() => rng.normal());
  model.std = model.std.map(() => 0.5 + rng.next());
  return model;
}

export function randomBatch(n: number, nIn: number, H: number, seed: number) {
  const rng = createRng(seed);
  const x = Float32Array.from({ length: n * nIn }, () => (rng.next() < 0.03 ? Number.NaN : 3 * rng.normal()));
  const h = Float32Array.from({ length: n * H }, () => rng.range(-1, 1));
  const dt = Float32Array.from({ length: n }, () => (rng.next() < 0.1 ? 0 : rng.range(0.1, 10)));
  return { n, x, h, dt };
}

export function maxDifference(onnx: CfcBatchOutput, ts: nn.StepOutputs, n: number, H: number): number {
  let m = 0;
  const cmp = (a: ArrayLike<number>, b: ArrayLike<number>, len: number) => {
    for (let i = 0; i < len; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  };
  cmp(onnx.h, ts.h, n * H);
  cmp(onnx.risk, ts.risk, n * 4);
  cmp(onnx.ttf, ts.ttf, n);
  cmp(onnx.classProbs, ts.classProbs, n * 8);
  return m;
}
