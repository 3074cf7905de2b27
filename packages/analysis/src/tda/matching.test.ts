// The Hungarian algorithm and Hopcroft–Karp against brute force on small instances.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { maximumMatching } from './hopcroft-karp.js';
import { minCostAssignment } from './hungarian.js';

function permutations(n: number): number[][] {
  if (n === 0) return [[]];
  return permutations(n - 1).flatMap((p) => Array.from({ length: n }, (_, i) => [...p.slice(0, i), n - 1, ...p.slice(i)]));
}

describe('minCostAssignment (Hungarian)', () => {
  it('finds the optimum that brute force finds', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 6 }).chain((n) => fc.tuple(fc.constant(n), fc.array(fc.integer({ min: 0, max: 20 }), { minLength: n * n, maxLength: n * n }))), ([n, values]) => {
        const cost = Float64Array.from(values);
        const best = Math.min(...permutations(n).map((p) => p.reduce((s, j, i) => s + cost[i * n + j]!, 0)));
        const { total, assignment } = minCostAssignment(cost, n, n);
        expect(total).toBe(best);
        expect(new Set(assignment).size).toBe(n);
      }),
      { numRuns: 200 },
    );
  });

  it('handles more columns than rows and forbidden (infinite) cells', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 4 }).chain((rows) =>
          fc.integer({ min: rows, max: 6 }).chain((cols) =>
            fc.tuple(fc.constant(rows), fc.constant(cols), fc.array(fc.oneof(fc.integer({ min: -5, max: 20 }), fc.constant(Infinity)), { minLength: rows * cols, maxLength: rows * cols })),
          ),
        ),
        ([rows, cols, values]) => {
          // Column choices for each row: all injective maps rows → cols.
          const maps = permutations(cols).map((p) => p.slice(0, rows));
          const best = Math.min(...maps.map((p) => p.reduce((s, j, i) => s + values[i * cols + j]!, 0)));
          const cost = Float64Array.from(values);
          if (best === Infinity) expect(() => minCostAssignment(cost, rows, cols)).toThrow(RangeError);
          else expect(minCostAssignment(cost, rows, cols).total).toBe(best);
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('maximumMatching (Hopcroft–Karp)', () => {
  it('matches as many as brute force on small random graphs', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 6 }).chain((n) => fc.tuple(fc.constant(n), fc.array(fc.boolean(), { minLength: n * n, maxLength: n * n }))), ([n, edges]) => {
        const offsets = new Int32Array(n + 1);
        const neighbors: number[] = [];
        for (let u = 0; u < n; u++) {
          for (let v = 0; v < n; v++) if (edges[u * n + v]) neighbors.push(v);
          offsets[u + 1] = neighbors.length;
        }
        const best = Math.max(...permutations(n).map((p) => p.filter((v, u) => edges[u * n + v]).length));
        expect(maximumMatching(n, n, offsets, Int32Array.from(neighbors))).toBe(best);
      }),
      { numRuns: 300 },
    );
  });
});
