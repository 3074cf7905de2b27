/**
 * One window of one host, topologically: its diagrams (H0, H1), their summaries, the distance to
 * the host's own baseline, a drift score against a threshold learned from the host's history,
 * and readings of its long-lived features. State in, state out (plain JSON): the caller keeps a
 * host's state between windows, so the same code runs in a worker, in replay and in tests.
 */
import type { DiagramJson, TopologySummary } from '@aura/protocol';
import { FEATURE_COUNT, HOST_FEATURES, MAD_TO_SIGMA, mad, median, stateCloud, windowSpread, type FeatureWindow } from '../features/index.js';
import { bettiNumbers, firstLandscapeNorm, persistenceEntropy, ripsPersistence, type Diagram } from '../tda/index.js';
import { addToBaseline, diagramDistance, emptyBaseline, storeDiagram, type BaselineState, type StoredDiagram } from './baseline.js';
import { readFeatures } from './readings.js';

export interface TopologyOptions {
  /** Fewer samples in the window: no analysis (default 20). */
  minPoints?: number;
  /** More samples: the newest are kept (default 120). */
  maxPoints?: number;
  /** Diagrams kept in the baseline reservoir (default 12). */
  capacity?: number;
  /** Read the long-lived features and return the diagrams (default true); off, only the numbers (cheaper). */
  readings?: boolean;
}

/** Windows spent learning the host's scales before diagrams are kept. */
const LEARN_WINDOWS = 10;
/** Per-window spreads the scales are the median of. */
const SPREAD_KEEP = 48;
/** A diagram joins the reservoir every this many windows while it fills, then every REFRESH_EVERY (a slow refresh). */
const FILL_EVERY = 3;
const REFRESH_EVERY = 10;
/** Reservoir size before the medoid is used as baseline. */
const MIN_RESERVOIR = 6;
/** Scores before a threshold is learned, and how many are kept. */
const MIN_SCORES = 20;
const SCORE_KEEP = 240;
/** Threshold: median + K σ (σ = 1.4826 MAD) of the host's own scores. */
const THRESHOLD_SIGMAS = 6;
/** A drift that lasts this many windows becomes the new normal (a deploy, a new workload): its windows then refresh the baseline until it ends. */
const ADAPT_AFTER = 360;

/**
 * A host's topology state. Typed arrays, so a worker receives and returns it at memcpy speed
 * (structured clone); `stateToJson` / `stateFromJson` persist it.
 */
export interface TopologyState {
  version: 2;
  windows: number;
  /** Ring of the last SPREAD_KEEP healthy windows' spreads (FEATURE_COUNT per row, NaN = missing). */
  spreads: Float64Array;
  spreadCount: number;
  spreadHead: number;
  scales: Float64Array;
  baseline: BaselineState;
  /** Ring of the last SCORE_KEEP healthy drift scores. */
  scores: Float64Array;
  scoreCount: number;
  scoreHead: number;
  sinceAdded: number;
  driftRun: number;
}

export function initialTopologyState(): TopologyState {
  return {
    version: 2,
    windows: 0,
    spreads: new Float64Array(SPREAD_KEEP * FEATURE_COUNT),
    spreadCount: 0,
    spreadHead: 0,
    scales: Float64Array.from(HOST_FEATURES, (f) => f.minScale),
    baseline: emptyBaseline(),
    scores: new Float64Array(SCORE_KEEP),
    scoreCount: 0,
    scoreHead: 0,
    sinceAdded: 0,
    driftRun: 0,
  };
}

/** Windows before a drift threshold exists (the `needed` of the summary). */
export const WINDOWS_NEEDED = LEARN_WINDOWS + MIN_RESERVOIR * FILL_EVERY + MIN_SCORES;

export type TopologyResult = { summary: TopologySummary; state: TopologyState } | { summary: null; missing: string; state: TopologyState };

/**
 * Analyse the newest window of a host.
 *
 * @example
 * let state = initialTopologyState();
 * const r = analyseTopology(window, state);
 * state = r.state;
 * if (r.summary) console.log(r.summary.drift.score, r.summary.features.map((f) => f.reading));
 */
