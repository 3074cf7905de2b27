// Adam against steps worked out by hand, clipping and decoupled weight decay.
import { describe, expect, it } from 'vitest';
import { createAdam, type AdamSettings } from './adam.js';

const S: AdamSettings = { learningRate: 0.1, beta1: 0.9, beta2: 0.999, epsilon: 1e-8, weightDecay: 0, clipNorm: Infinity };

describe('Adam', () => {
  it('takes the hand-computed first two steps', () => {
    const params = Float64Array.from([1, -2]);
    const adam = createAdam(2, S);
    adam.step(params, Float64Array.from([0.5, -0.1]));
    // Step 1: m̂ = g, v̂ = g², so each parameter moves by lr·g/(|g| + ε).
    expect(params[0]).toBeCloseTo(1 - (0.1 * 0.5) / (0.5 + 1e-8), 15);
    expect(params[1]).toBeCloseTo(-2 + (0.1 * 0.1) / (0.1 + 1e-8), 15);
    const p1 = params.slice();
    adam.step(params, Float64Array.from([0.2, 0.3]));
    // Step 2: m = 0.9·m₁ + 0.1·g₂, v = 0.999·v₁ + 0.001·g₂², corrected by 1 − 0.9² and 1 − 0.999².
    const m = [0.9 * 0.05 + 0.1 * 0.2, 0.9 * -0.01 + 0.1 * 0.3];
    const v = [0.999 * 0.00025 + 0.001 * 0.04, 0.999 * 0.00001 + 0.001 * 0.09];
    const c1 = 1 - 0.81;
    const c2 = 1 - 0.998001;
    for (let i = 0; i < 2; i++) expect(params[i]).toBeCloseTo(p1[i]! - (0.1 * (m[i]! / c1)) / (Math.sqrt(v[i]! / c2) + 1e-8), 14);
    expect(adam.t).toBe(2);
  });

  it('clips the gradient to the global norm and reports the norm before clipping', () => {
    const params = Float64Array.from([0, 0]);
    const grad = Float64Array.from([3, 4]);
    const adam = createAdam(2, { ...S, clipNorm: 1 });
    expect(adam.step(params, grad)).toBe(5);
    expect(grad[0]).toBeCloseTo(0.6, 15);
    expect(grad[1]).toBeCloseTo(0.8, 15);
  });

  it('decays only the masked parameters, by lr·decay·θ, independently of the gradient', () => {
    const params = Float64Array.from([2, 2]);
    const adam = createAdam(2, { ...S, weightDecay: 0.5 }, Uint8Array.from([1, 0]));
    adam.step(params, new Float64Array(2));
    expect(params[0]).toBeCloseTo(2 - 0.1 * 0.5 * 2, 15);
    expect(params[1]).toBe(2);
  });
});
