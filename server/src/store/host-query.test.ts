import { join } from 'node:path';
import type { Sample } from '@aura/protocol';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { T0, tempDir } from '../testing.js';
import Database from 'better-sqlite3';
import { HostDb } from './host-db.js';
import { HOST_MIGRATIONS } from './host-schema.js';
import { maintainHost } from './host-maintain.js';
import { queryRange, sourceForStep } from './host-query.js';

const RETENTION = { rawMs: 365 * 86_400_000, minuteMs: 365 * 86_400_000, hourMs: 365 * 86_400_000 };
const STEP = 10_000;
/** Two hours of samples every 10 s: load.1 = i, mem.used_pct only on even i (100 + i), rx growing 1000 B/s. */
const N = 720;
const samples: Sample[] = Array.from({ length: N }, (_, i) => ({
  ts: T0 + i * STEP,
  gauges: i % 2 === 0 ? { 'load.1': i, 'mem.used_pct': 100 + i } : ({ 'load.1': i } as Record<string, number>),
  counters: { 'net.eth0.rx_bytes_total': i * 10_000, 'net.eth1.rx_bytes_total': i * 20_000 },
}));

let tmp: ReturnType<typeof tempDir>;
let host: HostDb;
beforeAll(() => {
  tmp = tempDir('aura-query-');
  host = new HostDb(join(tmp.dir, 'web-1.db'));
  for (let i = 0; i < N; i += 100) host.writeBatch(samples.slice(i, i + 100), 'i', i / 100 + 1);
});
afterAll(() => {
  host.close();
  tmp.remove();
});

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
/** load.1 values (= indices) of samples in [a, b) ms. */
const loads = (a: number, b: number) => samples.filter((s) => s.ts >= a && s.ts < b).map((s) => s.gauges['load.1']!);

