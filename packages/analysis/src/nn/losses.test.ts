// The losses written out by hand, and the training path's loss equal to one computed from the
// plain forward pass, however the sequences are cut into chunks.
import { describe, expect, it } from 'vitest';
import { createRng } from '../scenarios/random.js';
import { forwardSequence } from './forward.js';
import { decodeTtf, encodeTtf, stepLoss, type LossSettings } from './losses.js';
import { randomModel, randomSequence } from './test-helpers.js';
import { evaluateLoss } from './train.js';

const W: LossSettings = { risk: 1, ttf: 0.5, class: 0.25, positiveWeight: Float64Array.from([4, 3, 2, 1]), huberDelta: 1 };
const sig = (v: number) => 1 / (1 + Math.exp(-v));

describe('losses', () => {
  it('are the weighted cross-entropies and Huber loss, with unknown labels left out', () => {
    const out = Float64Array.from([0.3, -1.2, 2, 0, /* ttf */ 3, /* classes */ 1, 0, -1, 0.5, 0, 0, 0, 2]);
    const risk = Uint8Array.from([1, 0, 255, 1]);
    const ttf = Float32Array.of(10); // ln(11) ≈ 2.398: |3 − 2.398| < δ, quadratic
    const cls = Int8Array.of(7);
    const parts = new Float64Array(3);
    const dOut = new Float64Array(13);
    const loss = stepLoss(out, 0, dOut, { risk, ttf, cls, step: 0 }, W, 1, parts);
    const bce = -4 * Math.log(sig(0.3)) - Math.log(1 - sig(-1.2)) - 1 * Math.log(sig(0));
    const e = 3 - Math.log(11);
    const logits = [1, 0, -1, 0.5, 0, 0, 0, 2];
    const ce = Math.log(logits.reduce((s, l) => s + Math.exp(l), 0)) - 2;
    expect(parts[0]).toBeCloseTo(bce, 12);
    expect(parts[1]).toBeCloseTo(0.5 * 0.5 * e * e, 12);
    expect(parts[2]).toBeCloseTo(0.25 * ce, 12);
    expect(loss).toBeCloseTo(bce + 0.25 * e * e + 0.25 * ce, 12);
    expect(dOut[2]).toBe(0); // unknown horizon: no gradient
    expect(dOut[0]).toBeCloseTo(4 * (sig(0.3) - 1), 12);
    expect(dOut[4]).toBeCloseTo(0.5 * e, 12);
  });

  it('turns linear past δ and leaves out ttf and class where no failure is known ahead', () => {
    const out = new Float64Array(13);
    out[4] = 10;
    const parts = new Float64Array(3);
    stepLoss(out, 0, null, { risk: undefined, ttf: Float32Array.of(0), cls: Int8Array.of(3), step: 0 }, W, 1, parts);
    expect(parts[1]).toBeCloseTo(0.5 * (10 - 0.5), 12);
    const none = new Float64Array(3);
    expect(stepLoss(out, 0, null, { risk: undefined, ttf: Float32Array.of(Number.NaN), cls: Int8Array.of(-1), step: 0 }, W, 1, none)).toBe(0);
    expect(decodeTtf(encodeTtf(90))).toBeCloseTo(90, 10);
    expect(decodeTtf(-3)).toBe(0);
  });

  it('equal, on the training path, the losses of the plain forward pass, for any chunk length', () => {
    const model = randomModel({ inputs: 4, hidden: 6, backboneUnits: 8 }, 81);
    const rng = createRng(82);
    const seqs = [randomSequence(rng, 30, 4), randomSequence(rng, 17, 4), randomSequence(rng, 23, 4)];
    let manual = 0;
    let steps = 0;
    for (const s of seqs) {
      const o = forwardSequence(model, s);
      for (let t = 0; t < s.dt.length; t++) {
        for (let k = 0; k < 4; k++) {
          const y = s.risk![t * 4 + k]!;
          const p = o.risk[t * 4 + k]!;
          if (y === 1) manual -= W.positiveWeight[k]! * Math.log(p);
          else if (y === 0) manual -= Math.log(1 - p);
        }
        const m = s.ttf![t]!;
        if (!Number.isNaN(m)) {
          const e = Math.abs(o.ttf[t]! - Math.log1p(m));
          manual += 0.5 * (e <= 1 ? 0.5 * e * e : e - 0.5);
        }
        const c = s.cls![t]!;
        if (c >= 0) manual -= 0.25 * Math.log(o.classProbs[t * 8 + c]!);
        steps++;
      }
    }
    const loss = { risk: 1, ttf: 0.5, class: 0.25, positiveWeight: [4, 3, 2, 1], huberDelta: 1 };
    const whole = evaluateLoss(model, seqs, { loss, chunk: 64, batchSize: 3 }).loss;
    for (const chunk of [1, 7, 64]) {
      const r = evaluateLoss(model, seqs, { loss, chunk, batchSize: 2 });
      expect(r.loss).toBeCloseTo(whole, 12);
      expect(r.steps).toBe(steps);
      // The training path keeps normalised inputs in float32, hence 1e-6 rather than 1e-12.
      expect(r.loss).toBeCloseTo(manual / steps, 6);
    }
  });
});
