// Explanations: gradient × input equals x̃ times the finite-difference slope of the probability.
import { describe, expect, it } from 'vitest';
import { createRng } from '../scenarios/random.js';
import { explain } from './explain.js';
import { createCfcRunner } from './forward.js';
import { randomModel } from './test-helpers.js';

describe('explain', () => {
  const model = randomModel({ inputs: 5, hidden: 6, backboneUnits: 8 }, 51);
  model.inputs = ['cpu.total', 'mem.used_pct', 'swap.used_pct', 'disk./.used_pct', 'load.1'];
  const rng = createRng(52);
  const x = Array.from({ length: 5 }, () => 2 * rng.normal());
  const h = Array.from({ length: 6 }, () => rng.range(-0.8, 0.8));
  const run = createCfcRunner(model, 1);
  const prob = (xs: number[], target: 'risk' | 'class', cls: number) => {
    const o = run.step(1, xs, h, [1.5]);
    return target === 'risk' ? o.risk[3]! : o.classProbs[cls]!;
  };

  it.each(['risk', 'class'] as const)('matches finite differences for the %s target, largest effect first', (target) => {
    const probs = createCfcRunner(model, 1).step(1, x, h, [1.5]).classProbs;
    const cls = probs.indexOf(Math.max(...probs));
    const drivers = explain(model, x, h, 1.5, { target });
    expect(drivers.map((d) => d.input).sort()).toEqual([...model.inputs].sort());
    for (let i = 1; i < drivers.length; i++) expect(Math.abs(drivers[i - 1]!.effect)).toBeGreaterThanOrEqual(Math.abs(drivers[i]!.effect));
    for (let k = 0; k < 5; k++) {
      const std = model.std[k]!;
      const eps = 1e-5;
      const up = x.slice();
      const down = x.slice();
      up[k] = up[k]! + eps * std;
      down[k] = down[k]! - eps * std;
      const slope = (prob(up, target, cls) - prob(down, target, cls)) / (2 * eps); // ∂p/∂x̃
      const xn = (x[k]! - model.mean[k]!) / std;
      const got = drivers.find((d) => d.input === model.inputs[k])!.effect;
      expect(got).toBeCloseTo(xn * slope, 7);
    }
  });

  it('gives a missing input no effect and refuses wrong sizes', () => {
    const xs = x.slice();
    xs[2] = Number.NaN;
    expect(Math.abs(explain(model, xs, h, 1).find((d) => d.input === 'swap.used_pct')!.effect)).toBe(0);
    expect(() => explain(model, [1, 2], h, 1)).toThrow(/x has 2 values, the model takes 5/);
    expect(() => explain(model, x, [0], 1)).toThrow(/6 hidden units/);
  });
});
