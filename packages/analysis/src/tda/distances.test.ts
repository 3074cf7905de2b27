// Bottleneck and Wasserstein distances: known cases, GUDHI fixtures, metric properties.
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { splitDiagram } from './diagram-parts.js';
import { bottleneckDistance, wassersteinDistance } from './index.js';
import { transportByAssignment, transportOnLine } from './wasserstein.js';
import type { JsonPair } from './test-helpers.js';
import type { Diagram } from './types.js';

interface DistanceFixture {
  a: JsonPair[];
  b: JsonPair[];
  bottleneck: number | null;
  wasserstein1: number | null;
  wasserstein2: number | null;
  wasserstein1_l2: number | null;
  wasserstein2_l2: number | null;
}

const toDiagram = (pairs: JsonPair[]): Diagram => pairs.map(([b, d]) => [b, d ?? Infinity]);
const fixtures: DistanceFixture[] = JSON.parse(readFileSync(new URL('./fixtures/distances-gudhi.json', import.meta.url), 'utf8'));

const pair = fc
  .tuple(fc.double({ min: 0, max: 10, noNaN: true }), fc.double({ min: 0, max: 5, noNaN: true }))
  .map(([b, l]) => [b, b + l] as [number, number]);
const diagram = fc.array(pair, { maxLength: 8 });

describe('bottleneck and Wasserstein distances: known cases', () => {
  it('measures moves and trips to the diagonal in L∞', () => {
    expect(bottleneckDistance([[0, 2]], [[0, 3]])).toBe(1);
    expect(bottleneckDistance([[0, 2]], [])).toBe(1);
    expect(bottleneckDistance([], [])).toBe(0);
    expect(bottleneckDistance([[0, 10], [0, 1]], [[0.5, 10]])).toBe(0.5);
    expect(wassersteinDistance([[0, 2], [5, 6]], [[0, 3]])).toBe(1.5);
    expect(wassersteinDistance([[0, 2], [5, 6]], [[0, 3]], { order: 2 })).toBeCloseTo(Math.sqrt(1.25), 15);
    expect(wassersteinDistance([[0, 2]], [[1, 3]], { internalP: 1 })).toBe(2);
    expect(wassersteinDistance([[0, 2]], [], { internalP: 2 })).toBeCloseTo(Math.SQRT2, 15);
  });

  it('matches essential classes only with each other', () => {
    expect(bottleneckDistance([[0, Infinity]], [[0.25, Infinity]])).toBe(0.25);
    expect(bottleneckDistance([[0, Infinity]], [])).toBe(Infinity);
    expect(wassersteinDistance([[0, Infinity], [1, Infinity]], [[1.5, Infinity], [0, Infinity]])).toBe(0.5);
    expect(wassersteinDistance([[0, Infinity]], [[0, 1]])).toBe(Infinity);
    expect(wassersteinDistance([[0, 1]], [[0, 2]], { order: Infinity })).toBe(1);
  });

  it('rejects what is not a diagram or a valid order', () => {
    expect(() => bottleneckDistance([[2, 1]], [])).toThrow(RangeError);
    expect(() => wassersteinDistance([[0, Number.NaN]], [])).toThrow(RangeError);
    expect(() => wassersteinDistance([], [], { order: 0.5 })).toThrow(RangeError);
  });
});

describe('distances match GUDHI (gudhi.bottleneck_distance with e=0, gudhi.wasserstein with POT)', () => {
  fixtures.forEach((f, i) => {
    it(`case ${i}: ${f.a.length} vs ${f.b.length} pairs`, () => {
      const a = toDiagram(f.a);
      const b = toDiagram(f.b);
      const close = (actual: number, expected: number | null) => {
        if (expected === null) expect(actual).toBe(Infinity);
        else expect(Math.abs(actual - expected)).toBeLessThanOrEqual(1e-9 * Math.max(1, expected));
      };
      close(bottleneckDistance(a, b), f.bottleneck);
      close(wassersteinDistance(a, b, { order: 1 }), f.wasserstein1);
      close(wassersteinDistance(a, b, { order: 2 }), f.wasserstein2);
      close(wassersteinDistance(a, b, { order: 1, internalP: 2 }), f.wasserstein1_l2);
      close(wassersteinDistance(a, b, { order: 2, internalP: 2 }), f.wasserstein2_l2);
    });
  });
});

