// Point clouds from feature windows: scaling, missing features, clipping, and the loop that
// periodic memory/swap pressure draws.
import { describe, expect, it } from 'vitest';
import { ripsPersistence } from '../tda/index.js';
import { FEATURE_COUNT, FEATURE_INDEX } from './host-vector.js';
import { stateCloud, windowSpread, type FeatureWindow } from './state-cloud.js';

function window(n: number, fill: (i: number, set: (name: string, v: number) => void) => void): FeatureWindow {
  const values = new Float64Array(n * FEATURE_COUNT).fill(Number.NaN);
  for (let i = 0; i < n; i++) fill(i, (name, v) => (values[i * FEATURE_COUNT + FEATURE_INDEX[name]!] = v));
  return { timestamps: Float64Array.from({ length: n }, (_, i) => i * 5000), values };
}

describe('stateCloud', () => {
  it('keeps features present in at least half the samples, centres them and divides by the scale', () => {
    const w = window(4, (i, set) => {
      set('cpu.total', 10 + 10 * i);
      if (i === 0) set('mem.used_pct', 50); // present once in four: left out
    });
    const scales = new Float64Array(FEATURE_COUNT).fill(5);
    const c = stateCloud(w, { scales });
    expect(c.features).toEqual([FEATURE_INDEX['cpu.total']]);
    expect(Array.from(c.points.data)).toEqual([-3, -1, 1, 3]); // median 25, scale 5
  });

  it('fills a missing value with the window median and clips absurd readings', () => {
    const w = window(5, (i, set) => set('cpu.total', i === 2 ? Number.NaN : i === 4 ? 1e9 : 10));
    const c = stateCloud(w, { clip: 30 });
    expect(c.points.data[2]).toBe(0);
    expect(c.points.data[4]).toBe(30);
  });

  it('never divides by less than the feature floor', () => {
    const w = window(3, (i, set) => set('mem.used_pct', 50 + i));
    expect(Array.from(stateCloud(w, { scales: new Float64Array(FEATURE_COUNT) }).points.data)).toEqual([-1, 0, 1]); // floor 1
  });

  it('periodic memory and swap pressure draws a loop: one long H1 bar', () => {
    const w = window(72, (i, set) => {
      const phase = (2 * Math.PI * i) / 36;
      set('mem.used_pct', 70 + 10 * Math.cos(phase));
      set('swap.used_pct', 20 + 10 * Math.sin(phase));
      set('cpu.total', 30);
    });
    const h1 = ripsPersistence(stateCloud(w).points, { maxDim: 1 }).dimensions[1]!;
    const bars = h1.map(([b, d]) => d - b).sort((a, b) => b - a);
    expect(bars[0]).toBeGreaterThan(10);
    expect(bars[1] ?? 0).toBeLessThan(1);
  });
});

describe('windowSpread', () => {
  it('is σ from the MAD of each feature, NaN where the feature is mostly missing', () => {
    const w = window(5, (i, set) => {
      set('cpu.total', [1, 2, 3, 4, 5][i]!);
      if (i < 2) set('mem.used_pct', 10);
    });
    const s = windowSpread(w);
    expect(s[FEATURE_INDEX['cpu.total']!]).toBeCloseTo(1.4826, 6);
    expect(s[FEATURE_INDEX['mem.used_pct']!]).toBeNaN();
  });
});
