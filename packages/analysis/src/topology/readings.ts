/**
 * Plain-language readings of a window's long-lived features: a long H0 bar is the cloud of
 * states splitting into groups (regimes), a long H1 bar is a loop (metrics cycling together).
 * The pair's simplices (representatives) say which points, hence which metrics and when.
 */
import type { TopologicalFeature } from '@aura/protocol';
import { HOST_FEATURES } from '../features/index.js';
import type { PackedPoints, PersistenceDiagrams } from '../tda/index.js';

export interface ReadingInput {
  points: PackedPoints;
  /** Feature index of each coordinate. */
  features: number[];
  /** Unix ms of each point. */
  timestamps: Float64Array;
  diagrams: PersistenceDiagrams;
  /** The cloud's typical nearest-neighbour scale (median finite H0 death). */
  scale: number;
}

/** Regimes: the last merge is at least this far (σ units) and this many typical scales. */
const REGIME_MIN_GAP = 3;
const REGIME_MIN_RATIO = 4;
/** Loops: persistence at least this (σ units) and this many typical scales. */
const LOOP_MIN = 1.5;
const LOOP_MIN_RATIO = 2;
/** At most this many features are read out. */
const MAX_FEATURES = 3;

/**
 * The window's significant features, most persistent first.
 *
 * @example
 * readFeatures({ points, features, timestamps, diagrams, scale })[0]?.reading;
 * // → "memory and swap move in a loop (about every 3 min): periodic memory pressure"
 */
export function readFeatures(input: ReadingInput): TopologicalFeature[] {
  const out: TopologicalFeature[] = [];
  const regime = readRegimes(input);
  if (regime) out.push(regime);
  out.push(...readLoops(input));
  return out.sort((a, b) => b.persistence - a.persistence).slice(0, MAX_FEATURES);
}

function readRegimes({ points, features, timestamps, diagrams, scale }: ReadingInput): TopologicalFeature | null {
  const h0 = diagrams.dimensions[0] ?? [];
  let top = -1;
  for (let i = 0; i < h0.length; i++) if (h0[i]![1] !== Infinity && (top < 0 || h0[i]![1] > h0[top]![1])) top = i;
  if (top < 0) return null;
  const gap = h0[top]![1];
  if (gap < REGIME_MIN_GAP || gap < REGIME_MIN_RATIO * scale) return null;
  const labels = components(points.data.length / points.dim, diagrams, gap);
  const [a, b] = twoLargest(labels);
  if (b < 0) return null;
  // The older group holds the earliest point.
  const n = labels.length;
  const firstOf = (c: number) => labels.indexOf(c);
  const [older, newer] = firstOf(a) <= firstOf(b) ? [a, b] : [b, a];
  const start = firstOf(newer);
  let after = 0;
  let afterNewer = 0;
  for (let i = start; i < n; i++) {
    after++;
    if (labels[i] === newer) afterNewer++;
  }
  const contiguous = afterNewer >= 0.9 * after;
  const diffs = features
    .map((f, k) => ({ f, d: columnMedian(points, labels, newer, k) - columnMedian(points, labels, older, k) }))
    .filter((x) => Math.abs(x.d) >= 1)
    .sort((x, y) => Math.abs(y.d) - Math.abs(x.d))
    .slice(0, 3);
  const metrics = diffs.map((x) => HOST_FEATURES[x.f]!.name);
  const moves = diffs.map((x) => `${HOST_FEATURES[x.f]!.label} ${x.d > 0 ? 'higher' : 'lower'}`).join(', ');
  const since = Math.round(timestamps[start]! / 1000);
  const reading = contiguous
    ? `the metrics split into two regimes since ${clock(timestamps[start]!)}${moves ? ` (${moves})` : ''}`
    : `the metrics switch back and forth between two regimes${moves ? ` (${moves})` : ''}: a flapping service or alternating jobs`;
  return { dim: 0, birth: 0, death: gap, persistence: gap, metrics, ...(contiguous ? { since } : {}), reading };
}

function readLoops({ points, features, timestamps, diagrams, scale }: ReadingInput): TopologicalFeature[] {
  const h1 = diagrams.dimensions[1] ?? [];
  const simplices = diagrams.simplices?.[1] ?? [];
  const out: TopologicalFeature[] = [];
  const order = h1.map((_, i) => i).sort((i, j) => h1[j]![1] - h1[j]![0] - (h1[i]![1] - h1[i]![0]));
  for (const i of order.slice(0, 2)) {
    const [birth, death] = h1[i]!;
    const persistence = (death === Infinity ? birth : death) - birth;
    if (persistence < LOOP_MIN || persistence < LOOP_MIN_RATIO * scale) break;
    const verts = [...new Set([...(simplices[i]?.birth ?? []), ...(simplices[i]?.death ?? [])])];
    const spread = features
      .map((f, k) => ({ f, k, r: range(points, verts, k) }))
      .sort((x, y) => y.r - x.r)
      .filter((x, idx) => idx < 2 || x.r >= 0.5 * death)
      .slice(0, 3);
    const metrics = spread.map((x) => HOST_FEATURES[x.f]!.name);
    // Named in the vector's order ("memory and swap", never "swap and memory"): stable readings.
    const labels = [...spread].sort((x, y) => x.f - y.f).map((x) => HOST_FEATURES[x.f]!.label);
    const period = spread.length ? periodOf(points, spread[0]!.k, timestamps) : null;
    const every = period ? ` (about every ${duration(period)})` : '';
    out.push({
      dim: 1,
      birth,
      death: death === Infinity ? null : death,
      persistence,
      metrics,
      reading: `${joinWords(labels)} move in a loop${every}: ${interpret(metrics)}`,
    });
  }
  return out;
}

