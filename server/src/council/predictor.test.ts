// The predictor analyser: risk per horizon from the CfC model, the kind from its class or
// drivers, and the fallback to the robust forecasts when no model output is there.
import { describe, expect, it } from 'vitest';
import { DEFAULT_COUNCIL_OPTIONS } from './options.js';
import { kindOfInput, kindsOf, predictorAnalyser } from './predictor.js';
import { T0, input, prediction, type InputParts } from './test-inputs.js';

const analyse = (parts: InputParts, memory = predictorAnalyser.initialMemory()) =>
  predictorAnalyser.analyse(input(parts), { options: DEFAULT_COUNCIL_OPTIONS, memory, now: T0 });

describe('predictor analyser', () => {
  it('reads the horizon of each level: 4h → watch, 1h → warning, 15m → critical', () => {
    expect(analyse({ prediction: prediction({ '4h': 0.6 }) })[0]).toMatchObject({ severity: 'watch', kind: 'memory' });
    expect(analyse({ prediction: prediction({ '1h': 0.6, '4h': 0.8 }) })[0]).toMatchObject({ severity: 'warning' });
    expect(analyse({ prediction: prediction({ '15m': 0.6, '1h': 0.8, '4h': 0.9 }) })[0]).toMatchObject({ severity: 'critical' });
    expect(analyse({ prediction: prediction({}) })[0]).toMatchObject({ severity: 'ok', evidence: ['risk of failure 5% within 4 h (cfc-test)'] });
  });

  it('names the kind by the failure class, else by the strongest driver', () => {
    expect(analyse({ prediction: prediction({ '4h': 0.9 }, 'disk_fill') })[0]!.kind).toBe('disk');
    expect(analyse({ prediction: { ...prediction({ '4h': 0.9 }, null), drivers: [{ input: 'net.eth0.rx_errors', effect: 1 }] } })[0]!.kind).toBe('network');
    expect(analyse({ prediction: { ...prediction({ '4h': 0.9 }, null), drivers: [] } })[0]!.kind).toBe('behaviour');
  });

  it('also votes the kinds of the inputs that raised the risk, so a confused class head still meets the analyser that sees the resource', () => {
    // The class head says connection storm; the inputs that moved the risk are the inodes' fill rate and the CPU.
    const p = { ...prediction({ '4h': 0.9 }, 'connection_storm'), drivers: [
      { input: 'how fast inodes fills (last 4 hours)', effect: 0.8, id: 'slope.inodes' },
      { input: 'processes', effect: -0.5, id: 'proc.count' },
      { input: 'I/O wait versus its usual', effect: 0.3, id: 'dev.cpu.iowait' },
    ] };
    const kinds = analyse({ prediction: p }).map((v) => v.kind);
    expect(kinds).toEqual(['connections', 'disk', 'io']); // proc.count lowered the risk: not a kind of it
    expect(kindsOf(p)).toEqual(['connections', 'disk', 'io']);
    expect(kindOfInput('ttf.swap')).toBe('memory');
    expect(kindOfInput('dev.net.errors')).toBe('network');
    expect(kindOfInput('topo.drift')).toBeUndefined();
  });

  it('evidence says class, certainty, expected time and drivers', () => {
    expect(analyse({ prediction: prediction({ '1h': 0.75, '4h': 0.9 }) })[0]!.evidence[0]).toBe('75% risk of failure within 1h (memory leak, 90% sure); expected in 30m; driven by mem.used_pct');
  });

  it('a robust trend of the same resource that says sooner lifts the model one level, never more, and only on that kind', () => {
    // The model: a memory leak, watch (4-hour risk 0.6). The trend: memory full in 10 minutes (critical).
    const memSoon = { metric: 'mem.used_pct', value: 96, threshold: 98, slopePerHour: 12, ttfSeconds: 600 };
    const lifted = analyse({ prediction: prediction({ '4h': 0.6 }), forecasts: [memSoon] })[0]!;
    expect(lifted).toMatchObject({ kind: 'memory', severity: 'warning' });
    expect(lifted.evidence[0]).toMatch(/; the trend puts it sooner: mem\.used_pct reaches 98 in 10m/);
    // A trend on a kind the model does not name lifts nothing; no model level (ok), nothing to lift.
    const diskSoon = { metric: 'disk./.used_pct', value: 96, threshold: 100, slopePerHour: 24, ttfSeconds: 600 };
    expect(analyse({ prediction: prediction({ '4h': 0.6 }), forecasts: [diskSoon] }).map((v) => [v.kind, v.severity])).toEqual([['memory', 'watch']]);
    expect(analyse({ prediction: prediction({}), forecasts: [memSoon] })[0]).toMatchObject({ severity: 'ok' });
    // A trend that is not sooner than the model's level changes nothing.
    const memLate = { ...memSoon, ttfSeconds: 3 * 3600 };
    expect(analyse({ prediction: prediction({ '1h': 0.6, '4h': 0.8 }), forecasts: [memLate] })[0]).toMatchObject({ severity: 'warning', evidence: [expect.not.stringMatching(/trend/)] });
  });

  it('without model output it falls back to the forecasts, with less confidence', () => {
    const f = { metric: 'disk./.used_pct', value: 95, threshold: 100, slopePerHour: 10, ttfSeconds: 1800 };
    const votes = analyse({ forecasts: [f] });
    expect(votes[0]).toMatchObject({ kind: 'disk', severity: 'critical' });
    expect(votes[0]!.confidence).toBeLessThan(0.8);
    expect(analyse({})[0]).toMatchObject({ severity: 'ok', confidence: 0, evidence: ['no model output and no forecasts'] });
  });
});
