import { describe, expect, it } from 'vitest';
import { createEwmaDetector, createPredictLinearDetector, createSeasonalDetector, createStaticDetector, createTrendDetector, forecastExhaustion, linearRegression, medianInPlace, predictLinear, select, theilSen, timeToThreshold } from './index.js';

describe('predict_linear (as Prometheus computes it)', () => {
  it('fits least squares with x in seconds from the evaluation time', () => {
    // y = 10 − t/3600 sampled at 0, 1800, 3600: at t = 3600 the line is 9, slope −1/3600.
    const fit = linearRegression([0, 1800, 3600], [10, 9.5, 9], 0, 3, 3600);
    expect(fit.slope).toBeCloseTo(-1 / 3600, 12);
    expect(fit.intercept).toBeCloseTo(9, 12);
    // Hand-computed OLS on noisy points: x = −2,−1,0 (s from eval), y = 1,3,2 → slope 0.5, intercept at 0: 2.5.
    const f2 = linearRegression([8, 9, 10], [1, 3, 2], 0, 3, 10);
    expect(f2.slope).toBeCloseTo(0.5, 12);
    expect(f2.intercept).toBeCloseTo(2.5, 12);
  });

  it('gives slope 0 for a constant series and drops ranges with fewer than two points', () => {
    expect(linearRegression([0, 60], [5, 5], 0, 2, 60)).toEqual({ slope: 0, intercept: 5, n: 2 });
    expect(predictLinear([0, 60, 120], [1, 2, 3], 3, 120, 30, 3600)).toBeNull();
  });

  it('selects the range left-open: a sample exactly range seconds old is out', () => {
    // Range (0, 120]: samples at 60 and 120 only, y 2 and 3 → slope 1/60; predict 60 s ahead: 4.
    expect(predictLinear([0, 60, 120], [100, 2, 3], 3, 120, 120, 60)).toBeCloseTo(4, 12);
  });

  it('the classic disk alert: fires after its for: once the 4-hour projection goes below zero', () => {
    const d = createPredictLinearDetector();
    const s = d.init({ metrics: ['disk./.used_pct'], cores: 2 });
    // 85 % used, filling 1 %/h: available 15 % → 11 % in 4 h (no alert); at 3 %/h it projects −3 %.
    let sev = 0;
    let firstFire = NaN;
    for (let t = 0; t <= 3 * 3600; t += 60) {
      const v = d.step(s, t, [85 + (3 * t) / 3600]);
      if (v.severity === 3 && Number.isNaN(firstFire)) firstFire = t;
      sev = Math.max(sev, v.severity);
    }
    expect(sev).toBe(3);
    // Available 15 − 3·h %; predicted 4 h ahead it is below zero once h > 1, so the expression
    // holds from t = 3660 s and fires one hour (for: 1h) later.
    expect(firstFire).toBe(3660 + 3600);
  });

  it('time to a threshold', () => {
    expect(timeToThreshold(90, 1 / 360, 100)).toBeCloseTo(3600);
    expect(timeToThreshold(90, -1, 100)).toBeNull();
    expect(timeToThreshold(100, 0, 100)).toBe(0);
  });
});

describe('Theil–Sen', () => {
  it('is the median pairwise slope, untouched by an outlier', () => {
    // Pairs of (0,0),(1,1),(2,2),(3,30),(4,4): slopes 1,1,10,1 / 1,14.5,1 / 28,1 / −26 → median 1.
    const f = theilSen([0, 1, 2, 3, 4], [0, 1, 2, 30, 4], 0, 5, 4);
    expect(f.slope).toBe(1);
    expect(f.value).toBe(4);
    expect(f.n).toBe(5);
  });

  it("gives Mann–Kendall's Z: strong for a clean rise, zero for a constant", () => {
    const ts = Array.from({ length: 50 }, (_, i) => i * 60);
    expect(theilSen(ts, ts.map((t) => t), 0, 50, 0).z).toBeGreaterThan(8);
    expect(theilSen(ts, ts.map(() => 3), 0, 50, 0).z).toBe(0);
  });

  it('forecasts the time to the limit, with the slower recent rate when the rise levels off', () => {
    const ts = Array.from({ length: 121 }, (_, i) => i * 180);
    const lin = forecastExhaustion('disk./.used_pct', ts, ts.map((t) => 50 + t / 3600), 100);
    expect(lin.slopePerHour).toBeCloseTo(1, 9);
    expect(lin.ttfSeconds).toBeCloseTo(44 * 3600, 3);
    // A warming cache: 1 − e^(−t/τ) rises fast, then flattens: the recent-half rate is used.
    const warm = forecastExhaustion('mem.used_pct', ts, ts.map((t) => 40 + 40 * (1 - Math.exp(-t / 7200))), 98);
    const full = theilSen(ts, ts.map((t) => 40 + 40 * (1 - Math.exp(-t / 7200))), 0, 121, ts[120]!);
    expect(warm.slopePerHour).toBeLessThan(full.slope * 3600 / 2);
  });

  it('selection helpers', () => {
    expect(select(Float64Array.of(5, 1, 4, 2, 3), 2)).toBe(3);
    const big = Float64Array.from({ length: 5001 }, (_, i) => (i * 7919) % 5001);
    expect(select(big, 2500)).toBe(2500);
    expect(medianInPlace(Float64Array.of(4, 1, 3, 2), 4)).toBe(2.5);
  });
});