describe('queryRange', () => {
  it('picks the table from the step', () => {
    expect(sourceForStep(1000)).toBe('raw');
    expect(sourceForStep(59_999)).toBe('raw');
    expect(sourceForStep(60_000)).toBe('1m');
    expect(sourceForStep(3_599_999)).toBe('1m');
    expect(sourceForStep(3_600_000)).toBe('1h');
  });

  it('raw at the sample interval: every value as stored, nulls where a metric is absent, columnar', () => {
    const r = queryRange(host, { fromMs: T0, toMs: T0 + 5 * STEP, stepMs: STEP, agg: 'avg' });
    expect(r.source).toBe('raw');
    expect(r.step).toBe(10);
    expect(r.timestamps).toEqual([0, 1, 2, 3, 4, 5].map((i) => (T0 + i * STEP) / 1000));
    expect(r.series['load.1']).toEqual([0, 1, 2, 3, 4, 5]);
    expect(r.series['mem.used_pct']).toEqual([100, null, 102, null, 104, null]);
    // The first sample has no rate (nothing before it); later ones 10,000 B per 10 s.
    expect(r.series['net.eth0.rx_bps']).toEqual([null, 1000, 1000, 1000, 1000, 1000]);
    expect(Object.keys(r.series).sort()).toEqual(['load.1', 'mem.used_pct', 'net.eth0.rx_bps', 'net.eth1.rx_bps']);
    for (const col of Object.values(r.series)) expect(col).toHaveLength(r.timestamps.length);
  });

  it('raw buckets align to multiples of the step, whatever `from` is, and aggregate avg, min and max', () => {
    const from = T0 + 25_000;
    const to = T0 + 185_000;
    const q = { fromMs: from, toMs: to, stepMs: 30_000 };
    const avg = queryRange(host, { ...q, agg: 'avg' });
    const min = queryRange(host, { ...q, agg: 'min' });
    const max = queryRange(host, { ...q, agg: 'max' });
    // Samples at 30 s … 180 s fall into buckets 30, 60, …, 180 (30 s each); the first bucket is partial.
    const buckets = [30_000, 60_000, 90_000, 120_000, 150_000, 180_000].map((b) => T0 + b);
    expect(avg.timestamps).toEqual(buckets.map((b) => b / 1000));
    for (const r of [avg, min, max]) for (const t of r.timestamps) expect((t * 1000) % 30_000).toBe(0);
    buckets.forEach((b, i) => {
      const xs = loads(Math.max(b, from), Math.min(b + 30_000, to + 1));
      expect(avg.series['load.1']![i]).toBeCloseTo(mean(xs), 12);
      expect(min.series['load.1']![i]).toBe(Math.min(...xs));
      expect(max.series['load.1']![i]).toBe(Math.max(...xs));
    });
    // The last bucket holds only the sample at 180 s (index 18, even: mem present).
    expect(max.series['mem.used_pct']!.at(-1)).toBe(118);
  });

  it('metric filters: exact names and prefixes ending in "*"', () => {
    const q = { fromMs: T0, toMs: T0 + 60_000, stepMs: STEP, agg: 'avg' as const };
    expect(Object.keys(queryRange(host, { ...q, metrics: ['net.*'] }).series).sort()).toEqual(['net.eth0.rx_bps', 'net.eth1.rx_bps']);
    expect(Object.keys(queryRange(host, { ...q, metrics: ['net.eth1.*', 'load.1'] }).series).sort()).toEqual(['load.1', 'net.eth1.rx_bps']);
    expect(Object.keys(queryRange(host, { ...q, metrics: ['mem.used_pct'] }).series)).toEqual(['mem.used_pct']);
    // An exact name is not a prefix.
    expect(queryRange(host, { ...q, metrics: ['load'] }).series).toEqual({});
    expect(queryRange(host, { ...q, metrics: ['nope.*'] }).series).toEqual({});
    expect(queryRange(host, { ...q, metrics: ['net.eth1.rx_bps'] }).series['net.eth1.rx_bps']![1]).toBe(2000);
  });

  it('an empty range gives empty columns', () => {
    expect(queryRange(host, { fromMs: T0 - 3_600_000, toMs: T0 - 1, stepMs: STEP, agg: 'avg' })).toEqual({ timestamps: [], series: {}, step: 10, source: 'raw' });
  });

  it('1-minute rollups: per-minute avg, min and max, re-aggregated for coarser steps (avg weighted by samples)', () => {
    const q = { fromMs: T0, toMs: T0 + 3_600_000 - 1, stepMs: 60_000 };
    const avg = queryRange(host, { ...q, agg: 'avg' });
    expect(avg.source).toBe('1m');
    expect(avg.timestamps).toHaveLength(60);
    expect(avg.timestamps[7]).toBe((T0 + 7 * 60_000) / 1000);
    expect(avg.series['load.1']![7]).toBeCloseTo(mean(loads(T0 + 7 * 60_000, T0 + 8 * 60_000)), 12);
    expect(queryRange(host, { ...q, agg: 'min' }).series['load.1']![7]).toBe(42);
    expect(queryRange(host, { ...q, agg: 'max' }).series['load.1']![7]).toBe(47);
    expect(queryRange(host, { ...q, agg: 'max' }).series['mem.used_pct']![7]).toBe(146);

    const five = queryRange(host, { fromMs: T0, toMs: T0 + 7_199_999, stepMs: 300_000, agg: 'avg' });
    expect(five.source).toBe('1m');
    expect(five.timestamps).toHaveLength(24);
    five.timestamps.forEach((t, i) => {
      const b = t * 1000;
      expect(five.series['load.1']![i]).toBeCloseTo(mean(loads(b, b + 300_000)), 9);
    });
    // The first minute's rate averages 5 samples (the first has none): still 1000 B/s.
    expect(avg.series['net.eth0.rx_bps']![0]).toBeCloseTo(1000, 9);
  });

  it('1-hour rollups exist only after upkeep rolls up the dirty hours; then avg, min and max are exact', () => {
    const q = { fromMs: T0, toMs: T0 + 2 * 3_600_000, stepMs: 3_600_000 };
    expect(queryRange(host, { ...q, agg: 'avg' })).toEqual({ timestamps: [], series: {}, step: 3600, source: '1h' });
    let calls = 0;
    while (maintainHost(host, RETENTION)) expect(++calls).toBeLessThan(100);
    const avg = queryRange(host, { ...q, agg: 'avg' });
    const min = queryRange(host, { ...q, agg: 'min' });
    const max = queryRange(host, { ...q, agg: 'max' });
    expect(avg.timestamps).toEqual([T0 / 1000, (T0 + 3_600_000) / 1000]);
    for (const h of [0, 1]) {
      const xs = loads(T0 + h * 3_600_000, T0 + (h + 1) * 3_600_000);
      expect(avg.series['load.1']![h]).toBeCloseTo(mean(xs), 9);
      expect(min.series['load.1']![h]).toBe(Math.min(...xs));
      expect(max.series['load.1']![h]).toBe(Math.max(...xs));
    }
    expect(min.series['mem.used_pct']).toEqual([100, 460]);
    expect(max.series['mem.used_pct']).toEqual([458, 818]);
    expect(host.db.prepare('SELECT COUNT(*) AS n FROM dirty_hour').get()).toEqual({ n: 0 });
    // A daily step over 1-hour rollups: both hours in one bucket, weighted by their sample counts.
    const day = queryRange(host, { fromMs: T0, toMs: T0 + 86_400_000, stepMs: 86_400_000, agg: 'avg' });
    expect(day.series['load.1']).toEqual([expect.closeTo(mean(loads(T0, T0 + 2 * 3_600_000)), 9)]);
  });
});

