// The bucket sort into filtration order against a plain comparator sort.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { filtrationOrder } from './filtration-order.js';

function reference(diameters: number[], indices: number[]): number[] {
  return diameters.map((_, i) => i).sort((a, b) => diameters[a]! - diameters[b]! || indices[b]! - indices[a]!);
}

describe('filtrationOrder', () => {
  it('sorts by diameter, ties by descending index, like a comparator sort', () => {
    const values = fc.oneof(fc.double({ min: 0, max: 10, noNaN: true }).map((x) => x + 0), fc.integer({ min: 0, max: 3 }));
    fc.assert(
      fc.property(fc.array(values, { maxLength: 3000 }), fc.boolean(), (diameters, descending) => {
        const indices = diameters.map((_, i) => (descending ? diameters.length - i : (i * 7919) % 10007));
        const got = filtrationOrder(Float64Array.from(diameters), Float64Array.from(indices), diameters.length, descending);
        expect([...got]).toEqual(reference(diameters, indices));
      }),
      { numRuns: 60 },
    );
  });

  it('keeps long runs of equal and nearly equal diameters in order', () => {
    const diameters = Array.from({ length: 5000 }, (_, i) => 1 + (i % 3) * Number.EPSILON);
    const indices = diameters.map((_, i) => (i * 31) % 5003);
    const got = filtrationOrder(Float64Array.from(diameters), Float64Array.from(indices), diameters.length);
    expect([...got]).toEqual(reference(diameters, indices));
  });
});
