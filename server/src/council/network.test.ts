// The network analyser: link saturation, error and drop ratios, silent peers (partition),
// new peers in the fleet graph and connection surges against the host's baseline.
import { describe, expect, it } from 'vitest';
import { networkAnalyser } from './network.js';
import { DEFAULT_COUNCIL_OPTIONS } from './options.js';
import type { FleetContext } from './types.js';
import { MIN, T0, input, type InputParts } from './test-inputs.js';

const H = 3_600_000;
const run = (parts: InputParts, memory = networkAnalyser.initialMemory()) => ({
  votes: networkAnalyser.analyse(input(parts), { options: DEFAULT_COUNCIL_OPTIONS, memory, now: parts.ts ?? T0 }),
  memory,
});

function fleet(now: number, peers: Record<string, { lastSeen: number; count?: number }>): FleetContext {
  const hosts: Record<string, { lastSeen: number; intervalMs: number }> = { 'web-1': { lastSeen: now, intervalMs: 5000 } };
  for (const [id, p] of Object.entries(peers)) hosts[id] = { lastSeen: p.lastSeen, intervalMs: 5000 };
  return { now, hosts, edges: Object.entries(peers).map(([to, p]) => ({ from: 'web-1', to, count: p.count ?? 1 })) };
}

describe('network analyser', () => {
  it('saturation is judged against the link speed (bytes/s × 8)', () => {
    expect(run({ values: { 'net.eth0.rx_bps': 0.9 * 125e6 } }).votes[0]).toMatchObject({ kind: 'network', severity: 'warning', evidence: ['eth0 carries 90% of its 1000 Mb/s link (warning from 85%)'] });
    // Unknown speed: not judged.
    expect(run({ values: { 'net.eth0.rx_bps': 1e12 }, facts: null }).votes[0]!.severity).toBe('ok');
  });

  it('errors and drops as a share of packets, only when there is traffic', () => {
    expect(run({ values: { 'net.eth0.rx_errors': 20 } }).votes[0]).toMatchObject({ kind: 'network', severity: 'warning', evidence: ['eth0: 20 errors/s, 1.25% of packets (warning from 1%)'] });
    expect(run({ values: { 'net.eth0.rx_drops': 200 } }).votes[0]!.severity).toBe('critical');
    expect(run({ values: { 'net.eth0.rx_errors': 5, 'net.eth0.rx_pps': 2, 'net.eth0.tx_pps': 1 } }).votes[0]!.severity).toBe('ok');
  });

  it('fleet hosts it talks to going silent: a possible partition', () => {
    const now = T0;
    const f = fleet(now, { 'db-1': { lastSeen: now - 10 * MIN }, 'db-2': { lastSeen: now - 10 * MIN }, 'cache-1': { lastSeen: now } });
    const v = run({ fleet: f }).votes.find((x) => x.kind === 'network')!;
    expect(v.severity).toBe('warning');
    expect(v.evidence[0]).toBe('2 of the 3 fleet hosts this host talks to went silent (db-1, db-2): possible network partition');
  });

  it('after learning, most connections going to fleet hosts it never talked to is a change in who talks to whom', () => {
    let memory = networkAnalyser.initialMemory();
    const old = { 'db-1': { lastSeen: T0, count: 10 }, 'db-2': { lastSeen: T0, count: 10 } };
    for (let t = T0; t <= T0 + H; t += 10 * MIN) memory = run({ ts: t, fleet: fleet(t, old) }, memory).memory;
    const t = T0 + H + MIN;
    const moved = { ...old, 'x-1': { lastSeen: t, count: 30 }, 'x-2': { lastSeen: t, count: 30 }, 'x-3': { lastSeen: t, count: 30 }, 'x-4': { lastSeen: t, count: 30 } };
    const v = run({ ts: t, fleet: fleet(t, moved) }, structuredClone(memory)).votes.find((x) => x.kind === 'connections')!;
    expect(v).toMatchObject({ severity: 'warning' });
    expect(v.evidence[0]).toBe('86% of its connections to fleet hosts go to 4 hosts it never talked to (x-1, x-2, x-3, x-4)');
    // The same peers during learning say nothing.
    expect(run({ fleet: fleet(T0, moved) }).votes.find((x) => x.kind === 'connections')).toBeUndefined();
    // New peers stay new for half an hour, then they are the normal.
    let m2 = structuredClone(memory);
    for (let u = t; u <= t + 31 * MIN; u += 5 * MIN) m2 = run({ ts: u, fleet: fleet(u, moved) }, m2).memory;
    expect(run({ ts: t + 32 * MIN, fleet: fleet(t + 32 * MIN, moved) }, m2).votes.find((x) => x.kind === 'connections')).toBeUndefined();
  });

  it('a surge of established connections against the learned baseline', () => {
    let memory = networkAnalyser.initialMemory();
    for (let t = T0; t <= T0 + 2 * H; t += 5 * MIN) memory = run({ ts: t }, memory).memory;
    const v = run({ ts: T0 + 2 * H + MIN, values: { 'tcp.established': 1500 } }, memory).votes[0]!;
    expect(v).toMatchObject({ kind: 'connections', severity: 'critical' });
    expect(v.evidence[0]).toBe('1500 established TCP connections, 12.5× the usual 120');
  });
});
