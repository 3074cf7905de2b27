/**
 * A host's minute-by-minute predictor features, state in and state out (plain JSON): the same
 * code turns a training trace's minutes and a live host's minutes into the CfC's inputs, so the
 * network sees in production exactly what it was trained on.
 *
 * Per minute: the host vector's levels (rates on log scales); each level's deviation from the
 * host's own slow EWMA (half-life 12 h; values past 4σ teach it ten times slower, so an anomaly
 * does not become normal within the hour); every 10 minutes the exhaustion forecasts (robust
 * Theil–Sen trend over the last 4 hours) of disk, inodes, memory and swap, and the topology of the
 * last hour of minutes every 15 (drift from its own baseline, spread, loops).
 */
import type { Forecast } from '@aura/protocol';
import { FEATURE_COUNT, FEATURE_INDEX, HOST_FEATURES, medianInPlace, transformFeature } from '../features/index.js';
import { forecastExhaustion } from '../forecast/index.js';
import { analyseTopology, initialTopologyState, type TopologyState } from '../topology/index.js';
import { FORECASTS, INPUT_COUNT } from './inputs.js';

const HALF_LIFE_MIN = 12 * 60;
const EWMA_ALPHA = 1 - 2 ** (-1 / HALF_LIFE_MIN);
/** |z| beyond this teaches the EWMA at a tenth of the rate. */
const SLOW_LEARN_Z = 4;
const Z_CLIP = 20;
/** Forecast history and refit period (minutes), points per fit, history needed, significance. */
const FORECAST_KEEP = 240;
const FORECAST_EVERY = 10;
const FORECAST_POINTS = 80;
const FORECAST_MIN_HISTORY = 120;
const FORECAST_MIN_Z = 3;
/** ttf inputs: exp(−ttf / this), 0 without a forecast. */
const URGENCY_SCALE_S = 4 * 3600;
const SLOPE_CLIP = 50;
/** Slow topology: the last hour of minutes, every 15 minutes. */
const TOPO_WINDOW = 60;
const TOPO_EVERY = 15;
/** A gap longer than this (minutes) starts the predictor afresh except for the host's EWMA. */
export const MAX_GAP_MIN = 10;

/** Typed arrays, so a worker receives and returns it at memcpy speed; persist it with `stateToJson`. */
export interface PredictorState {
  version: 2;
  /** Unix seconds of the last minute seen. */
  lastTs: number | null;
  minutes: number;
  mean: Float64Array;
  variance: Float64Array;
  /** Ring of the last FORECAST_KEEP minute vectors (row-major), oldest at `head` when full. */
  ringTs: Float64Array;
  ring: Float64Array;
  head: number;
  size: number;
  sinceForecast: number;
  forecasts: Forecast[];
  sinceTopology: number;
  topology: TopologyState;
  topo: [drift: number, spread: number, loop: number];
}

/**
 * A fresh state. `phase` (0–1, e.g. from a hash of the host id) staggers the 10-minute refits
 * across a fleet, so a thousand hosts that start together do not all refit in the same minute.
 */
export function initialPredictorState(phase = 1): PredictorState {
  const offset = (every: number) => Math.min(every, Math.floor(phase * every));
  return {
    version: 2,
    lastTs: null,
    minutes: 0,
    mean: new Float64Array(FEATURE_COUNT).fill(Number.NaN),
    variance: Float64Array.from(HOST_FEATURES, (f) => (2 * f.minScale) ** 2),
    ringTs: new Float64Array(FORECAST_KEEP),
    ring: new Float64Array(FORECAST_KEEP * FEATURE_COUNT).fill(Number.NaN),
    head: 0,
    size: 0,
    sinceForecast: offset(FORECAST_EVERY),
    forecasts: [],
    sinceTopology: offset(TOPO_EVERY),
    topology: initialTopologyState(),
    topo: [0, 0, 0],
  };
}

export interface MinuteResult {
  /** INPUT_COUNT raw inputs (the model normalises), NaN where missing. */
  x: Float32Array;
  /** Minutes since the previous minute (1 normally; the first after a gap is 1 again). */
  dt: number;
  /** True when a gap (or the first minute) restarted the sequence: reset the hidden state. */
  reset: boolean;
  forecasts: Forecast[];
}

