// Pair simplices (representatives): each pair's birth and death simplices have the pair's
// filtration values, and asking for them changes nothing in the diagrams.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ripsPersistence } from './index.js';

const diameter = (points: number[][], verts: number[]) => {
  let d = 0;
  for (const a of verts) for (const b of verts) d = Math.max(d, Math.hypot(...points[a]!.map((x, k) => x - points[b]![k]!)));
  return d;
};

describe('Rips persistence with representatives', () => {
  it('locates the loop of a square: the closing edge is a side, the filling triangle spans the diagonal', () => {
    const square = [[0, 0], [1, 0], [1, 1], [0, 1]];
    const r = ripsPersistence(square, { maxDim: 1, representatives: true });
    expect(r.dimensions[1]).toEqual([[1, Math.SQRT2]]);
    const loop = r.simplices![1]![0]!;
    expect(loop.birth).toHaveLength(2);
    expect(diameter(square, loop.birth)).toBe(1);
    expect(loop.death).toHaveLength(3);
    expect(diameter(square, loop.death!)).toBeCloseTo(Math.SQRT2, 12);
    // H0: three merges at length 1 and one essential component.
    expect(r.simplices![0]!.map((s) => (s.death ? diameter(square, s.death) : null))).toEqual([1, 1, 1, null]);
  });

  it('on random clouds: same diagrams as without, and every simplex has its pair’s value (fast-check)', () => {
    const cloud = fc.array(fc.array(fc.double({ min: -1, max: 1, noNaN: true }), { minLength: 3, maxLength: 3 }), { minLength: 2, maxLength: 30 });
    fc.assert(
      fc.property(cloud, (points) => {
        const plain = ripsPersistence(points, { maxDim: 2 });
        const rich = ripsPersistence(points, { maxDim: 2, representatives: true });
        expect(rich.dimensions).toEqual(plain.dimensions);
        rich.dimensions.forEach((diagram, dim) => {
          expect(rich.simplices![dim]).toHaveLength(diagram.length);
          diagram.forEach(([birth, death], i) => {
            const s = rich.simplices![dim]![i]!;
            expect(s.birth).toHaveLength(dim + 1);
            if (dim > 0) expect(diameter(points, s.birth)).toBeCloseTo(birth, 9);
            if (death === Infinity) expect(s.death).toBeNull();
            else expect(diameter(points, s.death!)).toBeCloseTo(death, 9);
          });
        });
      }),
      { numRuns: 150 },
    );
  });
});