/** What a loop over these metrics usually means on a server. */
function interpret(metrics: string[]): string {
  const has = (prefix: string) => metrics.some((m) => m.startsWith(prefix));
  if (has('mem.') || has('swap.')) return 'periodic memory pressure';
  if (has('cpu.iowait') || has('diskio.')) return 'recurring disk activity';
  if (has('cpu.') || has('load.')) return 'a recurring CPU load (a periodic job?)';
  if (has('net.') || has('tcp.')) return 'periodic traffic';
  return 'a repeating cycle';
}

/**
 * Single-linkage clusters at scale `cut`: the H0 pairs' death edges are the minimum spanning
 * tree, so joining the ends of those shorter than `cut` gives the components in O(n).
 */
function components(n: number, diagrams: PersistenceDiagrams, cut: number): Int32Array {
  const parent = Int32Array.from({ length: n }, (_, i) => i);
  const find = (x: number): number => {
    while (parent[x] !== x) x = parent[x] = parent[parent[x]!]!;
    return x;
  };
  const h0 = diagrams.dimensions[0] ?? [];
  const edges = diagrams.simplices?.[0] ?? [];
  h0.forEach(([, death], i) => {
    const edge = edges[i]?.death;
    if (!edge || !(death < cut)) return;
    const a = find(edge[0]!);
    const b = find(edge[1]!);
    if (a !== b) parent[Math.max(a, b)] = Math.min(a, b);
  });
  const labels = new Int32Array(n);
  for (let i = 0; i < n; i++) labels[i] = find(i);
  return labels;
}

function twoLargest(labels: Int32Array): [number, number] {
  const counts = new Map<number, number>();
  for (const l of labels) counts.set(l, (counts.get(l) ?? 0) + 1);
  const sorted = [...counts].sort((x, y) => y[1] - x[1] || x[0] - y[0]);
  return [sorted[0]?.[0] ?? -1, sorted[1]?.[0] ?? -1];
}

function columnMedian({ data, dim }: PackedPoints, labels: Int32Array, label: number, k: number): number {
  const xs: number[] = [];
  for (let i = 0; i < labels.length; i++) if (labels[i] === label) xs.push(data[i * dim + k]!);
  xs.sort((x, y) => x - y);
  const m = xs.length >> 1;
  return xs.length % 2 ? xs[m]! : (xs[m - 1]! + xs[m]!) / 2;
}

function range({ data, dim }: PackedPoints, verts: number[], k: number): number {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of verts) {
    const x = data[v * dim + k]!;
    if (x < lo) lo = x;
    if (x > hi) hi = x;
  }
  return verts.length ? hi - lo : 0;
}

/** The first clear autocorrelation peak of one coordinate, in ms; null when none. */
function periodOf({ data, dim }: PackedPoints, k: number, timestamps: Float64Array): number | null {
  const n = data.length / dim;
  if (n < 8) return null;
  let mean = 0;
  for (let i = 0; i < n; i++) mean += data[i * dim + k]!;
  mean /= n;
  let variance = 0;
  for (let i = 0; i < n; i++) variance += (data[i * dim + k]! - mean) ** 2;
  if (variance === 0) return null;
  const r = (lag: number) => {
    let s = 0;
    for (let i = 0; i + lag < n; i++) s += (data[i * dim + k]! - mean) * (data[(i + lag) * dim + k]! - mean);
    return s / variance;
  };
  let previous = r(1);
  let current = r(2);
  for (let lag = 2; lag < n / 2; lag++) {
    const next = r(lag + 1);
    if (current > 0.3 && current >= previous && current >= next) return lag * ((timestamps[n - 1]! - timestamps[0]!) / (n - 1));
    previous = current;
    current = next;
  }
  return null;
}

function joinWords(words: string[]): string {
  if (words.length <= 1) return words[0] ?? 'the metrics';
  return `${words.slice(0, -1).join(', ')} and ${words.at(-1)}`;
}

function duration(ms: number): string {
  const s = Math.round(ms / 1000);
  if (s < 120) return `${s} s`;
  if (s < 600) return `${(s / 60).toFixed(1)} min`;
  if (s < 7200) return `${Math.round(s / 60)} min`;
  return `${Math.round(s / 3600)} h`;
}

function clock(ms: number): string {
  return `${new Date(ms).toISOString().slice(11, 16)} UTC`;
}
