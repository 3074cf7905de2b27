import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BACKOFF_BASE_MS, BACKOFF_CAP_MS, backoffDelay, refusedDelay } from './backoff.js';

describe('backoff', () => {
  it('doubles its ceiling from 1 s up to the 60 s cap', () => {
    const top = (a: number) => backoffDelay(a, () => 0.999999);
    expect([0, 1, 2, 3, 4, 5, 6, 7, 50].map((a) => Math.round(top(a) / 1000))).toEqual([1, 2, 4, 8, 16, 32, 60, 60, 60]);
    expect(backoffDelay(5, () => 0)).toBe(0);
  });

  it('property: full jitter stays within [0, min(cap, base·2^attempt)]; refusals wait between half the cap and the cap', () => {
    fc.assert(
      fc.property(fc.nat(1000), fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), (attempt, r) => {
        const d = backoffDelay(attempt, () => r);
        expect(d).toBeGreaterThanOrEqual(0);
        expect(d).toBeLessThanOrEqual(Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** Math.min(attempt, 30)));
        const w = refusedDelay(() => r);
        expect(w).toBeGreaterThanOrEqual(BACKOFF_CAP_MS / 2);
        expect(w).toBeLessThanOrEqual(BACKOFF_CAP_MS);
      }),
    );
  });
});