/**
 * One minute of a host: `vector` is its host vector (averaged over the minute), `ts` unix seconds.
 * Mutates and returns `state` (callers that must keep the old one copy it first).
 *
 * @example
 * const state = initialPredictorState();
 * const { x, dt, reset } = predictorStep(state, ts, vector);
 */
export function predictorStep(state: PredictorState, ts: number, vector: ArrayLike<number>, out = new Float32Array(INPUT_COUNT)): MinuteResult {
  const gapMin = state.lastTs === null ? Infinity : (ts - state.lastTs) / 60;
  const reset = !(gapMin <= MAX_GAP_MIN);
  if (reset && state.lastTs !== null) restart(state);
  const dt = reset ? 1 : Math.max(1e-3, gapMin);
  state.lastTs = ts;
  state.minutes++;
  pushRing(state, ts, vector);
  // Levels and deviations.
  for (let f = 0; f < FEATURE_COUNT; f++) {
    const raw = vector[f]!;
    const v = Number.isFinite(raw) ? transformFeature(f, raw) : Number.NaN;
    out[f] = v;
    out[FEATURE_COUNT + f] = deviation(state, f, v);
  }
  // Forecasts, refreshed every FORECAST_EVERY minutes.
  if (++state.sinceForecast >= FORECAST_EVERY) {
    state.sinceForecast = 0;
    state.forecasts = fitForecasts(state);
  }
  const base = 2 * FEATURE_COUNT;
  const nf = FORECASTS.length;
  FORECASTS.forEach((f, k) => {
    const fc = state.forecasts.find((x) => x.metric === f.feature);
    out[base + k] = fc && fc.ttfSeconds !== null ? Math.exp(-fc.ttfSeconds / URGENCY_SCALE_S) : 0;
    // Plain least-squares slopes, significant or not: the network weighs them (a leak under a GC
    // sawtooth rises without passing Mann–Kendall for hours).
    const feature = FEATURE_INDEX[f.feature]!;
    out[base + nf + k] = clip(olsSlopePerHour(state, feature, FORECAST_KEEP), SLOPE_CLIP);
    out[base + 2 * nf + k] = clip(olsSlopePerHour(state, feature, 60), SLOPE_CLIP);
  });
  if (++state.sinceTopology >= TOPO_EVERY) {
    state.sinceTopology = 0;
    state.topo = slowTopology(state);
  }
  out.set(state.topo, base + 3 * nf);
  return { x: out, dt, reset, forecasts: state.forecasts };
}

/** After a gap: forget the recent history (rings, forecasts, the hour's topology), keep the host's usual levels. */
function restart(state: PredictorState): void {
  state.head = 0;
  state.size = 0;
  state.sinceForecast = FORECAST_EVERY;
  state.forecasts = [];
  state.sinceTopology = TOPO_EVERY;
  state.topo = [0, 0, 0];
}

function deviation(state: PredictorState, f: number, v: number): number {
  if (Number.isNaN(v)) return Number.NaN;
  const m = state.mean[f]!;
  if (Number.isNaN(m)) {
    state.mean[f] = v;
    return 0;
  }
  const sd = Math.sqrt(state.variance[f]!);
  const z = (v - m) / sd;
  const a = Math.abs(z) > SLOW_LEARN_Z ? EWMA_ALPHA / 10 : EWMA_ALPHA;
  state.mean[f] = m + a * (v - m);
  const floor = HOST_FEATURES[f]!.minScale ** 2;
  state.variance[f] = Math.max(floor, (1 - a) * (state.variance[f]! + a * (v - m) ** 2));
  return clip(z, Z_CLIP);
}

function pushRing(state: PredictorState, ts: number, vector: ArrayLike<number>): void {
  const at = state.size < FORECAST_KEEP ? (state.head + state.size) % FORECAST_KEEP : state.head;
  state.ringTs[at] = ts;
  for (let f = 0; f < FEATURE_COUNT; f++) state.ring[at * FEATURE_COUNT + f] = vector[f]!;
  if (state.size < FORECAST_KEEP) state.size++;
  else state.head = (state.head + 1) % FORECAST_KEEP;
}

