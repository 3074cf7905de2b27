import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DeltaDecodeError, decodeSamples, encodeSamples, type DeltaSample } from './delta.js';
import { batchFrameSchema } from './frames.js';
import type { ConnSummary, Sample } from './sample.js';

const name = fc.constantFrom('cpu.user_ticks', 'net.eth0.rx_bytes_total', 'net.eth1.rx_bytes_total', 'diskio.sda.reads_total', 'agent.cpu_seconds_total', 'x.y_total');
const gaugeName = fc.constantFrom('load.1', 'mem.used_pct', 'disk./.used_pct', 'disk./var/log.used_pct', 'temp.cpu', 'tcp.established');
const finite = fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e12, max: 1e12 }).map((v) => (Object.is(v, -0) ? 0 : v));
const counterValue = fc.oneof(fc.nat({ max: 2 ** 40 }), fc.double({ min: 0, max: 1e9, noNaN: true }).map((v) => (Object.is(v, -0) ? 0 : v)));
const connSummary: fc.Arbitrary<ConnSummary> = fc.record({
  listening: fc.array(fc.integer({ min: 0, max: 65535 }), { maxLength: 3 }),
  remotes: fc.array(fc.record({ addr: fc.constantFrom('10.0.0.1', '10.0.0.2', '::1'), port: fc.integer({ min: 0, max: 65535 }), count: fc.integer({ min: 1, max: 9 }) }), { maxLength: 3 }),
});
const conns = fc.option(connSummary, { nil: undefined });

/** Samples with increasing timestamps; counters that grow, reset, appear and vanish; gauges that come and go. */
const samples = fc
  .array(
    fc.record({
      dt: fc.integer({ min: 1, max: 600_000 }),
      gauges: fc.dictionary(gaugeName, finite, { maxKeys: 4 }),
      counters: fc.dictionary(name, counterValue, { maxKeys: 5 }),
      conns,
    }),
    { minLength: 1, maxLength: 12 },
  )
  .map((rows) => {
    let ts = 1_700_000_000_000;
    return rows.map((r): Sample => {
      ts += r.dt;
      const s: Sample = { ts, gauges: r.gauges, counters: r.counters };
      if (r.conns) s.conns = r.conns;
      return s;
    });
  });

// A second generator that evolves one host's state step by step, the way real counters behave:
// mostly small increments (integer and fractional, also on values near 2^53 where an increment is
// not exact), sometimes a reset, a counter appearing or vanishing; gauges set (including -0 and
// extreme magnitudes), kept or dropped; connections kept, changed or no longer reported. The name
// "constructor" is a valid metric name that is also a property every plain object inherits.
const COUNTERS = ['cpu.user_ticks', 'cpu.idle_ticks', 'net.eth0.rx_bytes_total', 'diskio.sda.io_time_ms_total', 'x.y_total', 'constructor'] as const;
const GAUGES = ['load.1', 'mem.used_pct', 'disk./.used_pct', 'temp.cpu', 'constructor'] as const;

type CounterOp = { kind: 'inc'; by: number } | { kind: 'reset'; frac: number } | { kind: 'vanish' } | { kind: 'keep' };
type GaugeOp = { kind: 'set'; v: number } | { kind: 'vanish' } | { kind: 'keep' };
type ConnOp = { kind: 'set'; v: ConnSummary } | { kind: 'vanish' } | { kind: 'keep' };

const counterStart = fc.oneof(fc.nat({ max: 1e6 }), fc.double({ min: 0, max: 1e15, noNaN: true }).map((v) => Math.abs(v)), fc.integer({ min: 2 ** 53 - 1000, max: 2 ** 53 - 1 }));
const counterOp: fc.Arbitrary<CounterOp> = fc.oneof(
  { weight: 6, arbitrary: fc.record({ kind: fc.constant('inc' as const), by: fc.oneof(fc.nat({ max: 1e6 }), fc.double({ min: 0, max: 1e6, noNaN: true, noDefaultInfinity: true }).map((v) => Math.abs(v)), counterStart) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('reset' as const), frac: fc.double({ min: 0, max: 0.99, noNaN: true }).map((v) => Math.abs(v)) }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'vanish' as const }) },
  { weight: 2, arbitrary: fc.constant({ kind: 'keep' as const }) },
);
const gaugeValue = fc.oneof(
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.constantFrom(-0, 0, Number.MAX_VALUE, -Number.MAX_VALUE, Number.MIN_VALUE, 0.1 + 0.2),
);
const gaugeOp: fc.Arbitrary<GaugeOp> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('set' as const), v: gaugeValue }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'vanish' as const }) },
  { weight: 3, arbitrary: fc.constant({ kind: 'keep' as const }) },
);
const connOp: fc.Arbitrary<ConnOp> = fc.oneof(
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('set' as const), v: connSummary }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'vanish' as const }) },
  { weight: 3, arbitrary: fc.constant({ kind: 'keep' as const }) },
);

