/** Reading a host's history as columns: raw samples or rollups, bucketed to a step. */
import type { MetricsResponse } from '@aura/protocol';
import type { HostDb, RawRow } from './host-db.js';
import { HOUR_MS, MINUTE_MS } from './host-schema.js';
import { valueAt } from './values.js';

export interface RangeQuery {
  fromMs: number;
  toMs: number;
  stepMs: number;
  /** Exact names or prefixes ending in "*"; undefined = every metric. */
  metrics?: string[] | undefined;
  agg: 'avg' | 'min' | 'max';
}

/** Which table answers a step: raw below a minute, 1-minute rollups below an hour, else 1-hour. */
export function sourceForStep(stepMs: number): MetricsResponse['source'] {
  if (stepMs < MINUTE_MS) return 'raw';
  if (stepMs < HOUR_MS) return '1m';
  return '1h';
}

const TABLE = { raw: 'sample', '1m': 'rollup_1m', '1h': 'rollup_1h' } as const;

function matcher(patterns: string[] | undefined): (name: string) => boolean {
  if (!patterns) return () => true;
  const exact = new Set(patterns.filter((p) => !p.endsWith('*')));
  const prefixes = patterns.filter((p) => p.endsWith('*')).map((p) => p.slice(0, -1));
  return (n) => exact.has(n) || prefixes.some((p) => n.startsWith(p));
}

/** Query a range, averaging (or min/max) values that fall in the same step bucket. */
export function queryRange(host: HostDb, q: RangeQuery): MetricsResponse {
  const source = sourceForStep(q.stepMs);
  const rows = host.db
    .prepare(`SELECT ts, layout, v${source === 'raw' ? ', 1 AS n, NULL AS c' : ', n, c'} FROM ${TABLE[source]} WHERE ts >= ? AND ts <= ? ORDER BY ts`)
    .all(q.fromMs, q.toMs) as Array<RawRow & { n: number; c: Buffer | null }>;
  const wanted = matcher(q.metrics);
  // Per layout: which blob positions we read (for rollups, at the offset of the aggregate asked for) and the metric's index.
  const plans = new Map<number, Array<[name: string, pos: number, i: number]>>();
  const buckets: number[] = [];
  const sums = new Map<string, Float64Array>();
  const weights = new Map<string, Float64Array>();
  const estimate = Math.min(rows.length, Math.ceil((q.toMs - q.fromMs) / q.stepMs) + 1);
  let bucketIndex = -1;
  let lastBucket = Number.NaN;
  for (const r of rows) {
    const b = Math.floor(r.ts / q.stepMs) * q.stepMs;
    if (b !== lastBucket) {
      buckets.push(b);
      bucketIndex++;
      lastBucket = b;
    }
    let plan = plans.get(r.layout);
    if (!plan) {
      const layout = host.layouts.get(r.layout);
      const k = layout.names.length;
      const offset = source === 'raw' ? 0 : q.agg === 'avg' ? 0 : q.agg === 'min' ? k : 2 * k;
      plan = layout.names.flatMap((n, i) => (wanted(n) ? [[n, offset + i, i] as [string, number, number]] : []));
      plans.set(r.layout, plan);
    }
    for (const [name, pos, i] of plan) {
      let s = sums.get(name);
      let w = weights.get(name);
      if (!s || !w) {
        sums.set(name, (s = new Float64Array(estimate)));
        weights.set(name, (w = new Float64Array(estimate)));
      }
      const v = valueAt(r.v, pos);
      if (q.agg === 'avg' || w[bucketIndex] === 0) {
        if (q.agg === 'avg') {
          // Weighted by the samples that carried this metric (rows from before counts were kept: all of them).
          const weight = r.c ? valueAt(r.c, i) : r.n;
          s[bucketIndex]! += v * weight;
          w[bucketIndex]! += weight;
        } else {
          s[bucketIndex] = v;
          w[bucketIndex] = 1;
        }
      } else if (q.agg === 'min' ? v < s[bucketIndex]! : v > s[bucketIndex]!) {
        s[bucketIndex] = v;
      }
    }
  }
  const series: MetricsResponse['series'] = {};
  for (const [name, s] of sums) {
    const w = weights.get(name)!;
    const col = new Array<number | null>(buckets.length);
    for (let i = 0; i < buckets.length; i++) col[i] = w[i]! > 0 ? (q.agg === 'avg' ? s[i]! / w[i]! : s[i]!) : null;
    series[name] = col;
  }
  return { timestamps: buckets.map((b) => b / 1000), series, step: q.stepMs / 1000, source };
}