describe('static thresholds', () => {
  it('fire after their for: and resolve when the condition stops', () => {
    const d = createStaticDetector();
    const s = d.init({ metrics: ['cpu.total', 'disk./.used_pct'], cores: 4 });
    expect(d.step(s, 0, [99, 10]).severity).toBe(0);
    expect(d.step(s, 240, [99, 10]).severity).toBe(0);
    expect(d.step(s, 300, [99, 10])).toEqual({ severity: 2, ttfSeconds: null, reason: 'HostHighCpuLoad' });
    expect(d.step(s, 360, [50, 10]).severity).toBe(0);
    expect(d.step(s, 420, [50, 91]).severity).toBe(0);
    expect(d.step(s, 540, [50, 91]).reason).toBe('HostOutOfDiskSpace');
  });
});

describe('robust trend detector', () => {
  it('warns of a disk filling 5 %/h at 6 h to full, not of a flat one', () => {
    const d = createTrendDetector();
    const s = d.init({ metrics: ['disk./.used_pct', 'disk./data.used_pct'], cores: 2 });
    let warnedAt = NaN;
    for (let t = 0; t < 12 * 3600; t += 60) {
      const v = d.step(s, t, [40 + (5 * t) / 3600, 60 + 0.2 * Math.sin(t / 600)]);
      if (v.severity >= 2 && Number.isNaN(warnedAt)) {
        warnedAt = t;
        expect(v.ttfSeconds!).toBeGreaterThan(5 * 3600);
      }
    }
    // Full at t = 12 h; "warning" is ≤ 6 h to full, raised after the 10-minute hold (fits every 10 min).
    expect(warnedAt).toBeGreaterThanOrEqual(6 * 3600);
    expect(warnedAt).toBeLessThanOrEqual(6 * 3600 + 1800);
  });
});

describe('z-score detectors', () => {
  it('EWMA: quiet on noise, alarms on a sustained jump after the warm-up', () => {
    const d = createEwmaDetector();
    const s = d.init({ metrics: ['tcp.established'], cores: 4 });
    let noise = 0;
    for (let t = 0; t < 4 * 3600; t += 60) noise = Math.max(noise, d.step(s, t, [200 + 10 * Math.sin(t / 300)]).severity);
    expect(noise).toBe(0);
    let hit = 0;
    for (let t = 4 * 3600; t < 5 * 3600; t += 60) hit = Math.max(hit, d.step(s, t, [2000]).severity);
    expect(hit).toBeGreaterThanOrEqual(2);
  });

  it('seasonal: judges a value against the same hour of past days', () => {
    const d = createSeasonalDetector();
    const s = d.init({ metrics: ['cpu.total'], cores: 4 });
    const normal = (t: number) => 20 + 30 * Math.max(0, Math.sin((2 * Math.PI * t) / 86_400));
    let before = 0;
    for (let t = 0; t < 3 * 86_400; t += 60) before = Math.max(before, d.step(s, t, [normal(t) + ((t / 60) % 3)]).severity);
    expect(before).toBe(0);
    // 90 % at an hour that is usually near 20 %.
    let after = 0;
    for (let t = 3 * 86_400 + 20 * 3600; t < 3 * 86_400 + 21 * 3600; t += 60) after = Math.max(after, d.step(s, t, [90]).severity);
    expect(after).toBeGreaterThanOrEqual(2);
  });
});
