import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_RATE_GAP_MS, deriveMetrics } from './derive.js';
import { CPU_FIELDS } from './metrics.js';
import type { Sample } from './sample.js';

const s = (ts: number, counters: Record<string, number>, gauges: Record<string, number> = {}): Sample => ({ ts, gauges, counters });

describe('deriveMetrics', () => {
  it('turns CPU tick deltas into percentages (hand-computed)', () => {
    const a = s(0, { 'cpu.user_ticks': 100, 'cpu.nice_ticks': 0, 'cpu.system_ticks': 50, 'cpu.idle_ticks': 800, 'cpu.iowait_ticks': 10, 'cpu.irq_ticks': 0, 'cpu.softirq_ticks': 0, 'cpu.steal_ticks': 0, 'cpu.core.0.user_ticks': 10, 'cpu.core.0.idle_ticks': 10 });
    const b = s(5000, { 'cpu.user_ticks': 160, 'cpu.nice_ticks': 0, 'cpu.system_ticks': 70, 'cpu.idle_ticks': 900, 'cpu.iowait_ticks': 20, 'cpu.irq_ticks': 0, 'cpu.softirq_ticks': 0, 'cpu.steal_ticks': 0, 'cpu.core.0.user_ticks': 13, 'cpu.core.0.idle_ticks': 11 });
    const m = deriveMetrics(a, b);
    // Δ: user 60, system 20, idle 100, iowait 10 → all 190; busy = 190 − 110 = 80.
    expect(m['cpu.total']).toBeCloseTo((80 / 190) * 100, 10);
    expect(m['cpu.user']).toBeCloseTo((60 / 190) * 100, 10);
    expect(m['cpu.system']).toBeCloseTo((20 / 190) * 100, 10);
    expect(m['cpu.iowait']).toBeCloseTo((10 / 190) * 100, 10);
    expect(m['cpu.steal']).toBe(0);
    expect(m['cpu.core.0.total']).toBeCloseTo(75, 10);
    expect(m['cpu.core.0.user']).toBeUndefined();
  });

  it('counts nice as user, irq and softirq as system, and reports steal (hand-computed)', () => {
    const zero = Object.fromEntries(CPU_FIELDS.map((f) => [`cpu.${f}_ticks`, 1000]));
    const d = { user: 10, nice: 10, system: 5, irq: 3, softirq: 2, idle: 50, iowait: 10, steal: 10 }; // all = 100
    const later = Object.fromEntries(CPU_FIELDS.map((f) => [`cpu.${f}_ticks`, 1000 + d[f]]));
    const m = deriveMetrics(s(0, zero), s(1000, later));
    expect(m['cpu.user']).toBeCloseTo(20, 10);
    expect(m['cpu.system']).toBeCloseTo(10, 10);
    expect(m['cpu.iowait']).toBeCloseTo(10, 10);
    expect(m['cpu.steal']).toBeCloseTo(10, 10);
    expect(m['cpu.total']).toBeCloseTo(40, 10);
  });

  it('no CPU percentages when no tick moved (a stopped clock must not divide by zero)', () => {
    const t = { 'cpu.user_ticks': 5, 'cpu.idle_ticks': 5 };
    expect(deriveMetrics(s(0, t), s(5000, t))).toEqual({});
  });

  it('rates per second; a counter that went down restarted from zero', () => {
    const m = deriveMetrics(s(0, { 'net.eth0.rx_bytes_total': 1000, 'net.eth0.tx_bytes_total': 5000, 'diskio.sda.io_time_ms_total': 0 }), s(2000, { 'net.eth0.rx_bytes_total': 3000, 'net.eth0.tx_bytes_total': 400, 'diskio.sda.io_time_ms_total': 500 }));
    expect(m['net.eth0.rx_bps']).toBe(1000);
    expect(m['net.eth0.tx_bps']).toBe(200);
    expect(m['diskio.sda.util_pct']).toBe(25);
  });

  it('names every derived metric in the dotted vocabulary', () => {
    const a = s(0, {
      'net.eth0.rx_errors_total': 0,
      'net.eth0.rx_drops_total': 0,
      'net.eth0.rx_packets_total': 0,
      'diskio.nvme0n1.read_bytes_total': 0,
      'diskio.nvme0n1.write_bytes_total': 0,
      'diskio.nvme0n1.reads_total': 0,
      'diskio.nvme0n1.writes_total': 0,
      'diskio.nvme0n1.io_time_ms_total': 0,
      'agent.cpu_seconds_total': 0,
      'tcp.retransmits_total': 0,
      'odd.counter': 0,
    });
    const b = s(4000, {
      'net.eth0.rx_errors_total': 8,
      'net.eth0.rx_drops_total': 4,
      'net.eth0.rx_packets_total': 400,
      'diskio.nvme0n1.read_bytes_total': 4096,
      'diskio.nvme0n1.write_bytes_total': 8192,
      'diskio.nvme0n1.reads_total': 40,
      'diskio.nvme0n1.writes_total': 20,
      'diskio.nvme0n1.io_time_ms_total': 9000,
      'agent.cpu_seconds_total': 0.2,
      'tcp.retransmits_total': 12,
      'odd.counter': 7,
    });
    expect(deriveMetrics(a, b)).toEqual({
      'net.eth0.rx_errors': 2,
      'net.eth0.rx_drops': 1,
      'net.eth0.rx_pps': 100,
      'diskio.nvme0n1.read_bps': 1024,
      'diskio.nvme0n1.write_bps': 2048,
      'diskio.nvme0n1.read_iops': 10,
      'diskio.nvme0n1.write_iops': 5,
      // More busy time than wall time (merged requests) is capped at 100 %.
      'diskio.nvme0n1.util_pct': 100,
      'agent.cpu_pct': 5,
      'tcp.retransmits_per_s': 3,
    });
  });

  it('no rates for the first sample, across a long gap, or for a new counter; gauges always pass', () => {
    const b = s(MAX_RATE_GAP_MS + 1, { 'x.n_total': 10 }, { 'load.1': 2 });
    expect(deriveMetrics(undefined, b)).toEqual({ 'load.1': 2 });
    expect(deriveMetrics(s(0, { 'x.n_total': 1 }), b)).toEqual({ 'load.1': 2 });
    expect(deriveMetrics(s(MAX_RATE_GAP_MS, {}), b)).toEqual({ 'load.1': 2 });
  });

  it('a gap of exactly MAX_RATE_GAP_MS still gives a rate; one ms more does not; nor does a sample that is not newer', () => {
    const a = s(0, { 'net.eth0.rx_bytes_total': 0 });
    expect(deriveMetrics(a, s(MAX_RATE_GAP_MS, { 'net.eth0.rx_bytes_total': 600 }))).toEqual({ 'net.eth0.rx_bps': 1 });
    expect(deriveMetrics(a, s(MAX_RATE_GAP_MS + 1, { 'net.eth0.rx_bytes_total': 600 }))).toEqual({});
    expect(deriveMetrics(s(5000, { 'net.eth0.rx_bytes_total': 0 }), s(5000, { 'net.eth0.rx_bytes_total': 600 }))).toEqual({});
    expect(deriveMetrics(s(5000, { 'net.eth0.rx_bytes_total': 0 }), s(1000, { 'net.eth0.rx_bytes_total': 600 }))).toEqual({});
  });

  it('property: a rate is the increase (or, after a reset, the new value) per second, never negative', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: MAX_RATE_GAP_MS }),
        fc.double({ min: 0, max: 1e15, noNaN: true }),
        fc.double({ min: 0, max: 1e15, noNaN: true }),
        (dt, before, after) => {
          const m = deriveMetrics(s(1_700_000_000_000, { 'net.eth0.tx_bytes_total': before }), s(1_700_000_000_000 + dt, { 'net.eth0.tx_bytes_total': after }));
          const expected = (after >= before ? after - before : after) / (dt / 1000);
          expect(m['net.eth0.tx_bps']).toBe(expected);
          expect(m['net.eth0.tx_bps']).toBeGreaterThanOrEqual(0);
        },
      ),
    );
  });

  it('property: CPU shares lie in 0–100 and user + system + steal = total', () => {
    const ticks = fc.tuple(...CPU_FIELDS.map(() => fc.nat({ max: 1e6 })));
    fc.assert(
      fc.property(ticks, ticks, (x, y) => {
        const a = Object.fromEntries(CPU_FIELDS.map((f, i) => [`cpu.${f}_ticks`, x[i]!]));
        const b = Object.fromEntries(CPU_FIELDS.map((f, i) => [`cpu.${f}_ticks`, x[i]! + y[i]!]));
        const m = deriveMetrics(s(0, a), s(5000, b));
        if (y.every((v) => v === 0)) return expect(m).toEqual({});
        for (const k of ['cpu.total', 'cpu.user', 'cpu.system', 'cpu.iowait', 'cpu.steal']) {
          expect(m[k]).toBeGreaterThanOrEqual(0);
          expect(m[k]).toBeLessThanOrEqual(100 + 1e-9);
        }
        expect(m['cpu.user']! + m['cpu.system']! + m['cpu.steal']!).toBeCloseTo(m['cpu.total']!, 9);
      }),
    );
  });
});
