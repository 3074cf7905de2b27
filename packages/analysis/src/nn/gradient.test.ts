// Backpropagation through time against central finite differences: every parameter group and the
// initial hidden state, all activations and backbone depths, varying Δt, all losses with masks.
import { describe, expect, it } from 'vitest';
import { createRng } from '../scenarios/random.js';
import { ACTIVATIONS, type Activation } from './activations.js';
import { prepareSequence, runChunk } from './bptt.js';
import { createEngine } from './engine.js';
import type { LossSettings } from './losses.js';
import type { CfcModel } from './model.js';
import { randomModel, randomSequence } from './test-helpers.js';

const LOSSES: LossSettings = { risk: 1, ttf: 0.7, class: 0.5, positiveWeight: Float64Array.from([2, 1, 3, 1.5]), huberDelta: 0.5 };

interface Setup {
  model: CfcModel;
  lengths: number[];
  t0: number;
  chunk: number;
}

/** Loss/samples of one chunk and, when asked, its gradient and ∂/∂h0. */
function chunkLoss(setup: Setup, state0: Float64Array, seed: number, withGrad: boolean) {
  const { model, lengths, t0, chunk } = setup;
  const rng = createRng(seed);
  const nIn = model.layout.nIn;
  const batch = lengths.map((T) => prepareSequence(model, randomSequence(rng, T, nIn, { missing: true })));
  const engine = createEngine(model.layout, model.config.activation, lengths.length, chunk);
  const grad = withGrad ? new Float64Array(model.params.length) : null;
  const parts = new Float64Array(3);
  const r = runChunk(engine, model, batch, t0, chunk, state0.slice(), grad, LOSSES, parts, new Int32Array(chunk));
  return { loss: r.loss / r.samples, grad, dh0: engine.dh0.slice(0, state0.length), parts };
}

function check(setup: Setup, seed: number): void {
  const { model } = setup;
  const H = model.layout.hidden;
  const rng = createRng(seed + 7);
  const state0 = Float64Array.from({ length: setup.lengths.length * H }, () => 0.8 * (2 * rng.next() - 1));
  const base = chunkLoss(setup, state0, seed, true);
  expect(base.parts[0]).toBeGreaterThan(0);
  expect(base.parts[1]).toBeGreaterThan(0);
  expect(base.parts[2]).toBeGreaterThan(0);
  const eps = 1e-5;
  const numeric = (bump: (d: number) => void): number => {
    bump(eps);
    const up = chunkLoss(setup, state0, seed, false).loss;
    bump(-2 * eps);
    const down = chunkLoss(setup, state0, seed, false).loss;
    bump(eps);
    return (up - down) / (2 * eps);
  };
  const close = (analytic: number, fd: number, what: string) => {
    const err = Math.abs(analytic - fd) / Math.max(1e-4, Math.abs(analytic) + Math.abs(fd));
    if (err > 1e-5) throw new Error(`${what}: backprop ${analytic}, finite differences ${fd} (relative error ${err.toExponential(2)})`);
  };
  for (const g of model.layout.groups) {
    const size = g.rows * g.cols;
    // Every entry of small groups, a spread of entries of larger ones.
    const stride = Math.max(1, Math.floor(size / 12));
    let nonZero = 0;
    for (let i = 0; i < size; i += stride) {
      const p = g.offset + i;
      const fd = numeric((d) => (model.params[p] = model.params[p]! + d));
      close(base.grad![p]!, fd, `${g.name}[${i}]`);
      if (Math.abs(fd) > 1e-9) nonZero++;
    }
    expect(nonZero, `${g.name} has some non-zero gradient`).toBeGreaterThan(0);
  }
  for (let i = 0; i < state0.length; i++) {
    const fd = numeric((d) => (state0[i] = state0[i]! + d));
    close(base.dh0[i]!, fd, `h0[${i}]`);
  }
}

describe('gradients by backpropagation through time', () => {
  it.each(ACTIVATIONS.map((a) => [a]))('match finite differences with the %s backbone', (activation: Activation) => {
    const model = randomModel({ inputs: 3, hidden: 4, backboneUnits: 5, backboneLayers: 1, activation }, 11);
    check({ model, lengths: [6, 5, 2], t0: 0, chunk: 6 }, 21);
  });

  it('match finite differences with two backbone layers and with none', () => {
    check({ model: randomModel({ inputs: 2, hidden: 3, backboneUnits: 4, backboneLayers: 2 }, 12), lengths: [5, 5, 3, 1], t0: 0, chunk: 5 }, 22);
    check({ model: randomModel({ inputs: 3, hidden: 5, backboneLayers: 0 }, 13), lengths: [4, 3], t0: 0, chunk: 4 }, 23);
  });

  it('match finite differences on a later chunk, from a carried state, where sequences end inside the chunk', () => {
    const model = randomModel({ inputs: 3, hidden: 4, backboneUnits: 6 }, 14);
    check({ model, lengths: [9, 7, 5], t0: 4, chunk: 4 }, 24);
  });
});