/** Index in the ring of the k-th oldest kept minute. */
const slot = (state: PredictorState, k: number) => (state.head + k) % FORECAST_KEEP;

function fitForecasts(state: PredictorState): Forecast[] {
  if (state.size < FORECAST_MIN_HISTORY) return [];
  const stride = Math.max(1, state.size / FORECAST_POINTS);
  const out: Forecast[] = [];
  const t = new Float64Array(FORECAST_POINTS + 1);
  const v = new Float64Array(FORECAST_POINTS + 1);
  for (const fc of FORECASTS) {
    const f = FEATURE_INDEX[fc.feature]!;
    let n = 0;
    for (let p = 0; p < state.size; p += stride) {
      const i = slot(state, Math.floor(p));
      const x = state.ring[i * FEATURE_COUNT + f]!;
      if (Number.isFinite(x) && n < t.length) {
        t[n] = state.ringTs[i]!;
        v[n++] = x;
      }
    }
    if (n < 20 || t[n - 1]! - t[0]! < FORECAST_MIN_HISTORY * 60 * 0.9) continue;
    // Cheap screen before the O(n²) fit: the last quarter's median no higher than the first's is no rise.
    if (!(quarterRise(v, n) > 0)) continue;
    const r = forecastExhaustion(fc.feature, t, v, fc.limit, n);
    // Only a significant trend is a forecast (Mann–Kendall); noise around a level is not.
    const ttfSeconds = r.z >= FORECAST_MIN_Z ? r.ttfSeconds : null;
    out.push({ metric: r.metric, value: r.value, threshold: r.threshold, slopePerHour: r.slopePerHour, ttfSeconds });
  }
  return out;
}

/** Least-squares slope (per hour) of one feature over the newest `minutes` of the ring; 0 with fewer than 10 points. */
function olsSlopePerHour(state: PredictorState, f: number, minutes: number): number {
  const n = Math.min(state.size, minutes);
  let count = 0;
  let st = 0;
  let sv = 0;
  let stt = 0;
  let stv = 0;
  const t0 = state.ringTs[slot(state, state.size - 1)]!;
  for (let k = state.size - n; k < state.size; k++) {
    const i = slot(state, k);
    const v = state.ring[i * FEATURE_COUNT + f]!;
    if (!Number.isFinite(v)) continue;
    const t = (state.ringTs[i]! - t0) / 3600;
    count++;
    st += t;
    sv += v;
    stt += t * t;
    stv += t * v;
  }
  if (count < 10) return 0;
  const den = count * stt - st * st;
  return den > 0 ? (count * stv - st * sv) / den : 0;
}

/** Median of the last quarter minus the median of the first. */
function quarterRise(v: Float64Array, n: number): number {
  const q = Math.max(1, n >> 2);
  return medianInPlace(v.slice(n - q, n), q) - medianInPlace(v.slice(0, q), q);
}

function slowTopology(state: PredictorState): [number, number, number] {
  const n = Math.min(state.size, TOPO_WINDOW);
  if (n < 30) return [0, 0, 0];
  const timestamps = new Float64Array(n);
  const values = new Float64Array(n * FEATURE_COUNT);
  for (let k = 0; k < n; k++) {
    const i = slot(state, state.size - n + k);
    timestamps[k] = state.ringTs[i]! * 1000;
    for (let f = 0; f < FEATURE_COUNT; f++) values[k * FEATURE_COUNT + f] = state.ring[i * FEATURE_COUNT + f]!;
  }
  const r = analyseTopology({ timestamps, values }, state.topology, { minPoints: 30, maxPoints: TOPO_WINDOW, readings: false });
  state.topology = r.state;
  const s = r.summary;
  if (!s) return [0, 0, 0];
  const drift = s.drift.score !== null && s.drift.threshold ? Math.min(5, s.drift.score / s.drift.threshold) : 0;
  // How much loop the hour holds: the L1 norm (area) of H1's first landscape level.
  return [drift, (s.totalPersistence[0] ?? 0) / s.points, s.landscape.l1[1] ?? 0];
}

function clip(x: number, c: number): number {
  return x > c ? c : x < -c ? -c : x;
}
