/** Sliding windows and time-delay embeddings: from series to the point clouds topology reads. */
import type { PackedPoints } from '../tda/index.js';

/**
 * Start and end (exclusive) of each window of `size` over `length` items, every `step`; only
 * whole windows. The last window ends at `length` when `alignEnd` (the newest data matters most).
 *
 * @example
 * slidingWindows(10, 4, 3); // → [[0, 4], [3, 7], [6, 10]]
 */
export function slidingWindows(length: number, size: number, step: number, alignEnd = false): Array<[number, number]> {
  if (!(size >= 1 && step >= 1)) throw new RangeError(`window size and step must be at least 1, got ${size} and ${step}`);
  const out: Array<[number, number]> = [];
  if (length < size) return out;
  const first = alignEnd ? (length - size) % step : 0;
  for (let start = first; start + size <= length; start += step) out.push([start, start + size]);
  return out;
}

export interface DelayOptions {
  /** Embedding dimension m ≥ 1. */
  dim: number;
  /** Delay τ ≥ 1, in samples. */
  delay: number;
}

/**
 * Takens' time-delay embedding: point i is (x[i], x[i + τ], …, x[i + (m − 1)τ]). A periodic
 * series becomes a loop (one long H1 bar), which a single metric's raw values never show.
 *
 * @example
 * delayEmbedding([1, 2, 3, 4], { dim: 2, delay: 1 }); // → { dim: 2, data: Float64Array [1, 2, 2, 3, 3, 4] }
 */
export function delayEmbedding(series: ArrayLike<number>, { dim, delay }: DelayOptions): PackedPoints {
  if (!(Number.isInteger(dim) && dim >= 1 && Number.isInteger(delay) && delay >= 1)) {
    throw new RangeError(`embedding dimension and delay must be positive integers, got ${dim} and ${delay}`);
  }
  const count = Math.max(0, series.length - (dim - 1) * delay);
  const data = new Float64Array(count * dim);
  for (let i = 0; i < count; i++) for (let k = 0; k < dim; k++) data[i * dim + k] = series[i + k * delay]!;
  return { data, dim };
}
