// Betti numbers at a scale and Betti curves on hand-made diagrams.
import { describe, expect, it } from 'vitest';
import { bettiCurve, bettiNumbers, gridPoints } from './index.js';

describe('Betti numbers and curves', () => {
  const diagrams = { dimensions: [[[0, 1], [0, 2], [0, Infinity]], [[0.5, 1.5]]] as [number, number][][] };

  it('counts the classes alive at a scale, intervals half-open', () => {
    expect(bettiNumbers(diagrams, 0)).toEqual([3, 0]);
    expect(bettiNumbers(diagrams, 0.5)).toEqual([3, 1]);
    expect(bettiNumbers(diagrams, 1)).toEqual([2, 1]);
    expect(bettiNumbers(diagrams, 1.5)).toEqual([2, 0]);
    expect(bettiNumbers(diagrams, 100)).toEqual([1, 0]);
  });

  it('samples the Betti curve on a grid, matching the pointwise numbers', () => {
    const grid = { min: 0, max: 3, steps: 13 };
    const curve = bettiCurve(diagrams.dimensions[0]!, grid);
    expect([...curve]).toEqual([...gridPoints(grid)].map((t) => bettiNumbers(diagrams, t)[0]));
    expect([...bettiCurve([[0, 1], [0.5, 2]], [0, 0.5, 1, 2])]).toEqual([1, 2, 1, 0]);
  });

  it('builds grids and rejects bad ones', () => {
    expect([...gridPoints({ min: 0, max: 1, steps: 3 })]).toEqual([0, 0.5, 1]);
    expect([...gridPoints({ min: 2, max: 2, steps: 1 })]).toEqual([2]);
    expect(() => gridPoints({ min: 1, max: 0, steps: 3 })).toThrow(RangeError);
    expect(() => gridPoints({ min: 0, max: 1, steps: 0 })).toThrow(RangeError);
  });
});
