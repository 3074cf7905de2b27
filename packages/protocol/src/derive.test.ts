import { describe, expect, it } from 'vitest';
import { MAX_RATE_GAP_MS, deriveMetrics } from './derive.js';
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
    expect(m['cpu.core.0.total']).toBeCloseTo(75, 10);
    expect(m['cpu.core.0.user']).toBeUndefined();
  });

  it('rates per second; a counter that went down restarted from zero', () => {
    const m = deriveMetrics(s(0, { 'net.eth0.rx_bytes_total': 1000, 'net.eth0.tx_bytes_total': 5000, 'diskio.sda.io_time_ms_total': 0 }), s(2000, { 'net.eth0.rx_bytes_total': 3000, 'net.eth0.tx_bytes_total': 400, 'diskio.sda.io_time_ms_total': 500 }));
    expect(m['net.eth0.rx_bps']).toBe(1000);
    expect(m['net.eth0.tx_bps']).toBe(200);
    expect(m['diskio.sda.util_pct']).toBe(25);
  });

  it('no rates for the first sample, across a long gap, or for a new counter; gauges always pass', () => {
    const b = s(MAX_RATE_GAP_MS + 1, { 'x.n_total': 10 }, { 'load.1': 2 });
    expect(deriveMetrics(undefined, b)).toEqual({ 'load.1': 2 });
    expect(deriveMetrics(s(0, { 'x.n_total': 1 }), b)).toEqual({ 'load.1': 2 });
    expect(deriveMetrics(s(MAX_RATE_GAP_MS, {}), b)).toEqual({ 'load.1': 2 });
  });
});
