// Robust statistics against a sort-based reference (fast-check) and hand-computed cases.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mad, median, quantile, robustStats } from './robust.js';

const sortedMedian = (xs: number[]) => {
  const a = xs.filter(Number.isFinite).sort((x, y) => x - y);
  if (a.length === 0) return Number.NaN;
  const m = a.length >> 1;
  return a.length % 2 ? a[m]! : (a[m - 1]! + a[m]!) / 2;
};

describe('robust statistics', () => {
  it('median and MAD equal the sort-based definitions, NaN ignored (fast-check)', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.double({ min: -1e6, max: 1e6, noNaN: true }), fc.constant(Number.NaN), fc.integer({ min: -3, max: 3 })), { maxLength: 60 }), (xs) => {
        const m = sortedMedian(xs);
        expect(median(xs)).toBe(m);
        expect(mad(xs)).toBe(sortedMedian(xs.filter(Number.isFinite).map((x) => Math.abs(x - m))));
      }),
    );
  });

  it('shrugs off outliers: one absurd value moves neither median nor MAD much', () => {
    expect(median([1, 2, 3, 4, 1e9])).toBe(3);
    expect(mad([1, 2, 3, 4, 1e9])).toBe(1);
    expect(robustStats([5, 5, 5, 5], 0.5)).toEqual({ median: 5, scale: 0.5 });
    expect(robustStats([1, 2, 3, 4, 5], 0.1).scale).toBeCloseTo(1.4826, 6);
  });

  it('quantile interpolates linearly between order statistics', () => {
    expect(quantile([4, 1, 3, 2], 0)).toBe(1);
    expect(quantile([4, 1, 3, 2], 1)).toBe(4);
    expect(quantile([4, 1, 3, 2], 0.5)).toBe(2.5);
    expect(quantile([10, 20], 0.25)).toBe(12.5);
    expect(quantile([], 0.5)).toBeNaN();
  });
});