const evolving: fc.Arbitrary<Sample[]> = fc
  .array(
    fc.record({
      dt: fc.integer({ min: 1, max: 3_600_000 }),
      counters: fc.tuple(...COUNTERS.map(() => counterOp)),
      gauges: fc.tuple(...GAUGES.map(() => gaugeOp)),
      conns: connOp,
    }),
    { minLength: 1, maxLength: 25 },
  )
  .map((steps) => {
    let ts = 1_700_000_000_000;
    let counters: Record<string, number> = {};
    let gauges: Record<string, number> = {};
    let cs: ConnSummary | undefined;
    return steps.map((step): Sample => {
      ts += step.dt;
      counters = { ...counters };
      gauges = { ...gauges };
      COUNTERS.forEach((n, i) => {
        const op = step.counters[i]!;
        const has = Object.hasOwn(counters, n);
        if (op.kind === 'inc') counters[n] = has ? counters[n]! + op.by : op.by;
        else if (op.kind === 'reset' && has) counters[n] = counters[n]! * op.frac;
        else if (op.kind === 'vanish') delete counters[n];
      });
      GAUGES.forEach((n, i) => {
        const op = step.gauges[i]!;
        if (op.kind === 'set') gauges[n] = op.v;
        else if (op.kind === 'vanish') delete gauges[n];
      });
      if (step.conns.kind === 'set') cs = step.conns.v;
      else if (step.conns.kind === 'vanish') cs = undefined;
      const s: Sample = { ts, gauges, counters };
      if (cs) s.conns = cs;
      return s;
    });
  });

/** JSON turns -0 into 0; that is the only change a JSON round trip may make. */
function withoutNegativeZero(xs: Sample[]): Sample[] {
  const fix = (r: Record<string, number>) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, Object.is(v, -0) ? 0 : v]));
  return xs.map((s) => ({ ...s, gauges: fix(s.gauges), counters: fix(s.counters) }));
}

const viaJson = <T>(x: T): T => JSON.parse(JSON.stringify(x)) as T;

