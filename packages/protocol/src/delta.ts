/**
 * Delta codec for one batch. The first sample of a batch is a keyframe (absolute values); each
 * later one carries only what changed: counter increments, changed gauges, names that vanished.
 * Batches are self-contained so a replayed or reordered batch never depends on another one;
 * permessage-deflate's shared window makes the repeated keyframe cheap on the wire.
 */
import { z } from 'zod';
import { connSummarySchema, finiteNumber, metricNameSchema, valueMapSchema, type ConnSummary, type Sample } from './sample.js';

export interface DeltaSample {
  /** Keyframe: absolute unix ms. Later samples: ms since the previous sample (> 0). */
  t: number;
  /** Gauges new or changed. */
  g?: Record<string, number>;
  /** Gauges gone since the previous sample. */
  gx?: string[];
  /** Counter increments since the previous sample (exact: prev + inc === cur). */
  c?: Record<string, number>;
  /** Counters with an absolute value: new, reset, or not exactly representable as an increment. */
  cr?: Record<string, number>;
  /** Counters gone since the previous sample. */
  cx?: string[];
  /** Connection summary when it changed; null when it is no longer reported. */
  n?: ConnSummary | null;
}

export const deltaSampleSchema = z.object({
  t: z.number().int(),
  g: valueMapSchema.optional(),
  gx: z.array(metricNameSchema).max(4096).optional(),
  c: z.record(metricNameSchema, finiteNumber.refine((v) => v >= 0, 'counter increments are never negative')).optional(),
  cr: z.record(metricNameSchema, finiteNumber).optional(),
  cx: z.array(metricNameSchema).max(4096).optional(),
  n: connSummarySchema.nullable().optional(),
});

function sameConns(a: ConnSummary | undefined, b: ConnSummary | undefined): boolean {
  return JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
}

/**
 * Encode samples (in time order) as one self-contained batch.
 * @example decodeSamples(encodeSamples(samples)) // deep-equals samples
 */
export function encodeSamples(samples: readonly Sample[]): DeltaSample[] {
  const out: DeltaSample[] = [];
  let prev: Sample | undefined;
  for (const s of samples) {
    if (!prev) {
      const d: DeltaSample = { t: s.ts };
      if (Object.keys(s.gauges).length) d.g = { ...s.gauges };
      if (Object.keys(s.counters).length) d.cr = { ...s.counters };
      if (s.conns) d.n = s.conns;
      out.push(d);
      prev = s;
      continue;
    }
    const d: DeltaSample = { t: s.ts - prev.ts };
    const g: Record<string, number> = {};
    let gn = 0;
    for (const [k, v] of Object.entries(s.gauges)) {
      if (!Object.is(prev.gauges[k], v)) {
        g[k] = v;
        gn++;
      }
    }
    if (gn) d.g = g;
    const gx = Object.keys(prev.gauges).filter((k) => !Object.hasOwn(s.gauges, k));
    if (gx.length) d.gx = gx;
    const c: Record<string, number> = {};
    const cr: Record<string, number> = {};
    let cn = 0;
    let crn = 0;
    for (const [k, v] of Object.entries(s.counters)) {
      const p = prev.counters[k];
      if (p !== undefined && v >= p && p + (v - p) === v) {
        if (v !== p) {
          c[k] = v - p;
          cn++;
        }
      } else {
        cr[k] = v;
        crn++;
      }
    }
    if (cn) d.c = c;
    if (crn) d.cr = cr;
    const cx = Object.keys(prev.counters).filter((k) => !Object.hasOwn(s.counters, k));
    if (cx.length) d.cx = cx;
    if (!sameConns(prev.conns, s.conns)) d.n = s.conns ?? null;
    out.push(d);
    prev = s;
  }
  return out;
}

/** Thrown when a batch cannot be decoded into a consistent sequence of samples. */
export class DeltaDecodeError extends Error {
  override name = 'DeltaDecodeError';
}

/** Decode one batch back into full samples. Throws DeltaDecodeError on an inconsistent batch. */
export function decodeSamples(batch: readonly DeltaSample[]): Sample[] {
  const out: Sample[] = [];
  let prev: Sample | undefined;
  for (const [i, d] of batch.entries()) {
    if (!prev) {
      const s: Sample = { ts: d.t, gauges: { ...d.g }, counters: { ...d.cr } };
      if (d.c && Object.keys(d.c).length) throw new DeltaDecodeError(`samples[${i}]: the first sample of a batch cannot hold increments`);
      if (d.n) s.conns = d.n;
      out.push(s);
      prev = s;
      continue;
    }
    if (d.t <= 0) throw new DeltaDecodeError(`samples[${i}].t: timestamps must increase within a batch (got +${d.t} ms)`);
    const gauges = { ...prev.gauges };
    for (const k of d.gx ?? []) delete gauges[k];
    Object.assign(gauges, d.g);
    const counters = { ...prev.counters };
    for (const k of d.cx ?? []) delete counters[k];
    for (const [k, inc] of Object.entries(d.c ?? {})) {
      // Own properties only: "constructor" is a valid metric name that every object inherits.
      const p = Object.hasOwn(counters, k) ? counters[k] : undefined;
      if (p === undefined) throw new DeltaDecodeError(`samples[${i}].c["${k}"]: increment for a counter that has no previous value`);
      counters[k] = p + inc;
    }
    Object.assign(counters, d.cr);
    const s: Sample = { ts: prev.ts + d.t, gauges, counters };
    const conns = d.n === undefined ? prev.conns : d.n ?? undefined;
    if (conns) s.conns = conns;
    out.push(s);
    prev = s;
  }
  return out;
}