describe('distances are metrics (fast-check)', () => {
  it('symmetric, zero on equal diagrams, triangle inequality; bottleneck ≤ W_p', () => {
    fc.assert(
      fc.property(diagram, diagram, diagram, (a, b, c) => {
        const eps = 1e-9;
        expect(bottleneckDistance(a, a)).toBe(0);
        expect(wassersteinDistance(a, a)).toBe(0);
        expect(bottleneckDistance(a, b)).toBeCloseTo(bottleneckDistance(b, a), 12);
        expect(wassersteinDistance(a, b)).toBeCloseTo(wassersteinDistance(b, a), 9);
        expect(bottleneckDistance(a, c)).toBeLessThanOrEqual(bottleneckDistance(a, b) + bottleneckDistance(b, c) + eps);
        expect(wassersteinDistance(a, c, { order: 2 })).toBeLessThanOrEqual(wassersteinDistance(a, b, { order: 2 }) + wassersteinDistance(b, c, { order: 2 }) + eps);
        expect(bottleneckDistance(a, b)).toBeLessThanOrEqual(wassersteinDistance(a, b, { order: 2 }) + eps);
      }),
      { numRuns: 150 },
    );
  });
});

describe('Wasserstein on a line (all births equal) agrees with the Hungarian algorithm', () => {
  it('on random H0-like diagrams, for several orders and ground metrics', () => {
    const deaths = fc.array(fc.double({ min: 0, max: 10, noNaN: true }), { maxLength: 12 });
    fc.assert(
      fc.property(deaths, deaths, fc.constantFrom(1, 2, 3.5), fc.constantFrom(1, 2, Infinity), (x, y, p, q) => {
        const A = splitDiagram(x.map((d) => [0, d]));
        const B = splitDiagram(y.map((d) => [0, d]));
        const line = transportOnLine(A, B, p, q);
        expect(line).toBeCloseTo(transportByAssignment(A, B, p, q), 9);
      }),
      { numRuns: 200 },
    );
  });
});

/** Every matching of the diagonal-augmented problem, by brute force: [max cost, Σ cost^p]. */
function bruteForce(a: Diagram, b: Diagram, p: number): [number, number] {
  const m = a.length;
  const n = b.length;
  const size = m + n;
  const cost = (i: number, j: number): number => {
    if (i < m && j < n) return Math.max(Math.abs(a[i]![0] - b[j]![0]), Math.abs(a[i]![1] - b[j]![1]));
    if (i < m) return (a[i]![1] - a[i]![0]) / 2;
    if (j < n) return (b[j]![1] - b[j]![0]) / 2;
    return 0;
  };
  let best: [number, number] = [Infinity, Infinity];
  const used = new Uint8Array(size);
  const walk = (i: number, worst: number, sum: number): void => {
    if (i === size) {
      best = [Math.min(best[0], worst), Math.min(best[1], sum)];
      return;
    }
    for (let j = 0; j < size; j++) {
      if (used[j]) continue;
      used[j] = 1;
      const c = cost(i, j);
      walk(i + 1, Math.max(worst, c), sum + c ** p);
      used[j] = 0;
    }
  };
  walk(0, 0, 0);
  return best;
}

describe('distances against brute force on tiny diagrams (both the general and the equal-birth paths)', () => {
  it('bottleneck and W2 are the best over all matchings', () => {
    const tiny = fc.array(pair, { maxLength: 3 });
    const tinyH0 = fc.array(fc.double({ min: 0, max: 5, noNaN: true }).map((d) => [0, d] as [number, number]), { maxLength: 3 });
    fc.assert(
      fc.property(fc.oneof(fc.tuple(tiny, tiny), fc.tuple(tinyH0, tinyH0)), ([a, b]) => {
        const [worst, sum] = bruteForce(a, b, 2);
        expect(bottleneckDistance(a, b)).toBeCloseTo(worst, 12);
        expect(wassersteinDistance(a, b, { order: 2 })).toBeCloseTo(Math.sqrt(sum), 9);
      }),
      { numRuns: 300 },
    );
  });
});