describe('metrics that are not in every sample', () => {
  // Minute 0: x.m in 1 of 6 samples (100); minute 1: in all 6 (0). Every sample has load.1.
  const rows = Array.from({ length: 12 }, (_, i): Sample => ({
    ts: T0 + 3_600_000 * 5 + i * 10_000,
    gauges: i === 0 ? { 'load.1': 1, 'x.m': 100 } : i >= 6 ? { 'load.1': 1, 'x.m': 0 } : ({ 'load.1': 1 } as Record<string, number>),
    counters: {},
  }));
  const base = T0 + 3_600_000 * 5;

  it('averages over rollups weigh each period by the samples that carried the metric (hand-computed: 100 / 7)', () => {
    const h = new HostDb(join(tmp.dir, 'intermittent.db'));
    try {
      h.writeBatch(rows, 'i', 1);
      while (maintainHost(h, RETENTION));
      const q = { fromMs: base, toMs: base + 3_599_999, metrics: ['x.m'], agg: 'avg' as const };
      expect(queryRange(h, { ...q, stepMs: 60_000 }).series['x.m']).toEqual([100, 0]);
      expect(queryRange(h, { ...q, stepMs: 300_000 }).series['x.m']![0]).toBeCloseTo(100 / 7, 12);
      expect(queryRange(h, { ...q, stepMs: 3_600_000 }).series['x.m']![0]).toBeCloseTo(100 / 7, 12);
      expect(queryRange(h, { ...q, stepMs: 86_400_000, fromMs: T0 }).series['x.m']![0]).toBeCloseTo(100 / 7, 12);
    } finally {
      h.close();
    }
  });

  it('rollup rows written before per-metric counts were kept are still read (weighted by their sample count)', () => {
    const h = new HostDb(join(tmp.dir, 'legacy.db'));
    try {
      h.writeBatch(rows, 'i', 1);
      h.db.exec('UPDATE rollup_1m SET c = NULL');
      const r = queryRange(h, { fromMs: base, toMs: base + 3_599_999, stepMs: 300_000, metrics: ['x.m'], agg: 'avg' });
      expect(r.series['x.m']![0]).toBeCloseTo((100 * 6 + 0 * 6) / 12, 12);
    } finally {
      h.close();
    }
  });

  it('a host file from before the migration opens, migrates and takes writes', () => {
    const file = join(tmp.dir, 'v1.db');
    const old = new Database(file);
    old.exec(HOST_MIGRATIONS[0]!);
    old.pragma('user_version = 1');
    old.close();
    const h = new HostDb(file);
    try {
      expect(h.db.pragma('user_version', { simple: true })).toBe(HOST_MIGRATIONS.length);
      h.writeBatch(rows, 'i', 1);
      while (maintainHost(h, RETENTION));
      expect(queryRange(h, { fromMs: base, toMs: base + 3_599_999, stepMs: 3_600_000, metrics: ['x.m'], agg: 'avg' }).series['x.m']![0]).toBeCloseTo(100 / 7, 12);
    } finally {
      h.close();
    }
  });
});

