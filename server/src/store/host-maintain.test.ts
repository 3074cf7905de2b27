import { join } from 'node:path';
import type { Sample } from '@aura/protocol';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { T0, tempDir } from '../testing.js';
import { HostDb } from './host-db.js';
import { maintainHost } from './host-maintain.js';
import { HOUR_MS, MINUTE_MS } from './host-schema.js';

let tmp: ReturnType<typeof tempDir>;
let host: HostDb;
beforeEach(() => {
  tmp = tempDir('aura-maintain-');
  host = new HostDb(join(tmp.dir, 'web-1.db'));
});
afterEach(() => {
  host.close();
  tmp.remove();
});

/** `hours` of samples every `everyMs`, written in batches like an agent would, with conns changing each sample. */
function fill(start: number, hours: number, everyMs: number): number {
  const all: Sample[] = [];
  for (let ts = start; ts < start + hours * HOUR_MS; ts += everyMs) {
    all.push({ ts, gauges: { 'load.1': ts / 1e12 }, counters: {}, conns: { listening: [ts % 65536], remotes: [] } });
  }
  for (let i = 0; i < all.length; i += 500) host.writeBatch(all.slice(i, i + 500), 'i', i / 500 + 1);
  return all.at(-1)!.ts;
}

const oldest = (table: string) => (host.db.prepare(`SELECT MIN(ts) AS ts FROM ${table}`).get() as { ts: number | null }).ts;
const count = (table: string, from = -Infinity) => (host.db.prepare(`SELECT COUNT(*) AS n FROM ${table} WHERE ts >= ?`).get(Number.isFinite(from) ? from : -1e18) as { n: number }).n;

describe('maintainHost', () => {
  it('has nothing to do on an empty host', () => {
    expect(maintainHost(host, { rawMs: HOUR_MS, minuteMs: HOUR_MS, hourMs: HOUR_MS })).toBe(false);
  });

  it('deletes by event time in bounded steps, returning true while work remains', () => {
    const newest = fill(T0, 72, 5 * MINUTE_MS);
    const retention = { rawMs: 1 * HOUR_MS, minuteMs: 24 * HOUR_MS, hourMs: 48 * HOUR_MS };
    const before = { sample: count('sample'), minute: count('rollup_1m') };
    expect(before).toEqual({ sample: 864, minute: 864 });

    let calls = 0;
    let prevOldest = oldest('sample')!;
    let more = true;
    while (more) {
      more = maintainHost(host, retention);
      calls++;
      expect(calls).toBeLessThan(200);
      // One call deletes at most a 6-hour slice of event time from the raw table.
      const o = oldest('sample')!;
      expect(o - prevOldest).toBeLessThanOrEqual(6 * HOUR_MS);
      prevOldest = o;
    }
    // 72 dirty hours at 8 per call, then 71 hours of raw samples in 6-hour slices: many calls.
    expect(calls).toBeGreaterThan(10);
    expect(maintainHost(host, retention)).toBe(false);

    // What is left is exactly what the retention keeps, measured from the newest sample.
    expect(oldest('sample')).toBe(newest - HOUR_MS);
    expect(count('sample')).toBe(13);
    expect(oldest('conns')).toBe(newest - HOUR_MS);
    expect(oldest('rollup_1m')).toBe(newest - 24 * HOUR_MS);
    expect(count('rollup_1m')).toBe(24 * 12 + 1);
    // Hours are keyed by their start: the hour holding the cutoff starts before it and goes too.
    expect(oldest('rollup_1h')).toBe(Math.ceil((newest - 48 * HOUR_MS) / HOUR_MS) * HOUR_MS);
    expect(count('rollup_1h')).toBe(48);
    expect(count('dirty_hour')).toBe(0);
  });

  it('uses event time, not the wall clock: an old trace within retention of its own newest sample is kept', () => {
    const start = Date.UTC(2015, 5, 1);
    fill(start, 3, MINUTE_MS);
    const retention = { rawMs: 7 * 86_400_000, minuteMs: 90 * 86_400_000, hourMs: 730 * 86_400_000 };
    while (maintainHost(host, retention));
    expect(count('sample')).toBe(180);
    expect(oldest('sample')).toBe(start);
    expect(count('rollup_1h')).toBe(3);
  });

  it('rolls up only dirty hours: a later write makes its hour dirty again and the 1-hour row is recomputed', () => {
    fill(T0, 2, MINUTE_MS);
    const retention = { rawMs: 30 * 86_400_000, minuteMs: 30 * 86_400_000, hourMs: 30 * 86_400_000 };
    while (maintainHost(host, retention));
    const n = () => (host.db.prepare('SELECT n FROM rollup_1h WHERE ts = ?').get(T0 + HOUR_MS) as { n: number }).n;
    expect(n()).toBe(60);
    // A late sample inside the second hour.
    host.writeBatch([{ ts: T0 + HOUR_MS + 30_000, gauges: { 'load.1': 9 }, counters: {} }], 'i', 99);
    expect(count('dirty_hour')).toBe(1);
    while (maintainHost(host, retention));
    expect(n()).toBe(61);
  });
});