export function analyseTopology(window: FeatureWindow, previous: TopologyState, options: TopologyOptions = {}): TopologyResult {
  const minPoints = options.minPoints ?? 20;
  const maxPoints = options.maxPoints ?? 120;
  const capacity = options.capacity ?? 12;
  const w = newest(window, maxPoints);
  const n = w.timestamps.length;
  if (n < minPoints) return { summary: null, missing: `topology: ${n} of ${minPoints} samples in the window`, state: previous };

  const learning = previous.windows < LEARN_WINDOWS;
  const cloud = stateCloud(w, { scales: previous.scales });
  if (cloud.points.dim === 0) return { summary: null, missing: 'topology: no metric present in enough samples', state: previous };
  const readings = options.readings ?? true;
  const diagrams = ripsPersistence(cloud.points, { maxDim: 1, representatives: readings });
  const dims = diagrams.dimensions;
  const finiteH0 = dims[0]!.filter(([, d]) => d !== Infinity).map(([, d]) => d);
  const scale = finiteH0.length ? median(finiteH0) : 0;
  const ts = w.timestamps[n - 1]!;
  const current = storeDiagram(ts, dims, scale);
  const base = previous.baseline;
  const baseline = base.reservoir.length >= MIN_RESERVOIR && base.medoid >= 0 ? base.reservoir[base.medoid]! : null;
  const distance = baseline ? diagramDistance(current, baseline) : null;
  const score = distance === null ? null : distance / n;
  const threshold = previous.scoreCount >= MIN_SCORES ? thresholdOf(previous.scores.subarray(0, previous.scoreCount)) : null;
  const drifting = score !== null && threshold !== null && score > threshold;

  const state = nextState(previous, { spread: windowSpread(w), current, score, drifting, learning, capacity });
  const summary: TopologySummary = {
    points: n,
    metrics: cloud.features.map((f) => HOST_FEATURES[f]!.name),
    from: Math.round(w.timestamps[0]! / 1000),
    to: Math.round(ts / 1000),
    betti: bettiNumbers(diagrams, 2 * scale),
    entropy: dims.map((d) => persistenceEntropy(d)),
    totalPersistence: dims.map((d) => d.reduce((s, [b, x]) => s + (x === Infinity ? 0 : x - b), 0)),
    landscape: landscapeNorms(dims),
    wasserstein: distance,
    drift: { score, threshold, drifting, learned: previous.windows + 1, needed: WINDOWS_NEEDED },
    features: readings ? readFeatures({ points: cloud.points, features: cloud.features, timestamps: w.timestamps, diagrams, scale }) : [],
  };
  if (readings) summary.diagrams = { current: dims.map(toJson), baseline: baseline ? fromStored(baseline) : null };
  return { summary, state };
}

function nextState(
  prev: TopologyState,
  x: { spread: Float64Array; current: StoredDiagram; score: number | null; drifting: boolean; learning: boolean; capacity: number },
): TopologyState {
  const driftRun = x.drifting ? prev.driftRun + 1 : 0;
  const adapting = driftRun > ADAPT_AFTER;
  const healthy = !x.drifting || adapting;
  let { spreads, spreadCount, spreadHead, scales, scores, scoreCount, scoreHead } = prev;
  if (healthy) {
    spreads = spreads.slice();
    spreads.set(x.spread, spreadHead * FEATURE_COUNT);
    spreadHead = (spreadHead + 1) % SPREAD_KEEP;
    spreadCount = Math.min(SPREAD_KEEP, spreadCount + 1);
    scales = scalesOf(spreads, spreadCount);
  }
  if (x.score !== null && healthy) {
    scores = scores.slice();
    scores[scoreHead] = x.score;
    scoreHead = (scoreHead + 1) % SCORE_KEEP;
    scoreCount = Math.min(SCORE_KEEP, scoreCount + 1);
  }
  let baseline = prev.baseline;
  let sinceAdded = prev.sinceAdded + 1;
  const every = baseline.reservoir.length < x.capacity ? FILL_EVERY : REFRESH_EVERY;
  if (!x.learning && healthy && sinceAdded >= every) {
    baseline = addToBaseline(baseline, x.current, x.capacity);
    sinceAdded = 0;
  }
  return { version: 2, windows: prev.windows + 1, spreads, spreadCount, spreadHead, scales, baseline, scores, scoreCount, scoreHead, sinceAdded, driftRun };
}

/** Each feature's scale: the median of its recent window spreads (NaN where a window lacked it), never below its floor. */
function scalesOf(spreads: Float64Array, rows: number): Float64Array {
  const column = new Float64Array(rows);
  return Float64Array.from(HOST_FEATURES, (f, i) => {
    for (let r = 0; r < rows; r++) column[r] = spreads[r * FEATURE_COUNT + i]!;
    const s = median(column);
    return Number.isFinite(s) ? Math.max(s, f.minScale) : f.minScale;
  });
}

function thresholdOf(scores: Float64Array): number {
  const m = median(scores);
  // A floor of 10 % above the median: a host whose scores hardly vary must not alarm on noise.
  return Math.max(m + THRESHOLD_SIGMAS * MAD_TO_SIGMA * mad(scores, m), 1.1 * m);
}

function landscapeNorms(dims: Diagram[]): { l1: number[]; l2: number[] } {
  return { l1: dims.map((d) => firstLandscapeNorm(d, 1)), l2: dims.map((d) => firstLandscapeNorm(d, 2)) };
}

function newest(window: FeatureWindow, max: number): FeatureWindow {
  const n = window.timestamps.length;
  if (n <= max) return window;
  return { timestamps: window.timestamps.subarray(n - max), values: window.values.subarray((n - max) * FEATURE_COUNT) };
}

const toJson = (d: Diagram): DiagramJson => d.map(([b, x]) => [b, x === Infinity ? null : x]);

function fromStored(d: StoredDiagram): DiagramJson[] {
  const h1: DiagramJson = [];
  for (let i = 0; i < d.h1.length; i += 2) h1.push([d.h1[i]!, d.h1[i + 1]!]);
  return [[...Array.from(d.h0, (x): [number, number | null] => [0, x]), [0, null]], h1];
}