describe('delta codec', () => {
  it('decode(encode(xs)) is the identity, directly and through JSON', () => {
    fc.assert(
      fc.property(samples, (xs) => {
        const enc = encodeSamples(xs);
        expect(decodeSamples(enc)).toEqual(xs);
        expect(decodeSamples(JSON.parse(JSON.stringify(enc)))).toEqual(xs);
        expect(batchFrameSchema.safeParse({ type: 'batch', seq: 1, samples: JSON.parse(JSON.stringify(enc)) }).success).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('round-trips evolving hosts: increments, resets, fractional and huge counters, names that come and go, conns', () => {
    fc.assert(
      fc.property(evolving, (xs) => {
        const enc = encodeSamples(xs);
        expect(decodeSamples(enc)).toEqual(xs);
        const wire = viaJson(enc);
        expect(decodeSamples(wire)).toEqual(withoutNegativeZero(xs));
        const frame = batchFrameSchema.safeParse({ type: 'batch', seq: 7, samples: wire });
        expect(frame.success, frame.success ? '' : JSON.stringify(frame.error.issues[0])).toBe(true);
        // The schema does not rewrite anything the decoder needs.
        if (frame.success) expect(decodeSamples(frame.data.samples)).toEqual(withoutNegativeZero(xs));
      }),
      { numRuns: 400 },
    );
  });

  it('a vanished "constructor" metric is encoded as gone, not kept by the decoder', () => {
    const xs: Sample[] = [
      { ts: 1000, gauges: { constructor: 1 }, counters: { constructor: 5 } },
      { ts: 2000, gauges: {}, counters: {} },
    ];
    expect(decodeSamples(encodeSamples(xs))).toEqual(xs);
  });

  it('sends increments for growing counters, absolute values for resets, and omits unchanged gauges', () => {
    const a: Sample = { ts: 1000, gauges: { 'load.1': 1, 'mem.used_pct': 50 }, counters: { 'x.a_total': 100, 'x.b_total': 100 } };
    const b: Sample = { ts: 6000, gauges: { 'load.1': 1 }, counters: { 'x.a_total': 150, 'x.b_total': 3, 'x.c_total': 7 } };
    const [k, d] = encodeSamples([a, b]);
    expect(k).toEqual({ t: 1000, g: a.gauges, cr: a.counters });
    expect(d).toEqual({ t: 5000, gx: ['mem.used_pct'], c: { 'x.a_total': 50 }, cr: { 'x.b_total': 3, 'x.c_total': 7 } });
  });

  it('an increment that floating point cannot represent exactly is sent as an absolute value', () => {
    const p = 2 ** 53 - 1;
    const [a, b] = [5636356.04966791, 256439970.8680834];
    expect(a + (b - a)).not.toBe(b); // an increment would drift
    const [, d] = encodeSamples([
      { ts: 1, gauges: {}, counters: { 'x.a_total': a } },
      { ts: 2, gauges: {}, counters: { 'x.a_total': b } },
    ]);
    expect(d).toEqual({ t: 1, cr: { 'x.a_total': b } });
    expect(decodeSamples(encodeSamples([
      { ts: 1, gauges: {}, counters: { 'x.a_total': a } },
      { ts: 2, gauges: {}, counters: { 'x.a_total': b } },
    ]))[1]!.counters['x.a_total']).toBe(b);
    const [, e] = encodeSamples([
      { ts: 1, gauges: {}, counters: { 'x.a_total': p } },
      { ts: 2, gauges: {}, counters: { 'x.a_total': p + 1 } },
    ]);
    expect(e).toEqual({ t: 1, c: { 'x.a_total': 1 } });
  });

  it('refuses inconsistent batches', () => {
    expect(() => decodeSamples([{ t: 1, c: { 'x.a_total': 1 } }])).toThrow(DeltaDecodeError);
    expect(() => decodeSamples([{ t: 1, cr: { 'x.a_total': 1 } }, { t: 5, c: { 'x.b_total': 1 } }])).toThrow(/no previous value/);
    expect(() => decodeSamples([{ t: 1 }, { t: 0 }])).toThrow(/must increase/);
    expect(() => decodeSamples([{ t: 1 }, { t: 5, c: { constructor: 1 } }])).toThrow(/no previous value/);
    // A counter removed by cx has no previous value for a later increment.
    expect(() => decodeSamples([{ t: 1, cr: { 'x.a_total': 1 } }, { t: 5, cx: ['x.a_total'], c: { 'x.a_total': 1 } }])).toThrow(/no previous value/);
  });

  it('refuses any valid batch made inconsistent: an orphan increment or a non-increasing time', () => {
    const orphan = fc.constantFrom('x.never_total', 'constructor', 'net.eth9.rx_bytes_total');
    fc.assert(
      fc.property(evolving.filter((xs) => xs.length >= 2), fc.nat(), orphan, fc.integer({ min: -1_000_000, max: 0 }), (xs, at, n, badDt) => {
        const enc = encodeSamples(xs);
        const i = 1 + (at % (enc.length - 1));
        const before = decodeSamples(enc.slice(0, i)).at(-1)!;
        fc.pre(!Object.hasOwn(before.counters, n));
        const withOrphan: DeltaSample[] = enc.map((d, j) => (j === i ? { ...d, c: { ...d.c, [n]: 1 } } : d));
        expect(() => decodeSamples(withOrphan)).toThrow(DeltaDecodeError);
        const backwards: DeltaSample[] = enc.map((d, j) => (j === i ? { ...d, t: badDt } : d));
        expect(() => decodeSamples(backwards)).toThrow(/must increase/);
        const keyframeIncrement: DeltaSample[] = enc.map((d, j) => (j === 0 ? { ...d, c: { 'x.a_total': 1 } } : d));
        expect(() => decodeSamples(keyframeIncrement)).toThrow(/first sample of a batch cannot hold increments/);
      }),
      { numRuns: 200 },
    );
  });

  it('the batch schema refuses what no encoder produces', () => {
    const ok = { type: 'batch', seq: 1, samples: [{ t: 1_700_000_000_000, g: { 'load.1': 1 } }] };
    expect(batchFrameSchema.safeParse(ok).success).toBe(true);
    for (const bad of [
      { ...ok, seq: 0 },
      { ...ok, samples: [] },
      { ...ok, samples: [{ t: 1.5 }] },
      { ...ok, samples: [{ t: 1 }, { t: 5, c: { 'x.a_total': -1 } }] },
      { ...ok, samples: [{ t: 1, g: { 'Bad Name': 1 } }] },
      { ...ok, samples: Array.from({ length: 721 }, (_, i) => ({ t: i === 0 ? 1 : 1 })) },
    ]) {
      expect(batchFrameSchema.safeParse(bad).success, JSON.stringify(bad).slice(0, 80)).toBe(false);
    }
    // Non-finite numbers cannot come through JSON, but a caller may build them in memory.
    expect(batchFrameSchema.safeParse({ ...ok, samples: [{ t: 1, g: { 'load.1': Number.NaN } }] }).success).toBe(false);
  });
});
