// Data-parallel shares: the summed share gradients equal the whole batch's, and training with
// shares is reproducible.
import { describe, expect, it } from 'vitest';
import { createRng } from '../scenarios/random.js';
import { prepareSequence, runChunk } from './bptt.js';
import { createEngine } from './engine.js';
import type { LossSettings } from './losses.js';
import { createSerialShares, createShareRunner } from './shares.js';
import { randomModel, randomSequence, syntheticSequences } from './test-helpers.js';
import { train } from './train.js';

const LOSSES: LossSettings = { risk: 1, ttf: 0.3, class: 0.2, positiveWeight: Float64Array.from([3, 2, 1, 1]), huberDelta: 1 };

describe('gradient shares', () => {
  it('sum, over a round-robin split of the batch, to the whole batch’s gradient and carried states', () => {
    const model = randomModel({ inputs: 3, hidden: 4, backboneUnits: 5 }, 91);
    const rng = createRng(92);
    const seqs = [14, 12, 9, 9, 5].map((T) => randomSequence(rng, T, 3));
    const setup = { config: model.config, mean: Array.from(model.mean), std: Array.from(model.std), sequences: seqs, maxRows: 3, chunk: 4, losses: { ...LOSSES, positiveWeight: [3, 2, 1, 1] } };
    const whole = createEngine(model.layout, model.config.activation, 5, 4);
    const state = new Float64Array(5 * 4);
    const prepared = seqs.map((s) => prepareSequence(model, s));
    const runners = [createShareRunner(setup), createShareRunner(setup)];
    for (let t0 = 0; t0 < 14; t0 += 4) {
      const want = new Float64Array(model.params.length);
      const r = runChunk(whole, model, prepared, t0, 4, state, want, LOSSES, new Float64Array(3), new Int32Array(4));
      const got = new Float64Array(model.params.length);
      const parts = [runners[0]!.run(model.params, { rows: [0, 2, 4], t0, fresh: t0 === 0 }, got), runners[1]!.run(model.params, { rows: [1, 3], t0, fresh: t0 === 0 }, got)];
      const samples = parts[0]!.samples + parts[1]!.samples;
      expect(samples).toBe(r.samples);
      expect(parts[0]!.loss + parts[1]!.loss).toBeCloseTo(r.loss, 10);
      for (let i = 0; i < got.length; i++) expect(got[i]! / samples).toBeCloseTo(want[i]!, 12);
    }
  });

  it('train with the same seed and shares twice to the same weights, and still learn', () => {
    const seqs = syntheticSequences({ sequences: 12, steps: 240, inputs: 5, seed: 93 });
    const run = () => train(seqs, { hidden: 10, backboneUnits: 12, batchSize: 6, chunk: 24, epochs: 3, seed: 4, learningRate: 0.01, validationFraction: 0, shares: createSerialShares(2) });
    const a = run();
    const b = run();
    expect(Array.from(b.model.params)).toEqual(Array.from(a.model.params));
    expect(a.history[0]!.train.steps).toBe(12 * 240);
    expect(a.history[2]!.train.loss).toBeLessThan(a.history[0]!.train.loss);
  });
});
