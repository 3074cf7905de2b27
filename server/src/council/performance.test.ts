// The performance analyser: load per core, iowait, steal and the topology drift score.
import { describe, expect, it } from 'vitest';
import { DEFAULT_COUNCIL_OPTIONS } from './options.js';
import { performanceAnalyser } from './performance.js';
import { FACTS, T0, input, topology, type InputParts } from './test-inputs.js';

const analyse = (parts: InputParts) => performanceAnalyser.analyse(input(parts), { options: DEFAULT_COUNCIL_OPTIONS, memory: performanceAnalyser.initialMemory(), now: T0 });

describe('performance analyser', () => {
  it('load is judged per core', () => {
    expect(analyse({ values: { 'load.1': 9 } })[0]).toMatchObject({ kind: 'cpu', severity: 'watch' });
    expect(analyse({ values: { 'load.1': 9 }, facts: { ...FACTS, cpu: { model: 'x', cores: 2 } } })[0]).toMatchObject({ kind: 'cpu', severity: 'critical' });
    // Without facts the cores are unknown: load is not judged.
    expect(analyse({ values: { 'load.1': 90 }, facts: null })[0]!.severity).toBe('ok');
  });

  it('iowait votes io, steal votes cpu', () => {
    const votes = analyse({ values: { 'cpu.iowait': 45, 'cpu.steal': 30 } });
    expect(votes.map((v) => [v.kind, v.severity]).sort()).toEqual([['cpu', 'warning'], ['io', 'warning']]);
  });

  it('drift adds weight to what the plain measures show, and alone (2× its threshold) only watches', () => {
    const plain = analyse({ values: { 'cpu.iowait': 45 } })[0]!;
    const drifting = analyse({ values: { 'cpu.iowait': 45 }, topology: topology({ score: 3, threshold: 1, drifting: true }) })[0]!;
    expect(drifting.confidence).toBeCloseTo(plain.confidence + 0.1, 5);
    expect(drifting.evidence[0]).toMatch(/topology drift 3 above its learned 1/);
    expect(analyse({ topology: topology({ score: 3, threshold: 1, drifting: true }) })[0]).toMatchObject({ kind: 'behaviour', severity: 'watch' });
    expect(analyse({ topology: topology({ score: 1.5, threshold: 1, drifting: true }) })[0]!.severity).toBe('ok');
  });
});
