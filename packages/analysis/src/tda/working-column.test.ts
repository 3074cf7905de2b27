// The working column against a plain Z/2 multiset model.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { WorkingColumn } from './working-column.js';

describe('WorkingColumn', () => {
  it('yields the oldest entry of odd multiplicity (Z/2), as often as asked', () => {
    // Diameter is a function of the index, as for simplices.
    const entry = fc.integer({ min: 0, max: 60 });
    fc.assert(
      fc.property(fc.array(fc.array(entry, { maxLength: 40 }), { maxLength: 8 }), (batches) => {
        const column = new WorkingColumn();
        column.reset(0);
        const parity = new Map<number, number>();
        for (const batch of batches) {
          for (const x of batch) parity.set(x, (parity.get(x) ?? 0) ^ 1);
          column.addAll(Float64Array.from(batch.flatMap((x) => [Math.floor(x / 4), x])), batch.length);
          const alive = [...parity].filter(([, p]) => p).map(([x]) => x);
          // Oldest: smallest diameter, then largest index.
          alive.sort((a, b) => Math.floor(a / 4) - Math.floor(b / 4) || b - a);
          expect(column.pivot()).toBe(alive.length > 0);
          if (alive.length) expect(column.pivotIndex).toBe(alive[0]);
        }
      }),
    );
  });
});
