// The combinatorial number system: coefficients and index ↔ vertices round trips.
import { describe, expect, it } from 'vitest';
import { BinomialTable } from './binomial.js';

describe('BinomialTable', () => {
  it('holds binomial coefficients', () => {
    const b = new BinomialTable(10, 4);
    expect(b.get(10, 4)).toBe(210);
    expect(b.get(5, 0)).toBe(1);
    expect(b.get(3, 4)).toBe(0);
  });

  it('decodes every simplex index back to its vertices (colexicographic order)', () => {
    const n = 12;
    const b = new BinomialTable(n, 4);
    const out = new Int32Array(4);
    for (let dim = 0; dim <= 3; dim++) {
      for (let index = 0; index < b.get(n, dim + 1); index++) {
        b.vertices(index, dim, out);
        const vertices = [...out.subarray(0, dim + 1)];
        expect(vertices.every((v, i) => i === 0 || v < vertices[i - 1]!)).toBe(true);
        expect(vertices.reduce((s, v, i) => s + b.get(v, dim + 1 - i), 0)).toBe(index);
      }
    }
  });

  it('refuses tables whose indices would not be exact doubles', () => {
    expect(() => new BinomialTable(200_000, 4)).toThrow(/2\^53/);
  });
});
