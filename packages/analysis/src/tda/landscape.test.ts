// Persistence landscapes: sampled values and exact norms.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { firstLandscapeNorm, landscapeCriticalPoints, landscapeNorm, persistenceLandscape } from './index.js';
import type { Diagram } from './types.js';

describe('persistence landscapes', () => {
  it('samples the tents level by level', () => {
    const l = persistenceLandscape(
      [
        [0, 4],
        [1, 3],
      ],
      { grid: [0, 1, 2, 3, 4], levels: 3 },
    );
    expect([...l.levels[0]!]).toEqual([0, 1, 2, 1, 0]);
    expect([...l.levels[1]!]).toEqual([0, 0, 1, 0, 0]);
    expect([...l.levels[2]!]).toEqual([0, 0, 0, 0, 0]);
  });

  it('gives exact norms of one tent on its critical points', () => {
    // A tent of half-width h: L1 = h², L2 = √(2h³/3), L∞ = h.
    const diagram: Diagram = [[1, 5]];
    const l = persistenceLandscape(diagram, { grid: landscapeCriticalPoints(diagram), levels: 1 });
    expect(landscapeNorm(l, 1)).toBeCloseTo(4, 14);
    expect(landscapeNorm(l, 2)).toBeCloseTo(Math.sqrt(16 / 3), 14);
    expect(landscapeNorm(l, Infinity)).toBe(2);
  });

  it('matches a fine grid on random diagrams when sampled at the critical points', () => {
    const pair = fc.tuple(fc.double({ min: 0, max: 5, noNaN: true }), fc.double({ min: 0, max: 3, noNaN: true })).map(([b, l]) => [b, b + l] as [number, number]);
    fc.assert(
      fc.property(fc.array(pair, { minLength: 1, maxLength: 6 }), (diagram) => {
        const exact = persistenceLandscape(diagram, { grid: landscapeCriticalPoints(diagram), levels: 3 });
        const fine = persistenceLandscape(diagram, { grid: { min: 0, max: 8, steps: 8001 }, levels: 3 });
        expect(landscapeNorm(exact, 1)).toBeCloseTo(landscapeNorm(fine, 1), 4);
        expect(landscapeNorm(exact, 2)).toBeCloseTo(landscapeNorm(fine, 2), 4);
      }),
      { numRuns: 30 },
    );
  });

  it('treats essential classes as asked', () => {
    const diagram: Diagram = [[0, Infinity]];
    expect(persistenceLandscape(diagram, { grid: [1], levels: 1 }).levels[0]![0]).toBe(0);
    expect(persistenceLandscape(diagram, { grid: [1], levels: 1, infinity: 4 }).levels[0]![0]).toBe(1);
    expect(() => persistenceLandscape(diagram, { grid: [1], levels: 0 })).toThrow(RangeError);
    expect(() => landscapeNorm(persistenceLandscape(diagram, { grid: [1] }), 0.5)).toThrow(RangeError);
  });

  it('computes the first level’s norm exactly by its staircase, as the sampled landscape on critical points does (fast-check)', () => {
    expect(firstLandscapeNorm([[0, 2], [1, 3]], 1)).toBeCloseTo(1.75, 14);
    expect(firstLandscapeNorm([[0, 2], [0.5, 1.5], [5, 6]], 1)).toBeCloseTo(1.25, 14); // the inner tent never shows
    expect(firstLandscapeNorm([], 2)).toBe(0);
    expect(firstLandscapeNorm([[0, Infinity]], 1)).toBe(0);
    const pair = fc.tuple(fc.double({ min: 0, max: 10, noNaN: true }), fc.double({ min: 0, max: 5, noNaN: true })).map(([b, l]): [number, number] => [b, b + l]);
    fc.assert(
      fc.property(fc.array(pair, { maxLength: 12 }), fc.constantFrom(1, 2, 3), (diagram, p) => {
        const sampled = landscapeNorm(persistenceLandscape(diagram, { grid: landscapeCriticalPoints(diagram), levels: 1 }), p);
        expect(firstLandscapeNorm(diagram, p)).toBeCloseTo(sampled, 9);
      }),
    );
  });
});
