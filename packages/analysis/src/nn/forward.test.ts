// The batched forward pass against a plain, line-by-line transcription of ncps's CfCCell.forward.
import { describe, expect, it } from 'vitest';
import { createRng } from '../scenarios/random.js';
import { LECUN_A, LECUN_B, type Activation } from './activations.js';
import { createCfcRunner, forwardSequence } from './forward.js';
import { paramView, type CfcModel } from './model.js';
import { maxAbs, randomModel, randomSequence } from './test-helpers.js';

const act: Record<Activation, (v: number) => number> = {
  lecun_tanh: (v) => LECUN_A * Math.tanh(LECUN_B * v),
  tanh: Math.tanh,
  relu: (v) => Math.max(0, v),
  silu: (v) => v / (1 + Math.exp(-v)),
};
const sigmoid = (v: number) => 1 / (1 + Math.exp(-v));

/** y = W·v + b for a named nn.Linear of the model. */
function linear(model: CfcModel, name: string, v: number[]): number[] {
  const W = paramView(model, `${name}.weight`);
  const b = paramView(model, `${name}.bias`);
  const cols = v.length;
  return Array.from(b, (bj, j) => v.reduce((s, vk, k) => s + W[j * cols + k]! * vk, bj));
}

function referenceStep(model: CfcModel, x: number[], h: number[], ts: number) {
  const c = model.config;
  const xn = x.map((v, k) => (Number.isNaN(v) ? 0 : Math.min(c.inputClip, Math.max(-c.inputClip, (v - model.mean[k]!) / (model.std[k]! || 1)))));
  let z = [...xn, ...h];
  for (let l = 0; l < c.backboneLayers; l++) z = linear(model, `backbone.${l}`, z).map(act[c.activation]);
  const ff1 = linear(model, 'ff1', z).map(Math.tanh);
  const ff2 = linear(model, 'ff2', z).map(Math.tanh);
  const ta = linear(model, 'time_a', z);
  const tb = linear(model, 'time_b', z);
  const hNew = ff1.map((f1, j) => {
    const g = sigmoid(ta[j]! * ts + tb[j]!);
    return f1 * (1 - g) + g * ff2[j]!;
  });
  const risk = linear(model, 'risk', hNew).map(sigmoid);
  const ttf = linear(model, 'ttf', hNew)[0]!;
  const logits = linear(model, 'class', hNew);
  const m = Math.max(...logits);
  const e = logits.map((l) => Math.exp(l - m));
  const sum = e.reduce((a, b) => a + b, 0);
  return { h: hNew, risk, ttf, probs: e.map((v) => v / sum) };
}

describe('CfC forward pass', () => {
  it.each([
    ['lecun_tanh', 1],
    ['tanh', 2],
    ['relu', 1],
    ['silu', 0],
  ] as const)('matches the reference cell over a sequence (%s, %i backbone layers)', (activation, backboneLayers) => {
    const model = randomModel({ inputs: 5, hidden: 7, backboneUnits: 9, backboneLayers, activation }, 31);
    const rng = createRng(32);
    const seq = randomSequence(rng, 12, 5, { missing: true });
    seq.x[3] = 1e6; // clipped
    const got = forwardSequence(model, seq);
    let h = new Array(7).fill(0);
    for (let t = 0; t < 12; t++) {
      const want = referenceStep(model, Array.from(seq.x.subarray(t * 5, t * 5 + 5)), h, seq.dt[t]!);
      expect(maxAbs(got.h.subarray(t * 7, t * 7 + 7), want.h)).toBeLessThan(1e-12);
      expect(maxAbs(got.risk.subarray(t * 4, t * 4 + 4), want.risk)).toBeLessThan(1e-12);
      expect(Math.abs(got.ttf[t]! - want.ttf)).toBeLessThan(1e-12);
      expect(maxAbs(got.classProbs.subarray(t * 8, t * 8 + 8), want.probs)).toBeLessThan(1e-12);
      h = want.h;
    }
    expect(maxAbs(got.last, h)).toBeLessThan(1e-12);
  });

  it('runs many rows at once exactly as one at a time', () => {
    const model = randomModel({ inputs: 4, hidden: 6 }, 33);
    const rng = createRng(34);
    const n = 7;
    const x = Float32Array.from({ length: n * 4 }, () => rng.normal());
    const h = Float32Array.from({ length: n * 6 }, () => rng.range(-1, 1));
    const dt = Float32Array.from({ length: n }, () => rng.range(0, 5));
    const batch = createCfcRunner(model, n).step(n, x, h, dt);
    const single = createCfcRunner(model, 1);
    for (let i = 0; i < n; i++) {
      const one = single.step(1, x.subarray(i * 4, i * 4 + 4), h.subarray(i * 6, i * 6 + 6), dt.subarray(i, i + 1));
      expect(Array.from(batch.h.subarray(i * 6, i * 6 + 6))).toEqual(Array.from(one.h.subarray(0, 6)));
      expect(Array.from(batch.risk.subarray(i * 4, i * 4 + 4))).toEqual(Array.from(one.risk.subarray(0, 4)));
    }
  });

  it('lets Δt drive the gate: with Δt → ∞ the state moves to ff2 or ff1 by the sign of time_a', () => {
    const model = randomModel({ inputs: 2, hidden: 3, backboneLayers: 0 }, 35);
    const x = [0.5, -0.5];
    const h = [0.1, 0.2, 0.3];
    const far = referenceStep(model, x, h, 1e9);
    const z = [...x.map((v, k) => (v - model.mean[k]!) / model.std[k]!), ...h];
    const ta = linear(model, 'time_a', z);
    const ff1 = linear(model, 'ff1', z).map(Math.tanh);
    const ff2 = linear(model, 'ff2', z).map(Math.tanh);
    far.h.forEach((v, j) => expect(v).toBeCloseTo(ta[j]! > 0 ? ff2[j]! : ff1[j]!, 9));
  });

  it('refuses batches that do not fit', () => {
    const model = randomModel({ inputs: 2, hidden: 3 }, 36);
    const run = createCfcRunner(model, 2);
    expect(() => run.step(3, new Float32Array(6), new Float32Array(9), new Float32Array(3))).toThrow(/exceeds/);
    expect(() => run.step(2, new Float32Array(3), new Float32Array(6), new Float32Array(2))).toThrow(/need x of 2×2/);
  });
});
