// Persistence entropy on diagrams with known values.
import { describe, expect, it } from 'vitest';
import { persistenceEntropy } from './index.js';

describe('persistenceEntropy', () => {
  it('is log(m) for m equal bars and 0 for one bar', () => {
    expect(persistenceEntropy([[0, 1], [1, 2], [3, 4], [0, 1]])).toBeCloseTo(Math.log(4), 15);
    expect(persistenceEntropy([[0, 5]])).toBe(0);
    expect(persistenceEntropy([])).toBe(0);
  });

  it('weights by length and can be normalised to [0, 1]', () => {
    const e = persistenceEntropy([[0, 1], [0, 3]]);
    expect(e).toBeCloseTo(-(0.25 * Math.log(0.25) + 0.75 * Math.log(0.75)), 15);
    expect(persistenceEntropy([[0, 1], [0, 3]], { normalize: true })).toBeCloseTo(e / Math.LN2, 15);
    expect(persistenceEntropy([[0, 2], [1, 3]], { normalize: true })).toBeCloseTo(1, 15);
  });

  it('leaves out essential classes unless given a death for them, and ignores zero-length pairs', () => {
    expect(persistenceEntropy([[0, 1], [0, Infinity]])).toBe(0);
    expect(persistenceEntropy([[0, 1], [0, Infinity]], { infinity: 1 })).toBeCloseTo(Math.LN2, 15);
    expect(persistenceEntropy([[0, 1], [2, 2]])).toBe(0);
  });
});
