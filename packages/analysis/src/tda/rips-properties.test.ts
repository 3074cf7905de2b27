// Invariance and stability of Rips persistence, checked on random clouds with fast-check.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bottleneckDistance, ripsPersistence } from './index.js';
import { diagramDifference } from './test-helpers.js';

const cloud = (dim: number, min: number, max: number) =>
  fc.array(fc.array(fc.double({ min: -1, max: 1, noNaN: true }), { minLength: dim, maxLength: dim }), { minLength: min, maxLength: max });

/** A random rotation (product of Givens rotations) and translation of the plane or space. */
function rigidMotion(dim: number, angles: number[], shift: number[]): (p: number[]) => number[] {
  return (p) => {
    const q = [...p];
    let k = 0;
    for (let i = 0; i < dim; i++) {
      for (let j = i + 1; j < dim; j++) {
        const [c, s] = [Math.cos(angles[k]!), Math.sin(angles[k++]!)];
        const [x, y] = [q[i]!, q[j]!];
        q[i] = c * x - s * y;
        q[j] = s * x + c * y;
      }
    }
    return q.map((x, i) => x + shift[i]!);
  };
}

/** Diagrams equal up to `tolerance`, ignoring pairs shorter than it (rounding can create or remove those). */
function sameDiagrams(a: [number, number][][], b: [number, number][][], tolerance: number): void {
  const long = (d: [number, number][]) => d.filter(([x, y]) => y - x > tolerance * Math.max(1, Math.abs(x)));
  a.forEach((diagram, dim) => expect(diagramDifference(long(diagram), long(b[dim]!), tolerance), `H${dim}`).toBeNull());
}

describe('Rips persistence: invariants (fast-check)', () => {
  it('does not depend on the order of the points', () => {
    fc.assert(
      fc.property(
        cloud(3, 2, 40).chain((points) => fc.tuple(fc.constant(points), fc.shuffledSubarray(points, { minLength: points.length }))),
        ([points, shuffled]) => {
          expect(ripsPersistence(shuffled, { maxDim: 2 })).toEqual(ripsPersistence(points, { maxDim: 2 }));
        },
      ),
      { numRuns: 40 },
    );
  });

  it('does not change under rotation and translation (within 1e-9 relative)', () => {
    const dim = 3;
    const motion = fc.tuple(
      fc.array(fc.double({ min: -Math.PI, max: Math.PI, noNaN: true }), { minLength: 3, maxLength: 3 }),
      fc.array(fc.double({ min: -100, max: 100, noNaN: true }), { minLength: dim, maxLength: dim }),
    );
    fc.assert(
      fc.property(cloud(dim, 2, 40), motion, (points, [angles, shift]) => {
        const moved = points.map(rigidMotion(dim, angles, shift));
        sameDiagrams(ripsPersistence(moved, { maxDim: 2 }).dimensions, ripsPersistence(points, { maxDim: 2 }).dimensions, 1e-9);
      }),
      { numRuns: 40 },
    );
  });

  // Filtration values are diameters (edge lengths, as in Ripser and GUDHI). Moving every point by
  // at most δ moves every distance, hence every filtration value, by at most 2δ, so
  // d_B ≤ 2δ; in the radius convention (half the diameter) that reads d_B ≤ δ.
  it('is stable: in radius units the bottleneck distance is at most the largest displacement', () => {
    fc.assert(
      fc.property(
        cloud(2, 2, 50).chain((points) =>
          fc.tuple(fc.constant(points), fc.array(fc.array(fc.double({ min: -0.05, max: 0.05, noNaN: true }), { minLength: 2, maxLength: 2 }), { minLength: points.length, maxLength: points.length })),
        ),
        ([points, noise]) => {
          const moved = points.map((p, i) => p.map((x, c) => x + noise[i]![c]!));
          const displacement = Math.max(...points.map((p, i) => Math.hypot(p[0]! - moved[i]![0]!, p[1]! - moved[i]![1]!)));
          const a = ripsPersistence(points, { maxDim: 1 }).dimensions;
          const b = ripsPersistence(moved, { maxDim: 1 }).dimensions;
          for (let dim = 0; dim < 2; dim++) expect(bottleneckDistance(a[dim]!, b[dim]!) / 2).toBeLessThanOrEqual(displacement + 1e-12);
        },
      ),
      { numRuns: 40 },
    );
  });

  it('reaches the stability bound: two points pulled apart by δ each', () => {
    const delta = 0.1;
    const a = ripsPersistence([[0], [1]]).dimensions[0]!;
    const b = ripsPersistence([[-delta], [1 + delta]]).dimensions[0]!;
    expect(bottleneckDistance(a, b)).toBeCloseTo(2 * delta, 15);
  });
});
