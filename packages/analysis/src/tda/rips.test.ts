// Rips persistence on small clouds and matrices whose diagrams are known by hand.
import { describe, expect, it } from 'vitest';
import { ripsPersistence, ripsPersistenceOfDistances } from './index.js';
import { randomCloud, seeded } from './test-helpers.js';

const square = [
  [0, 0],
  [1, 0],
  [1, 1],
  [0, 1],
];

describe('ripsPersistence', () => {
  it('finds the loop of a square and when it fills in', () => {
    expect(ripsPersistence(square).dimensions).toEqual([
      [
        [0, 1],
        [0, 1],
        [0, 1],
        [0, Infinity],
      ],
      [[1, Math.SQRT2]],
    ]);
  });

  it('handles no point, one point, and duplicates (zero-length pairs are dropped)', () => {
    expect(ripsPersistence([]).dimensions).toEqual([[], []]);
    expect(ripsPersistence([[3, 4]], { maxDim: 2 }).dimensions).toEqual([[[0, Infinity]], [], []]);
    expect(ripsPersistence([[1, 1], [1, 1], [2, 1]], { maxDim: 0 }).dimensions).toEqual([[[0, 1], [0, Infinity]]]);
  });

  it('accepts packed coordinates and gives the same diagrams', () => {
    const cloud = randomCloud(seeded(1), 30, 3);
    const packed = { data: Float64Array.from(cloud.flat()), dim: 3 };
    expect(ripsPersistence(packed)).toEqual(ripsPersistence(cloud));
  });

  it('finds the 2-sphere of an octahedron', () => {
    const octahedron = [
      [1, 0, 0],
      [-1, 0, 0],
      [0, 1, 0],
      [0, -1, 0],
      [0, 0, 1],
      [0, 0, -1],
    ];
    const { dimensions } = ripsPersistence(octahedron, { maxDim: 2 });
    expect(dimensions[1]).toEqual([]);
    expect(dimensions[2]).toEqual([[Math.SQRT2, 2]]);
  });

  it('keeps classes alive past a threshold as essential', () => {
    const circle = Array.from({ length: 8 }, (_, i) => [Math.cos((i * Math.PI) / 4), Math.sin((i * Math.PI) / 4)]);
    const full = ripsPersistence(circle).dimensions;
    expect(full[1]).toHaveLength(1);
    expect(full[1]![0]![1]).toBeLessThan(Infinity);
    const cut = ripsPersistence(circle, { threshold: 1 }).dimensions;
    expect(cut[1]).toEqual([[full[1]![0]![0], Infinity]]);
    expect(ripsPersistence(circle, { threshold: 0.5 }).dimensions[0]).toHaveLength(8);
  });

  it('gives the full-filtration diagrams by default, like Ripser cutting at the enclosing radius', () => {
    const cloud = randomCloud(seeded(2), 40, 2);
    const byDefault = ripsPersistence(cloud, { maxDim: 2 });
    expect(ripsPersistence(cloud, { maxDim: 2, threshold: Infinity })).toEqual(byDefault);
    expect(ripsPersistence(cloud, { maxDim: 2, threshold: 1e9 })).toEqual(byDefault);
    expect(byDefault.dimensions.slice(1).flat().every(([, d]) => d < Infinity)).toBe(true);
  });

  it('is deterministic on ties (a grid has many equal distances)', () => {
    const grid = Array.from({ length: 25 }, (_, i) => [i % 5, Math.floor(i / 5)]);
    const first = ripsPersistence(grid, { maxDim: 2 });
    expect(ripsPersistence(grid, { maxDim: 2 })).toEqual(first);
    expect(first.dimensions[1]).toHaveLength(16);
  });

  it('rejects bad input with a RangeError', () => {
    expect(() => ripsPersistence([[0, 0], [1]])).toThrow(RangeError);
    expect(() => ripsPersistence([[0, Number.NaN]])).toThrow(/not a finite number/);
    expect(() => ripsPersistence(square, { maxDim: -1 })).toThrow(RangeError);
    expect(() => ripsPersistence(square, { threshold: Number.NaN })).toThrow(RangeError);
    expect(() => ripsPersistence({ data: new Float64Array(5), dim: 2 })).toThrow(RangeError);
  });
});

describe('ripsPersistenceOfDistances', () => {
  const full = [
    [0, 1, 2],
    [1, 0, 1],
    [2, 1, 0],
  ];

  it('reads full, lower-triangular and flattened matrices alike', () => {
    const expected = { dimensions: [[[0, 1], [0, 1], [0, Infinity]], []] };
    expect(ripsPersistenceOfDistances(full)).toEqual(expected);
    expect(ripsPersistenceOfDistances([[], [1], [2, 1]])).toEqual(expected);
    expect(ripsPersistenceOfDistances([[0], [1, 0], [2, 1, 0]])).toEqual(expected);
    expect(ripsPersistenceOfDistances({ lower: [1, 2, 1] })).toEqual(expected);
  });

  it('treats Infinity as a missing edge', () => {
    expect(ripsPersistenceOfDistances({ lower: [1, Infinity, Infinity] }, { maxDim: 0 }).dimensions).toEqual([
      [
        [0, 1],
        [0, Infinity],
        [0, Infinity],
      ],
    ]);
  });

  it('rejects malformed matrices', () => {
    expect(() => ripsPersistenceOfDistances({ lower: [1, 2] })).toThrow(/n\(n−1\)\/2/);
    expect(() => ripsPersistenceOfDistances([[0, 1, 2], [1, 0]])).toThrow(RangeError);
    expect(() => ripsPersistenceOfDistances({ lower: [-1] })).toThrow(/≥ 0/);
  });
});
