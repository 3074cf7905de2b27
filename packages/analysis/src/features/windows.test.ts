// Sliding windows and delay embeddings: bounds, alignment, and a sine that becomes a loop.
import { describe, expect, it } from 'vitest';
import { ripsPersistence } from '../tda/index.js';
import { delayEmbedding, slidingWindows } from './windows.js';

describe('slidingWindows', () => {
  it('lists whole windows only, from the start or aligned to the end', () => {
    expect(slidingWindows(10, 4, 3)).toEqual([[0, 4], [3, 7], [6, 10]]);
    expect(slidingWindows(11, 4, 3)).toEqual([[0, 4], [3, 7], [6, 10]]);
    expect(slidingWindows(11, 4, 3, true)).toEqual([[1, 5], [4, 8], [7, 11]]);
    expect(slidingWindows(3, 4, 1)).toEqual([]);
    expect(() => slidingWindows(10, 0, 1)).toThrow(/at least 1/);
  });
});

describe('delayEmbedding', () => {
  it('builds (x[i], x[i+τ], …) points', () => {
    expect(delayEmbedding([1, 2, 3, 4, 5], { dim: 2, delay: 2 })).toEqual({ dim: 2, data: Float64Array.of(1, 3, 2, 4, 3, 5) });
    expect(delayEmbedding([1, 2], { dim: 3, delay: 1 }).data.length).toBe(0);
    expect(() => delayEmbedding([1], { dim: 0, delay: 1 })).toThrow(/positive integers/);
  });

  it('turns a periodic series into one long-lived loop (H1), a trend into none', () => {
    const period = 24;
    const sine = Array.from({ length: 96 }, (_, i) => Math.sin((2 * Math.PI * i) / period));
    const loop = ripsPersistence(delayEmbedding(sine, { dim: 2, delay: period / 4 }), { maxDim: 1 }).dimensions[1]!;
    const longest = Math.max(...loop.map(([b, d]) => d - b));
    expect(longest).toBeGreaterThan(1); // a circle of radius ~1
    const trend = Array.from({ length: 96 }, (_, i) => i / 96);
    const none = ripsPersistence(delayEmbedding(trend, { dim: 2, delay: 6 }), { maxDim: 1 }).dimensions[1]!;
    expect(Math.max(0, ...none.map(([b, d]) => d - b))).toBeLessThan(0.01);
  });
});
