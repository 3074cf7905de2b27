import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { T0, netSample, tempDir } from '../testing.js';
import { HostDb } from './host-db.js';
import { queryRange } from './host-query.js';

let tmp: ReturnType<typeof tempDir>;
let open: HostDb[] = [];
beforeEach(() => {
  tmp = tempDir('aura-hostdb-');
  open = [];
});
afterEach(() => {
  for (const h of open) h.close();
  tmp.remove();
});

function hostAt(file = join(tmp.dir, 'web-1.db')): HostDb {
  const h = new HostDb(file);
  open.push(h);
  return h;
}

const count = (h: HostDb, table: string) => (h.db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n;
const tsList = (h: HostDb) => (h.db.prepare('SELECT ts FROM sample ORDER BY ts').all() as Array<{ ts: number }>).map((r) => r.ts);
/** The derived values stored for the sample at `ts`. */
const valuesAt = (h: HostDb, ts: number) => {
  const r = queryRange(h, { fromMs: ts, toMs: ts, stepMs: 1000, agg: 'avg' });
  expect(r.timestamps).toEqual([ts / 1000]);
  return Object.fromEntries(Object.entries(r.series).map(([k, v]) => [k, v[0]]));
};

describe('HostDb.writeBatch', () => {
  it('is idempotent: the same batch twice is stored once, and the sequence number is committed with it', () => {
    const h = hostAt();
    expect(h.lastSeq('inst-a')).toBe(0);
    const batch = [netSample(T0, 0), netSample(T0 + 5000, 5000), netSample(T0 + 10_000, 10_000)];
    const first = h.writeBatch(batch, 'inst-a', 1);
    expect(first).toMatchObject({ written: 3, duplicates: 0, values: 1 + 2 + 2, newestTs: T0 + 10_000 });
    // The newly stored samples, in order, and the newest one's derived values.
    expect(first.rows.map((r) => r.ts)).toEqual([T0, T0 + 5000, T0 + 10_000]);
    expect(first.latest).toEqual({ ts: T0 + 10_000, values: { 'load.1': 1, 'net.eth0.rx_bps': 1000 } });
    expect(h.lastSeq('inst-a')).toBe(1);
    const minuteBefore = h.db.prepare('SELECT * FROM rollup_1m').all();
    expect(h.writeBatch(batch, 'inst-a', 1)).toEqual({ written: 0, duplicates: 3, values: 0, newestTs: T0 + 10_000, rows: [] });
    expect(tsList(h)).toEqual([T0, T0 + 5000, T0 + 10_000]);
    expect(h.db.prepare('SELECT * FROM rollup_1m').all()).toEqual(minuteBefore);
    // The replay did not wipe the rates the first write derived.
    expect(valuesAt(h, T0 + 10_000)).toEqual({ 'load.1': 1, 'net.eth0.rx_bps': 1000 });
    // Sequence numbers are per agent instance.
    expect(h.lastSeq('inst-b')).toBe(0);
  });

  it('a batch that overlaps the last one stores only the new samples, with rates from the stored ones', () => {
    const h = hostAt();
    h.writeBatch([netSample(T0, 0), netSample(T0 + 5000, 5000)], 'i', 1);
    const r = h.writeBatch([netSample(T0 + 5000, 5000), netSample(T0 + 10_000, 15_000)], 'i', 2);
    expect(r).toMatchObject({ written: 1, duplicates: 1 });
    expect(valuesAt(h, T0 + 10_000)['net.eth0.rx_bps']).toBe(2000);
  });

  it('derives rates across batches from the previous batch\'s last sample, also after closing and reopening the file', () => {
    const file = join(tmp.dir, 'web-1.db');
    const h = hostAt(file);
    h.writeBatch([netSample(T0, 1000), netSample(T0 + 5000, 6000)], 'i', 1);
    // First sample ever: no rate; second: (6000 - 1000) / 5 s.
    expect(valuesAt(h, T0)).toEqual({ 'load.1': 1 });
    expect(valuesAt(h, T0 + 5000)['net.eth0.rx_bps']).toBe(1000);
    h.writeBatch([netSample(T0 + 10_000, 16_000)], 'i', 2);
    expect(valuesAt(h, T0 + 10_000)['net.eth0.rx_bps']).toBe(2000);
    h.close();

    const again = hostAt(file);
    expect(again.lastSeq('i')).toBe(2);
    expect(again.newestTs()).toBe(T0 + 10_000);
    again.writeBatch([netSample(T0 + 15_000, 31_000)], 'i', 3);
    expect(valuesAt(again, T0 + 15_000)['net.eth0.rx_bps']).toBe(3000);
    // A counter reset (agent host rebooted) counts from zero.
    again.writeBatch([netSample(T0 + 20_000, 500)], 'i', 4);
    expect(valuesAt(again, T0 + 20_000)['net.eth0.rx_bps']).toBe(100);
    expect(again.latest()).toEqual({ ts: T0 + 20_000, values: { 'load.1': 1, 'net.eth0.rx_bps': 100 } });
  });

  it('a late sample older than the newest is stored without a rate and does not become the rate base', () => {
    const h = hostAt();
    h.writeBatch([netSample(T0, 0), netSample(T0 + 10_000, 10_000)], 'i', 1);
    h.writeBatch([netSample(T0 + 5000, 999_999)], 'i', 2);
    expect(valuesAt(h, T0 + 5000)).toEqual({ 'load.1': 1 });
    h.writeBatch([netSample(T0 + 15_000, 15_000)], 'i', 3);
    expect(valuesAt(h, T0 + 15_000)['net.eth0.rx_bps']).toBe(1000);
  });

  it('stores connection summaries only when they change', () => {
    const h = hostAt();
    const conns = { listening: [22, 443], remotes: [{ addr: '10.0.0.9', port: 5432, count: 3 }] };
    h.writeBatch(
      [
        { ...netSample(T0, 0), conns },
        { ...netSample(T0 + 5000, 0), conns },
        { ...netSample(T0 + 10_000, 0), conns: { ...conns, listening: [22] } },
      ],
      'i',
      1,
    );
    h.writeBatch([{ ...netSample(T0 + 15_000, 0), conns: { ...conns, listening: [22] } }], 'i', 2);
    expect((h.db.prepare('SELECT ts FROM conns ORDER BY ts').all() as Array<{ ts: number }>).map((r) => r.ts)).toEqual([T0, T0 + 10_000]);
  });

  it('a transaction that fails midway leaves nothing half-written, and the next batch derives its rates from committed state', () => {
    const h = hostAt();
    h.writeBatch([netSample(T0, 0), netSample(T0 + 5000, 5000)], 'i', 1);
    const metricsBefore = h.db.prepare('SELECT * FROM metric ORDER BY id').all();
    const layoutsBefore = h.db.prepare('SELECT * FROM layout ORDER BY id').all();
    const minuteBefore = h.db.prepare('SELECT * FROM rollup_1m ORDER BY ts').all();
    // A real SQLite failure on the third sample of the batch, after two rows and a new metric were written.
    h.db.exec(`CREATE TRIGGER fail_third BEFORE INSERT ON sample WHEN NEW.ts = ${T0 + 20_000} BEGIN SELECT RAISE(ABORT, 'disk on fire'); END`);
    expect(() =>
      h.writeBatch(
        [netSample(T0 + 10_000, 100_000, { 'load.1': 2, 'new.gauge': 7 }), netSample(T0 + 15_000, 200_000), netSample(T0 + 20_000, 300_000)],
        'i',
        2,
      ),
    ).toThrow(/disk on fire/);
    expect(tsList(h)).toEqual([T0, T0 + 5000]);
    expect(h.lastSeq('i')).toBe(1);
    expect(h.newestTs()).toBe(T0 + 5000);
    expect(h.db.prepare('SELECT * FROM metric ORDER BY id').all()).toEqual(metricsBefore);
    expect(h.db.prepare('SELECT * FROM layout ORDER BY id').all()).toEqual(layoutsBefore);
    expect(h.db.prepare('SELECT * FROM rollup_1m ORDER BY ts').all()).toEqual(minuteBefore);
    expect(h.layouts.allNames()).not.toContain('new.gauge');

    h.db.exec('DROP TRIGGER fail_third');
    // The retry: rates come from T0+5000 (committed), not from the rolled-back samples; the new
    // metric and layout are created afresh and every stored row still resolves to a layout.
    expect(h.writeBatch([netSample(T0 + 10_000, 15_000, { 'load.1': 2, 'new.gauge': 7 })], 'i', 2)).toMatchObject({ written: 1 });
    expect(valuesAt(h, T0 + 10_000)).toEqual({ 'load.1': 2, 'new.gauge': 7, 'net.eth0.rx_bps': 2000 });
    expect(h.lastSeq('i')).toBe(2);
    h.close();
    const reopened = hostAt(h.file);
    expect(valuesAt(reopened, T0 + 10_000)).toEqual({ 'load.1': 2, 'new.gauge': 7, 'net.eth0.rx_bps': 2000 });
    expect(queryRange(reopened, { fromMs: T0, toMs: T0 + 60_000, stepMs: 60_000, agg: 'max' }).series['new.gauge']).toEqual([7]);
  });

  it('skips non-finite derived values instead of storing them', () => {
    const h = hostAt();
    h.writeBatch([{ ts: T0, gauges: { 'load.1': 1, 'bad.gauge': Number.NaN, 'inf.gauge': Number.POSITIVE_INFINITY }, counters: {} }], 'i', 1);
    expect(valuesAt(h, T0)).toEqual({ 'load.1': 1 });
  });

  it('creates the host file atomically: no temporary file is left behind', async () => {
    const { readdirSync } = await import('node:fs');
    hostAt(join(tmp.dir, 'fresh.db'));
    expect(readdirSync(tmp.dir).filter((f) => f.includes('creating'))).toEqual([]);
  });
});
