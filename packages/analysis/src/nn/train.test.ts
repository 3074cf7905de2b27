// Training: it learns a delayed threshold crossing, keeps the best validation weights when it
// stops early, is bit-for-bit reproducible from its seed, and refuses bad input by name.
import { describe, expect, it } from 'vitest';
import type { Sequence } from './dataset.js';
import { forwardSequence } from './forward.js';
import { createCfc, type CfcModel } from './model.js';
import { syntheticSequences } from './test-helpers.js';
import { evaluateLoss, train } from './train.js';

const trainSet = syntheticSequences({ sequences: 32, steps: 360, inputs: 6, seed: 3 });
const valSet = syntheticSequences({ sequences: 12, steps: 360, inputs: 6, seed: 4 });
const SMALL = { hidden: 12, backboneUnits: 16, batchSize: 8, chunk: 32 } as const;

/** Area under the ROC curve of one horizon's probability over every step of the sequences. */
function auc(model: CfcModel, seqs: Sequence[], horizon: number): number {
  const pos: number[] = [];
  const neg: number[] = [];
  for (const s of seqs) {
    const o = forwardSequence(model, s);
    for (let t = 0; t < s.dt.length; t++) (s.risk![t * 4 + horizon] === 1 ? pos : neg).push(o.risk[t * 4 + horizon]!);
  }
  neg.sort((a, b) => a - b);
  let below = 0;
  for (const p of pos) {
    let lo = 0;
    let hi = neg.length;
    while (lo < hi) {
      const m = (lo + hi) >> 1;
      if (neg[m]! < p) lo = m + 1;
      else hi = m;
    }
    below += lo;
  }
  return below / (pos.length * neg.length);
}

describe('training', () => {
  it('learns to warn an hour ahead of a threshold crossing that an untrained cell cannot see', () => {
    const { model, history } = train(trainSet, { ...SMALL, validation: valSet, epochs: 6, learningRate: 0.01, seed: 1 });
    const untrained = createCfc({ inputs: 6, hidden: SMALL.hidden, backboneUnits: SMALL.backboneUnits }, { seed: 1, mean: model.mean, std: model.std });
    expect(auc(untrained, valSet, 1)).toBeLessThan(0.8);
    expect(auc(model, valSet, 1)).toBeGreaterThan(0.95);
    const best = Math.min(...history.map((e) => e.validation!.loss));
    expect(best).toBeLessThan(0.5 * evaluateLoss(untrained, valSet).loss);
    expect(history.at(-1)!.train.loss).toBeLessThan(0.8 * history[0]!.train.loss);
    expect(history.every((e) => e.train.steps === 32 * 360 && e.validation!.steps === 12 * 360)).toBe(true);
  });

  it('stops when validation stops improving and returns the best epoch’s weights', () => {
    const options = { hidden: 12, backboneUnits: 16, batchSize: 4, chunk: 16, learningRate: 0.08, patience: 1, epochs: 12, seed: 1 };
    const res = train(trainSet, { ...options, validation: valSet });
    expect(res.stopped).toBe('patience');
    expect(res.history.length).toBeLessThan(12);
    expect(res.bestEpoch).toBeLessThan(res.history.length);
    const bestLoss = res.history[res.bestEpoch - 1]!.validation!.loss;
    expect(Math.min(...res.history.map((e) => e.validation!.loss))).toBe(bestLoss);
    expect(evaluateLoss(res.model, valSet, { batchSize: 4, chunk: 16 }).loss).toBeCloseTo(bestLoss, 12);
  });

  it('gives bit-identical weights for the same seed and different ones for another', () => {
    const small = trainSet.slice(0, 8).map((s) => ({ ...s, x: s.x.subarray(0, 100 * 6), dt: s.dt.subarray(0, 100), risk: s.risk!.subarray(0, 400), ttf: s.ttf!.subarray(0, 100), cls: s.cls!.subarray(0, 100) }));
    const run = (seed: number) => train(small, { ...SMALL, epochs: 2, seed, weightDecay: 0.01 }).model.params;
    const a = run(5);
    expect(Array.from(run(5))).toEqual(Array.from(a));
    expect(Array.from(run(6))).not.toEqual(Array.from(a));
  });

  it('splits off a validation share, and stops when onEpoch says so', () => {
    const seen: number[] = [];
    const res = train(trainSet.slice(0, 10), { ...SMALL, validationFraction: 0.3, epochs: 5, onEpoch: (e) => (seen.push(e.epoch), e.epoch < 2) });
    expect(seen).toEqual([1, 2]);
    expect(res.stopped).toBe('callback');
    expect(res.history[0]!.train.steps).toBe(7 * 360);
    expect(res.history[0]!.validation!.steps).toBe(3 * 360);
  });

  it('refuses bad options and malformed sequences, naming the field', () => {
    const seq = trainSet[0]!;
    expect(() => train([seq], { batchSize: 0 })).toThrow(/batchSize/);
    expect(() => train([seq], { loss: { positiveWeight: [1, 2] } })).toThrow(/loss\.positiveWeight/);
    expect(() => train([seq], { learningrate: 0.1 } as never)).toThrow(/learningrate/);
    expect(() => train([seq, { ...seq, x: seq.x.subarray(1) }])).toThrow(/sequences\[1\] \(synthetic-0\)\.x has 2159 values, expected T × inputs = 360 × 6 = 2160/);
    const badDt = { ...seq, dt: seq.dt.slice() };
    badDt.dt[4] = -1;
    expect(() => train([badDt])).toThrow(/dt\[4\] is -1/);
    const badRisk = { ...seq, risk: seq.risk!.slice() };
    badRisk.risk[7] = 3;
    expect(() => train([badRisk])).toThrow(/risk\[7\] is 3/);
    const badCls = { ...seq, cls: seq.cls!.slice() };
    badCls.cls[0] = 8;
    expect(() => train([badCls])).toThrow(/cls\[0\] is 8/);
    expect(() => train([])).toThrow(/no sequences/);
  });
});
