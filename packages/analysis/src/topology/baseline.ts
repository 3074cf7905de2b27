/**
 * A host's topological baseline: a reservoir of diagrams from its healthy windows, summarised
 * by their medoid (the member closest to all others, a robust centre that no single odd window
 * can move), and the history of drift scores that the drift threshold is learned from.
 */
import { wassersteinDistance, type Diagram } from '../tda/index.js';

/** A diagram kept in the reservoir: finite H0 deaths (all births are 0) and H1 pairs. */
export interface StoredDiagram {
  ts: number;
  h0: number[];
  h1: Array<[number, number]>;
}

export interface BaselineState {
  reservoir: StoredDiagram[];
  /** Pairwise distances of the reservoir, row-major K × K. */
  distances: number[];
  /** Index of the medoid in the reservoir; −1 before there is one. */
  medoid: number;
}

export function emptyBaseline(): BaselineState {
  return { reservoir: [], distances: [], medoid: -1 };
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
  const h0 = (dimensions[0] ?? []).filter(([, d]) => d !== Infinity).map(([, d]) => d);
  const h1 = (dimensions[1] ?? []).filter(([b, d]) => d !== Infinity && d - b >= H1_NOISE * scale).map(([b, d]) => [b, d] as [number, number]);
  return { ts, h0, h1 };
}

/** W1 (L∞ ground metric) over H0 plus W1 over H1: how far apart two windows' shapes are. */
export function diagramDistance(a: StoredDiagram, b: StoredDiagram): number {
  const h0 = wassersteinDistance(
    a.h0.map((d) => [0, d]),
    b.h0.map((d) => [0, d]),
  );
  return h0 + wassersteinDistance(a.h1, b.h1);
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
    const grown = new Array<number>((k + 1) * (k + 1)).fill(0);
    for (let i = 0; i < k; i++) for (let j = 0; j < k; j++) grown[i * (k + 1) + j] = distances[i * k + j]!;
    distances = grown;
  } else {
    slot = oldest(reservoir);
    reservoir[slot] = diagram;
    distances = [...distances];
  }
  const size = reservoir.length;
  for (let j = 0; j < size; j++) {
    const d = j === slot ? 0 : diagramDistance(diagram, reservoir[j]!);
    distances[slot * size + j] = d;
    distances[j * size + slot] = d;
  }
  return { reservoir, distances, medoid: medoidOf(distances, size) };
}

function oldest(reservoir: StoredDiagram[]): number {
  let best = 0;
  for (let i = 1; i < reservoir.length; i++) if (reservoir[i]!.ts < reservoir[best]!.ts) best = i;
  return best;
}

function medoidOf(distances: number[], size: number): number {
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
