// The security analyser: new listening ports, unusual remote endpoints, connection storms and
// process explosions, each judged against what the host itself usually does.
import type { ConnSummary } from '@aura/protocol';
import { describe, expect, it } from 'vitest';
import { DEFAULT_COUNCIL_OPTIONS } from './options.js';
import { securityAnalyser } from './security.js';
import { MIN, T0, input, type InputParts } from './test-inputs.js';

const H = 3_600_000;
const usual: ConnSummary = { listening: [22, 443], remotes: [{ addr: '10.0.0.7', port: 5432, count: 20 }, { addr: '10.0.0.8', port: 6379, count: 10 }] };

function learnt(hours = 2) {
  let memory = securityAnalyser.initialMemory();
  for (let t = T0; t <= T0 + hours * H; t += 5 * MIN) {
    securityAnalyser.analyse(input({ ts: t, conns: usual }), { options: DEFAULT_COUNCIL_OPTIONS, memory, now: t });
  }
  return memory;
}
const at = T0 + 2 * H + MIN;
const run = (parts: InputParts, memory = learnt()) => securityAnalyser.analyse(input({ ts: at, ...parts }), { options: DEFAULT_COUNCIL_OPTIONS, memory, now: parts.ts ?? at });

describe('security analyser', () => {
  it('the usual ports and peers: ok, and it says while it is still learning', () => {
    expect(run({ conns: usual })[0]).toMatchObject({ severity: 'ok', evidence: ['2 listening ports, 2 remote endpoints, 180 processes'] });
    const fresh = securityAnalyser.initialMemory();
    expect(run({ ts: T0, conns: { ...usual, listening: [22, 443, 4444] } }, fresh)[0]!.evidence[0]).toMatch(/still learning what is usual/);
  });

  it('a new listening port after learning: watch; a privileged one or several: warning', () => {
    expect(run({ conns: { ...usual, listening: [22, 443, 4444] } })[0]).toMatchObject({ kind: 'ports', severity: 'watch', evidence: ['new listening port 4444 (not in 2 h of history)'] });
    expect(run({ conns: { ...usual, listening: [22, 443, 25] } })[0]).toMatchObject({ kind: 'ports', severity: 'warning' });
  });

  it('most connections going to remote addresses new to the host', () => {
    const remotes = Array.from({ length: 8 }, (_, i) => ({ addr: `203.0.113.${i + 1}`, port: 443, count: 10 }));
    const v = run({ conns: { listening: usual.listening, remotes: [...usual.remotes, ...remotes] } })[0]!;
    expect(v).toMatchObject({ kind: 'connections', severity: 'watch' });
    expect(v.evidence[0]).toBe('73% of connections go to 8 remote addresses new to this host (203.0.113.1, 203.0.113.2, 203.0.113.3, 203.0.113.4, 203.0.113.5)');
  });

  it('a connection storm against the baseline, naming the busiest remote', () => {
    const v = run({ conns: { listening: usual.listening, remotes: [{ addr: '198.51.100.9', port: 80, count: 900 }, ...usual.remotes] } }).find((x) => x.evidence[0]!.startsWith('connection storm'))!;
    expect(v).toMatchObject({ kind: 'connections', severity: 'critical' });
    expect(v.evidence[0]).toBe('connection storm: 930 connections, 18.6× the usual 30; busiest 198.51.100.9:80 with 900');
  });

  it('a process explosion against the baseline', () => {
    const v = run({ conns: usual, values: { 'proc.count': 700 } })[0]!;
    expect(v).toMatchObject({ kind: 'processes', severity: 'warning', evidence: ['700 processes, 3.9× the usual 180'] });
  });

  it('a stale connection summary is ignored', () => {
    const inp = input({ ts: at, conns: { ...usual, listening: [22, 443, 4444] } });
    const stale = { ...inp, conns: { ts: at - 30 * MIN, summary: inp.conns!.summary } };
    expect(securityAnalyser.analyse(stale, { options: DEFAULT_COUNCIL_OPTIONS, memory: learnt(), now: at })[0]!.severity).toBe('ok');
  });
});
