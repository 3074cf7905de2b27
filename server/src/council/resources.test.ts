// The resources analyser on hand-built inputs: saturation now (median of the last minute),
// forecasts, hysteresis, and what it says when data is missing.
import type { Vote } from '@aura/protocol';
import { describe, expect, it } from 'vitest';
import { DEFAULT_COUNCIL_OPTIONS } from './options.js';
import { resourcesAnalyser } from './resources.js';
import { T0, input, samples, type InputParts } from './test-inputs.js';

function analyse(parts: InputParts, memory = resourcesAnalyser.initialMemory()): { votes: Vote[]; memory: typeof memory } {
  const votes = resourcesAnalyser.analyse(input(parts), { options: DEFAULT_COUNCIL_OPTIONS, memory, now: parts.ts ?? T0 });
  return { votes, memory };
}

describe('resources analyser', () => {
  it('a calm host: one ok vote saying what it saw', () => {
    const { votes } = analyse({});
    expect(votes).toEqual([{ analyser: 'resources', severity: 'ok', confidence: 1, kind: 'none', evidence: ['CPU 20%, memory 45%, swap 0%, fullest disk 40%'], recommendation: '' }]);
  });

  it('one vote per kind, the worst finding first, all evidence kept', () => {
    const { votes } = analyse({ values: { 'mem.used_pct': 93, 'swap.used_pct': 96, 'disk./.used_pct': 88, 'cpu.total': 96 } });
    expect(votes.map((v) => [v.kind, v.severity])).toEqual([['memory', 'critical'], ['cpu', 'warning'], ['disk', 'watch']]);
    expect(votes[0]!.evidence).toEqual(['swap 96% used (critical from 95%)', 'memory 93% used (warning from 92%)']);
    expect(votes[0]!.recommendation).toMatch(/largest resident processes/);
  });

  it('a single spike in the last minute is not a state (median)', () => {
    const recent = samples(T0);
    recent[11] = { ts: recent[11]!.ts, values: { ...recent[11]!.values, 'cpu.total': 100 } };
    expect(analyse({ recent }).votes[0]!.severity).toBe('ok');
  });

  it('hysteresis: a held warning stays until the value is 5% below its threshold', () => {
    const m = analyse({ values: { 'disk./.used_pct': 93 } }).memory;
    expect(m.levels).toEqual({ 'disk:/': 'warning' });
    expect(analyse({ values: { 'disk./.used_pct': 88 } }, m).votes[0]!.severity).toBe('warning');
    expect(analyse({ values: { 'disk./.used_pct': 87 } }, m).votes[0]!.severity).toBe('watch');
  });

  it('inodes count as disk; mount names with slashes are kept', () => {
    const { votes } = analyse({ values: { 'disk./var/lib/data.used_pct': 50, 'disk./var/lib/data.inodes_used_pct': 98 } });
    expect(votes[0]).toMatchObject({ kind: 'disk', severity: 'critical', evidence: ['disk /var/lib/data 98% of inodes used (critical from 97%)'] });
  });

  it('memory from available/total bytes when used_pct is absent', () => {
    const recent = samples(T0).map((s) => {
      const { 'mem.used_pct': _, ...rest } = s.values;
      return { ts: s.ts, values: { ...rest, 'mem.available_bytes': 0.04 * 8e9 } };
    });
    expect(analyse({ recent }).votes[0]).toMatchObject({ kind: 'memory', severity: 'warning' });
  });

  it('forecasts: time to exhaustion by kind, disk thresholds in hours, memory in minutes', () => {
    const { votes } = analyse({
      forecasts: [
        { metric: 'disk./.used_pct', value: 70, threshold: 100, slopePerHour: 10, ttfSeconds: 3 * 3600 },
        { metric: 'mem.used_pct', value: 70, threshold: 100, slopePerHour: 50, ttfSeconds: 36 * 60 },
        { metric: 'disk./data.used_pct', value: 10, threshold: 100, slopePerHour: 0, ttfSeconds: null },
      ],
    });
    expect(votes.map((v) => [v.kind, v.severity]).sort()).toEqual([['disk', 'warning'], ['memory', 'warning']]);
    expect(votes.find((v) => v.kind === 'disk')!.evidence[0]).toBe('disk./.used_pct reaches 100 in 3h at 10/h (now 70)');
  });

  it('no metrics at all: ok with confidence 0 (a silent voter)', () => {
    const { votes } = analyse({ recent: [], facts: null });
    expect(votes).toEqual([{ analyser: 'resources', severity: 'ok', confidence: 0, kind: 'none', evidence: ['no resource metrics in the recent samples'], recommendation: '' }]);
  });
});
