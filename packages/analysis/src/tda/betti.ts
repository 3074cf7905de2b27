/** Betti numbers at a scale and Betti curves, read off persistence diagrams. */
import type { Diagram, PersistenceDiagrams } from './types.js';

/**
 * The Betti numbers at scale `t`: per dimension, the classes alive at `t`, i.e. the pairs
 * with `birth ≤ t < death` (intervals are half-open, `[birth, death)`, as Ripser prints them).
 *
 * @example
 * bettiNumbers({ dimensions: [[[0, 1], [0, Infinity]], [[0.5, 2]]] }, 0.75); // → [2, 1]
 */
export function bettiNumbers(diagrams: PersistenceDiagrams, t: number): number[] {
  return diagrams.dimensions.map((diagram) => bettiAt(diagram, t));
}

function bettiAt(diagram: Diagram, t: number): number {
  let count = 0;
  for (const [birth, death] of diagram) if (birth <= t && t < death) count++;
  return count;
}

/** Sample points: explicit ascending scales, or `steps` evenly spaced from `min` to `max` inclusive. */
export type Grid = ArrayLike<number> | { min: number; max: number; steps: number };

/**
 * The scales of a grid as an array.
 *
 * @example
 * gridPoints({ min: 0, max: 1, steps: 3 }); // → Float64Array [0, 0.5, 1]
 */
export function gridPoints(grid: Grid): Float64Array {
  if ('steps' in grid) {
    const { min, max, steps } = grid;
    if (!Number.isInteger(steps) || steps < 1) throw new RangeError(`grid steps must be a positive integer, got ${steps}`);
    if (!(min <= max)) throw new RangeError(`grid min ${min} must not exceed max ${max}`);
    if (steps === 1) return Float64Array.of(min);
    return Float64Array.from({ length: steps }, (_, i) => (i === steps - 1 ? max : min + ((max - min) * i) / (steps - 1)));
  }
  return Float64Array.from(grid as ArrayLike<number>);
}

/**
 * The Betti curve of one diagram: the Betti number at every grid scale. Counting by sweeping
 * the sorted births and deaths costs O((m + g) log m) for m pairs and g scales.
 *
 * @example
 * bettiCurve([[0, 1], [0.5, 2]], { min: 0, max: 2, steps: 5 }); // → Float64Array [1, 2, 1, 1, 0]
 */
export function bettiCurve(diagram: Diagram, grid: Grid): Float64Array {
  const scales = gridPoints(grid);
  const births = Float64Array.from(diagram, (p) => p[0]).sort();
  const deaths = Float64Array.from(diagram, (p) => p[1]).sort();
  const curve = new Float64Array(scales.length);
  for (let s = 0; s < scales.length; s++) {
    const t = scales[s]!;
    // Alive at t = born at or before t, minus died at or before t.
    curve[s] = upperBound(births, t) - upperBound(deaths, t);
  }
  return curve;
}

/** How many sorted values are ≤ t. */
function upperBound(sorted: Float64Array, t: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! <= t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
