/**
 * A host's topological baseline: a reservoir of diagrams from its healthy windows, summarised
 * by their medoid (the member closest to all others, a robust centre that no single odd window
 * can move), and the history of drift scores that the drift threshold is learned from.
 */
import { wassersteinDistance, type Diagram } from '../tda/index.js';

/** A diagram kept in the reservoir: finite H0 deaths (all births are 0) and H1 pairs, flat [b, d, b, d, …]. */
export interface StoredDiagram {
  ts: number;
  h0: Float64Array;
  h1: Float64Array;
}

export interface BaselineState {
  reservoir: StoredDiagram[];
  /** Pairwise distances of the reservoir, row-major K × K. */
  distances: Float64Array;
  /** Index of the medoid in the reservoir; −1 before there is one. */
  medoid: number;
}

export function emptyBaseline(): BaselineState {
  return { reservoir: [], distances: new Float64Array(0), medoid: -1 };
}

/**
 * H1 bars shorter than this share of the window's typical scale (median H0 death) are sampling
 * noise: a 120-point window of a healthy host has ~75 of them and 3–8 longer ones. Leaving them
 * out of the stored diagram makes the exact distance ~50× cheaper and less noisy.
 */
export const H1_NOISE = 0.25;

/**
 * Diagrams of H0 and H1 as stored: essential classes left out (every window has exactly one
 * component and no essential loop), H1 bars shorter than H1_NOISE × `scale` dropped.
 */
export function storeDiagram(ts: number, dimensions: Diagram[], scale = 0): StoredDiagram {
  const h0 = Float64Array.from((dimensions[0] ?? []).filter(([, d]) => d !== Infinity), ([, d]) => d);
  const h1 = Float64Array.from((dimensions[1] ?? []).filter(([b, d]) => d !== Infinity && d - b >= H1_NOISE * scale).flat());
  return { ts, h0, h1 };
}

/** W1 (L∞ ground metric) over H0 plus W1 over H1: how far apart two windows' shapes are. */
export function diagramDistance(a: StoredDiagram, b: StoredDiagram): number {
  const h0 = wassersteinDistance(Array.from(a.h0, (d): [number, number] => [0, d]), Array.from(b.h0, (d): [number, number] => [0, d]));
  return h0 + wassersteinDistance(pairs(a.h1), pairs(b.h1));
}

/**
 * Add a diagram, replacing the oldest when the reservoir holds `capacity`, and recompute the
 * medoid. Costs `capacity` distances, not capacity².
 */
export function addToBaseline(state: BaselineState, diagram: StoredDiagram, capacity: number): BaselineState {
  const reservoir = [...state.reservoir];
  const k = reservoir.length;
  let distances = state.distances;
  let slot: number;
  if (k < capacity) {
    slot = k;
    reservoir.push(diagram);
    // Grow the matrix to (k + 1) × (k + 1).
    const grown = new Float64Array((k + 1) * (k + 1));
    for (let i = 0; i < k; i++) for (let j = 0; j < k; j++) grown[i * (k + 1) + j] = distances[i * k + j]!;
    distances = grown;
  } else {
    slot = oldest(reservoir);
    reservoir[slot] = diagram;
    distances = distances.slice();
  }
  const size = reservoir.length;
  for (let j = 0; j < size; j++) {
    const d = j === slot ? 0 : diagramDistance(diagram, reservoir[j]!);
    distances[slot * size + j] = d;
    distances[j * size + slot] = d;
  }
  return { reservoir, distances, medoid: medoidOf(distances, size) };
}

function pairs(flat: Float64Array): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  for (let i = 0; i < flat.length; i += 2) out.push([flat[i]!, flat[i + 1]!]);
  return out;
}

function oldest(reservoir: StoredDiagram[]): number {
  let best = 0;
  for (let i = 1; i < reservoir.length; i++) if (reservoir[i]!.ts < reservoir[best]!.ts) best = i;
  return best;
}

function medoidOf(distances: Float64Array, size: number): number {
  let best = -1;
  let bestSum = Infinity;
  for (let i = 0; i < size; i++) {
    let sum = 0;
    for (let j = 0; j < size; j++) sum += distances[i * size + j]!;
    if (sum < bestSum) {
      bestSum = sum;
      best = i;
    }
  }
  return best;
}