describe('queryRange against a reference implementation (property)', () => {
  // Irregular samples over ~3 hours; three gauges that come and go independently.
  const rand = mulberry32(7);
  const irregular: Sample[] = [];
  for (let ts = T0 + 123; ts < T0 + 3 * 3_600_000; ts += 1000 + Math.floor(rand() * 19_000)) {
    const g: Record<string, number> = {};
    for (const n of ['a.x', 'a.y', 'b.z']) if (rand() < 0.7) g[n] = Math.round((rand() * 200 - 100) * 1000) / 1000;
    irregular.push({ ts, gauges: g, counters: {} });
  }
  let h: HostDb;
  beforeAll(() => {
    h = new HostDb(join(tmp.dir, 'irregular.db'));
    for (let i = 0; i < irregular.length; i += 300) h.writeBatch(irregular.slice(i, i + 300), 'i', i + 1);
    while (maintainHost(h, RETENTION));
  });
  afterAll(() => h.close());

  type Agg = 'avg' | 'min' | 'max';
  /** Rows as (ts, n, avg/min/max per name) for one source, computed from the samples directly. */
  function rowsFor(source: 'raw' | '1m' | '1h') {
    if (source === 'raw') {
      return irregular.map((x) => ({
        ts: x.ts,
        v: Object.fromEntries(Object.entries(x.gauges).map(([k, v]) => [k, { avg: v, min: v, max: v }])),
        counts: Object.fromEntries(Object.keys(x.gauges).map((k) => [k, 1])) as Record<string, number>,
      }));
    }
    const size = source === '1m' ? 60_000 : 3_600_000;
    const groups = new Map<number, Sample[]>();
    for (const x of irregular) {
      const k = Math.floor(x.ts / size) * size;
      groups.set(k, [...(groups.get(k) ?? []), x]);
    }
    return [...groups].map(([ts, xs]) => {
      const v: Record<string, { avg: number; min: number; max: number }> = {};
      for (const n of ['a.x', 'a.y', 'b.z']) {
        const vals = xs.map((x) => x.gauges[n]).filter((x): x is number => x !== undefined);
        if (vals.length) v[n] = { avg: mean(vals), min: Math.min(...vals), max: Math.max(...vals) };
      }
      // An average over several periods weighs each by how many samples carried the metric.
      return { ts, v, counts: Object.fromEntries(Object.keys(v).map((n) => [n, xs.filter((x) => x.gauges[n] !== undefined).length])) as Record<string, number> };
    });
  }

  function reference(from: number, to: number, step: number, agg: Agg, metrics?: string[]) {
    const source = sourceForStep(step);
    const wanted = (n: string) => !metrics || metrics.some((m) => (m.endsWith('*') ? n.startsWith(m.slice(0, -1)) : n === m));
    const buckets = new Map<number, Map<string, { s: number; w: number }>>();
    for (const r of rowsFor(source)) {
      if (r.ts < from || r.ts > to) continue;
      const b = Math.floor(r.ts / step) * step;
      const m = buckets.get(b) ?? new Map<string, { s: number; w: number }>();
      buckets.set(b, m);
      for (const [n, v] of Object.entries(r.v)) {
        if (!wanted(n)) continue;
        const cur = m.get(n);
        if (agg === 'avg') m.set(n, { s: (cur?.s ?? 0) + v.avg * r.counts[n]!, w: (cur?.w ?? 0) + r.counts[n]! });
        else m.set(n, { s: cur ? (agg === 'min' ? Math.min(cur.s, v.min) : Math.max(cur.s, v.max)) : agg === 'min' ? v.min : v.max, w: 1 });
      }
    }
    const ts = [...buckets.keys()].sort((x, y) => x - y);
    const names = new Set(ts.flatMap((b) => [...buckets.get(b)!.keys()]));
    const series: Record<string, Array<number | null>> = {};
    for (const n of names) series[n] = ts.map((b) => {
      const c = buckets.get(b)!.get(n);
      return c ? (agg === 'avg' ? c.s / c.w : c.s) : null;
    });
    return { timestamps: ts.map((b) => b / 1000), series };
  }

  it('raw, 1m and 1h queries equal the reference for any range, step, aggregate and filter', () => {
    const span = 3 * 3_600_000;
    fc.assert(
      fc.property(
        fc.integer({ min: -600_000, max: span }),
        fc.integer({ min: 0, max: span }),
        fc.oneof(fc.integer({ min: 1, max: 59 }).map((s) => s * 1000), fc.constantFrom(60_000, 120_000, 300_000, 900_000, 3_600_000, 7_200_000, 86_400_000), fc.integer({ min: 1000, max: 5_000_000 })),
        fc.constantFrom<Agg>('avg', 'min', 'max'),
        fc.option(fc.subarray(['a.x', 'a.*', 'b.z', 'b.*', 'c.*'], { minLength: 1 }), { nil: undefined }),
        (start, len, step, agg, metrics) => {
          const from = T0 + start;
          const to = from + len;
          const got = queryRange(h, { fromMs: from, toMs: to, stepMs: step, agg, metrics });
          const want = reference(from, to, step, agg, metrics);
          expect(got.timestamps).toEqual(want.timestamps);
          expect(Object.keys(got.series).sort()).toEqual(Object.keys(want.series).sort());
          for (const [n, col] of Object.entries(want.series)) {
            col.forEach((v, i) => {
              const g = got.series[n]![i];
              if (v === null) expect(g).toBeNull();
              else expect(g).toBeCloseTo(v, 6);
            });
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});

/** A small seeded PRNG, so the stored data are the same on every run. */
function mulberry32(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
