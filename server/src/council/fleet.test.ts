// The fleet tracker and the council's sweep for silent hosts, on the fleet's event-time clock.
import { describe, expect, it } from 'vitest';
import { createCouncil, createFleetTracker, fleetClock } from './index.js';
import { FACTS, MIN, T0, input } from './test-inputs.js';

describe('fleet clock', () => {
  it('sets aside up to two hosts running ahead, but never a majority', () => {
    expect(fleetClock([])).toBeNull();
    expect(fleetClock([5])).toBe(5);
    expect(fleetClock([5, 9])).toBe(9);
    expect(fleetClock([5, 9, 7])).toBe(7);
    expect(fleetClock([100, 5000, 101, 99, 102])).toBe(101);
    expect(fleetClock([1, 2, 3, 4, 5, 6, 7, 8, 9, 10])).toBe(8);
  });

  it('the tracker keeps the same clock incrementally, and forgets hosts', () => {
    const f = createFleetTracker();
    const seen: number[] = [];
    for (let i = 0; i < 200; i++) {
      const id = `h${i % 17}`;
      const ts = T0 + ((i * 7919) % 1000) * 1000;
      f.noteSamples(id, ts);
      seen[i % 17] = Math.max(seen[i % 17] ?? 0, ts);
      expect(f.now()).toBe(fleetClock(seen.filter((x) => x !== undefined)));
    }
    f.forget('h3');
    expect(f.now()).toBe(fleetClock(seen.filter((_, i) => i !== 3)));
  });

  it('maps remote addresses to hosts for who-talks-to-whom', () => {
    const f = createFleetTracker();
    f.noteHost('web-1', FACTS, 5000);
    f.noteHost('db-1', { ...FACTS, interfaces: [{ name: 'eth0', addresses: ['10.0.0.9/24'] }] }, 5000);
    f.noteSamples('web-1', T0);
    f.noteConns('web-1', { listening: [], remotes: [{ addr: '10.0.0.9', port: 5432, count: 4 }, { addr: '8.8.8.8', port: 53, count: 1 }] });
    expect(f.context().edges).toEqual([{ from: 'web-1', to: 'db-1', count: 4 }]);
    expect(f.context().hosts).toEqual({ 'web-1': { lastSeen: T0, intervalMs: 5000 } });
  });
});

describe('council sweep: silent hosts', () => {
  function fleetOf(n: number) {
    const f = createFleetTracker();
    for (let i = 0; i < n; i++) {
      f.noteHost(`h${i}`, null, 5000);
      f.noteSamples(`h${i}`, T0);
    }
    return f;
  }

  it('a host behind the fleet clock by silentAfter is silent (warning), once, and back when it reports', () => {
    const council = createCouncil();
    const f = fleetOf(5);
    for (let i = 1; i < 5; i++) f.noteSamples(`h${i}`, T0 + 2 * MIN);
    expect(council.sweep(f.context())).toEqual([]);
    for (let i = 1; i < 5; i++) f.noteSamples(`h${i}`, T0 + 3 * MIN);
    const [s] = council.sweep(f.context());
    expect(s!.hostId).toBe('h0');
    expect(s!.decision).toMatchObject({ decision: 'warning', kind: 'silent', concerns: [{ kind: 'silent', severity: 'warning', since: T0 / 1000 }] });
    expect(s!.decision.votes[0]!.evidence[0]).toBe('no samples for 3m of fleet time (last at 2026-01-01T00:00:00Z) while 4 of 5 hosts keep reporting');
    expect(council.sweep(f.context())).toEqual([]);
    f.noteSamples('h0', T0 + 3 * MIN);
    const [back] = council.sweep(f.context());
    expect(back).toMatchObject({ hostId: 'h0', decision: { decision: 'ok', concerns: [{ kind: 'silent', severity: 'ok' }] } });
  });

  it('hosts falling silent together hint at a partition; one that was already in trouble is critical', () => {
    const council = createCouncil({ for: { warning: 0 } });
    council.decide(input({ hostId: 'h1', values: { 'mem.used_pct': 99, 'swap.used_pct': 99 }, forecasts: [{ metric: 'mem.used_pct', value: 99, threshold: 100, slopePerHour: 30, ttfSeconds: 120 }] }));
    const f = fleetOf(6);
    for (let i = 2; i < 6; i++) f.noteSamples(`h${i}`, T0 + 5 * MIN);
    const out = new Map(council.sweep(f.context()).map((x) => [x.hostId, x.decision]));
    expect([...out.keys()].sort()).toEqual(['h0', 'h1']);
    expect(out.get('h0')!.decision).toBe('warning');
    expect(out.get('h1')!.decision).toBe('critical');
    expect(out.get('h0')!.votes[0]!.evidence[1]).toBe('1 other host went silent within a minute of it (h1): possible network partition');
  });

  it('silence waits at least four sampling intervals of the host', () => {
    const council = createCouncil();
    const f = createFleetTracker();
    f.noteHost('slow', null, 60_000);
    for (const id of ['slow', 'a', 'b']) f.noteSamples(id, T0);
    f.noteSamples('a', T0 + 3 * MIN);
    f.noteSamples('b', T0 + 3 * MIN);
    expect(council.sweep(f.context())).toEqual([]);
    f.noteSamples('a', T0 + 4 * MIN);
    f.noteSamples('b', T0 + 4 * MIN);
    expect(council.sweep(f.context()).map((x) => x.hostId)).toEqual(['slow']);
  });
});
