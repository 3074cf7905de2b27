import type { FleetEntry } from '@aura/protocol';
import { describe, expect, it } from 'vitest';
import { FleetModel, RING } from './fleet-model.js';

const entry = (id: string, o: Partial<FleetEntry> = {}): FleetEntry => ({
  id,
  hostname: `${id}.example`,
  connected: true,
  lastSeen: 1000,
  firstSeen: 0,
  status: null,
  risk: null,
  ttfSeconds: null,
  cpu: null,
  mem: null,
  disk: null,
  points: [],
  ...o,
});

describe('FleetModel', () => {
  it('applies a snapshot then coalesced updates, keeping a bounded sparkline ring', () => {
    const m = new FleetModel();
    m.reset(1000, [entry('a', { points: [[990, 1, 2, 3]] })]);
    m.update(1001, [entry('a', { cpu: 50, points: Array.from({ length: RING }, (_, i) => [1000 + i, i, i, i] as [number, number, number, number]) })]);
    const a = m.hosts.get('a')!;
    expect(a.cpu).toBe(50);
    expect(a.points.length).toBe(RING);
    expect(a.points.at(-1)![0]).toBe(1000 + RING - 1);
    m.update(1002, [entry('b')]);
    expect([...m.hosts.keys()]).toEqual(['a', 'b']);
  });

  it('silent: disconnected, or connected without new samples for a minute of server time; new: first seen within 5 minutes', () => {
    const m = new FleetModel();
    m.reset(1000, [entry('gone', { connected: false }), entry('quiet', { lastSeen: 900 }), entry('fine', { lastSeen: 999, firstSeen: 800 })]);
    expect(['gone', 'quiet', 'fine'].map((id) => m.isSilent(m.hosts.get(id)!))).toEqual([true, true, false]);
    expect(m.isNew(m.hosts.get('fine')!)).toBe(true);
    expect(m.isNew(m.hosts.get('quiet')!)).toBe(false);
    m.tick(1100);
    expect(m.isSilent(m.hosts.get('fine')!)).toBe(true);
    m.update(1100, [entry('fine', { points: [[1099, 1, 1, 1]] })]);
    expect(m.isSilent(m.hosts.get('fine')!)).toBe(false);
  });

  it('sorts trouble first, filters by status, searches id and hostname', () => {
    const m = new FleetModel();
    m.reset(1000, [
      entry('ok-1', { status: 'ok', risk: 0.01, lastSeen: 1000 }),
      entry('crit', { status: 'critical', risk: 0.9, lastSeen: 1000 }),
      entry('warn', { status: 'warning', risk: 0.95, lastSeen: 1000, cpu: 99 }),
      entry('off', { connected: false, status: 'ok' }),
    ]);
    expect(m.view({ q: '', filter: 'all', sort: 'status' }).map((h) => h.id)).toEqual(['off', 'crit', 'warn', 'ok-1']);
    expect(m.view({ q: '', filter: 'all', sort: 'risk' }).map((h) => h.id)).toEqual(['warn', 'crit', 'ok-1', 'off']);
    expect(m.view({ q: '', filter: 'trouble', sort: 'name' }).map((h) => h.id)).toEqual(['crit', 'off', 'warn']);
    expect(m.view({ q: 'WARN.EX', filter: 'all', sort: 'name' }).map((h) => h.id)).toEqual(['warn']);
    expect(m.view({ q: '', filter: 'critical', sort: 'name' }).map((h) => h.id)).toEqual(['crit']);
    expect(m.counts()).toMatchObject({ ok: 2, critical: 1, warning: 1, silent: 1 });
  });
});
