/** Synthetic feature windows for the topology tests: noise, loops, regime shifts (seeded). */
import { FEATURE_COUNT, FEATURE_INDEX } from '../features/index.js';
import type { FeatureWindow } from '../features/index.js';
import { createRng, type Rng } from '../scenarios/random.js';

export type Shape = (i: number, n: number, rng: Rng) => Partial<Record<string, number>>;

/** A host's usual readings: levels with small noise on every feature. */
export const healthy: Shape = (_i, _n, rng) => ({
  'cpu.total': 30 + 3 * rng.normal(),
  'cpu.iowait': 1 + 0.3 * Math.abs(rng.normal()),
  'load.per_core': 0.4 + 0.05 * rng.normal(),
  'mem.used_pct': 60 + 0.5 * rng.normal(),
  'swap.used_pct': 2 + 0.1 * rng.normal(),
  'disk.max_used_pct': 55,
  'net.rx_bps': 5e6 * Math.exp(0.1 * rng.normal()),
  'net.tx_bps': 2e6 * Math.exp(0.1 * rng.normal()),
  'tcp.established': 200 + 10 * rng.normal(),
  'proc.count': 180 + 2 * rng.normal(),
});

/** Memory and swap cycling every `period` samples with amplitude `amp` percentage points. */
export const memoryLoop =
  (period: number, amp = 8): Shape =>
  (i, n, rng) => ({
    ...healthy(i, n, rng),
    'mem.used_pct': 70 + amp * Math.cos((2 * Math.PI * i) / period) + 0.3 * rng.normal(),
    'swap.used_pct': 20 + amp * Math.sin((2 * Math.PI * i) / period) + 0.3 * rng.normal(),
  });

/** From sample `from` on, memory and CPU at a new level. */
export const regimeShift =
  (from: number): Shape =>
  (i, n, rng) => {
    const base = healthy(i, n, rng);
    return i < from ? base : { ...base, 'mem.used_pct': 85 + 0.5 * rng.normal(), 'cpu.total': 75 + 3 * rng.normal() };
  };

export function makeWindow(shape: Shape, n: number, seed: number, startMs = Date.UTC(2025, 0, 1, 14), stepMs = 5000): FeatureWindow {
  const rng = createRng(seed);
  const values = new Float64Array(n * FEATURE_COUNT).fill(Number.NaN);
  for (let i = 0; i < n; i++) {
    for (const [name, v] of Object.entries(shape(i, n, rng))) values[i * FEATURE_COUNT + FEATURE_INDEX[name]!] = v!;
  }
  return { timestamps: Float64Array.from({ length: n }, (_, i) => startMs + i * stepMs), values };
}
