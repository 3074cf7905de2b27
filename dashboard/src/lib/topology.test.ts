import type { DiagramJson } from '@aura/protocol';
import { describe, expect, it } from 'vitest';
import { bettiCurves, classCounts, diagramExtent, ticks } from './topology.js';

const current: DiagramJson[] = [
  [[0, 1], [0, 2], [0, null]],
  [[1.5, 3]],
];
const baseline: DiagramJson[] = [[[0, 0.5], [0, null]], []];

describe('topology helpers', () => {
  it('the extent covers every finite birth and death of both diagrams', () => {
    expect(diagramExtent([current, baseline])).toBe(3);
    expect(diagramExtent([[[[0, null]]], null])).toBe(1);
  });

  it('counts classes, essential ones and the longest finite bar', () => {
    expect(classCounts(current[0])).toEqual({ total: 3, essential: 1, longest: 2 });
    expect(classCounts(undefined)).toEqual({ total: 0, essential: 0, longest: 0 });
  });

  it('Betti curves change only at births and deaths; essential classes never die', () => {
    const c = bettiCurves(current, baseline);
    expect(c.scales.slice(0, -1)).toEqual([0, 0.5, 1, 1.5, 2, 3]);
    expect(c.scales.at(-1)).toBeCloseTo(3.15);
    const by = (label: string) => c.series.find((s) => s.label === label)!.values;
    // Half-open bars [birth, death): alive at ε when birth ≤ ε < death.
    expect(by('H0 now')).toEqual([3, 3, 2, 2, 1, 1, 1]);
    expect(by('H1 now')).toEqual([0, 0, 0, 1, 1, 0, 0]);
    expect(by('H0 baseline')).toEqual([2, 1, 1, 1, 1, 1, 1]);
    expect(by('H1 baseline')).toEqual([0, 0, 0, 0, 0, 0, 0]);
    expect(bettiCurves(current, null).series.map((s) => s.label)).toEqual(['H0 now', 'H1 now']);
  });

  it('ticks are round numbers from 0 to the extent', () => {
    expect(ticks(3)).toEqual([0, 1, 2, 3]);
    expect(ticks(0.37)).toEqual([0, 0.1, 0.2, 0.3]);
    expect(ticks(7.2, 4)).toEqual([0, 2, 4, 6]);
    expect(ticks(0)).toEqual([0]);
  });
});
