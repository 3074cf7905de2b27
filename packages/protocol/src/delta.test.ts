import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DeltaDecodeError, decodeSamples, encodeSamples } from './delta.js';
import { batchFrameSchema } from './frames.js';
import type { Sample } from './sample.js';

const name = fc.constantFrom('cpu.user_ticks', 'net.eth0.rx_bytes_total', 'net.eth1.rx_bytes_total', 'diskio.sda.reads_total', 'agent.cpu_seconds_total', 'x.y_total');
const gaugeName = fc.constantFrom('load.1', 'mem.used_pct', 'disk./.used_pct', 'disk./var/log.used_pct', 'temp.cpu', 'tcp.established');
const finite = fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e12, max: 1e12 }).map((v) => (Object.is(v, -0) ? 0 : v));
const counterValue = fc.oneof(fc.nat({ max: 2 ** 40 }), fc.double({ min: 0, max: 1e9, noNaN: true }).map((v) => (Object.is(v, -0) ? 0 : v)));
const conns = fc.option(
  fc.record({
    listening: fc.array(fc.integer({ min: 0, max: 65535 }), { maxLength: 3 }),
    remotes: fc.array(fc.record({ addr: fc.constantFrom('10.0.0.1', '10.0.0.2', '::1'), port: fc.integer({ min: 0, max: 65535 }), count: fc.integer({ min: 1, max: 9 }) }), { maxLength: 3 }),
  }),
  { nil: undefined },
);

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

  it('sends increments for growing counters, absolute values for resets, and omits unchanged gauges', () => {
    const a: Sample = { ts: 1000, gauges: { 'load.1': 1, 'mem.used_pct': 50 }, counters: { 'x.a_total': 100, 'x.b_total': 100 } };
    const b: Sample = { ts: 6000, gauges: { 'load.1': 1 }, counters: { 'x.a_total': 150, 'x.b_total': 3, 'x.c_total': 7 } };
    const [k, d] = encodeSamples([a, b]);
    expect(k).toEqual({ t: 1000, g: a.gauges, cr: a.counters });
    expect(d).toEqual({ t: 5000, gx: ['mem.used_pct'], c: { 'x.a_total': 50 }, cr: { 'x.b_total': 3, 'x.c_total': 7 } });
  });

  it('refuses inconsistent batches', () => {
    expect(() => decodeSamples([{ t: 1, c: { 'x.a_total': 1 } }])).toThrow(DeltaDecodeError);
    expect(() => decodeSamples([{ t: 1, cr: { 'x.a_total': 1 } }, { t: 5, c: { 'x.b_total': 1 } }])).toThrow(/no previous value/);
    expect(() => decodeSamples([{ t: 1 }, { t: 0 }])).toThrow(/must increase/);
  });
});
