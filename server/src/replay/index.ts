/**
 * `aura replay`'s engine: a recorded trace through the same analysis the server runs per host
 * (host vectors, windows on event time, topology, forecasts, the predictor, the council), in this
 * process and as fast as it computes, one result per analysed step.
 */
import { FEATURE_COUNT, hostVector, isAnalysedMetric } from '@aura/analysis/features';
import type { HostAnalysis, HostId } from '@aura/protocol';
import { analyseBatch, initialHostState } from '../analysis/analyse-host.js';
import { HostSeries } from '../analysis/host-series.js';
import type { Predictor } from '../analysis/predictor.js';
import type { Decide } from '../analysis/scheduler.js';
import type { Trace } from './csv.js';

export interface ReplayOptions {
  /** Event time between analyses (ms), as the server's analysis.step. */
  stepMs: number;
  /** Event time one window covers (ms), as analysis.window. */
  windowMs: number;
  maxPoints: number;
  /** Cores of the recorded host, for load per core (unknown: load as is). */
  cores?: number | undefined;
  decide?: Decide;
  /** The CfC predictor (null: no prediction, as a server without a model). */
  predictor: Predictor | null;
}

/** One line of `aura replay` output (DESIGN.md: ts, risk, anomaly, ttfSeconds, class, council; more welcome). */
export interface ReplayLine {
  ts: number;
  risk: number | null;
  anomaly: number | null;
  ttfSeconds: number | null;
  class: string | null;
  council: string | null;
  drift: number | null;
  driftThreshold: number | null;
  points: number;
  features: string[];
  missing?: string[];
}

/** Columns of a trace that no analysis reads (they are reported, not an error). */
export function unusedColumns(columns: string[]): string[] {
  return columns.filter((c) => !isAnalysedMetric(c));
}

/**
 * Run the analysis over a trace, calling `emit` for each analysed step in event-time order.
 *
 * @example
 * await replayTrace(parseTraceCsv(text, 'trace.csv'), { stepMs: 60_000, windowMs: 600_000, maxPoints: 60, predictor }, (line) => console.log(JSON.stringify(line)));
 */
export async function replayTrace(trace: Trace, options: ReplayOptions, emit: (line: ReplayLine, analysis: HostAnalysis) => void): Promise<number> {
  const hostId = 'replay' as HostId;
  const series = new HostSeries(Math.max(2 * options.maxPoints, 240, Math.ceil(options.windowMs / 1000) + 1));
  const vector = new Float64Array(FEATURE_COUNT);
  const width = trace.columns.length;
  let state = initialHostState(hostId);
  let lastStep = -Infinity;
  let steps = 0;
  const names = trace.columns;
  for (let r = 0; r < trace.timestamps.length; r++) {
    const ts = trace.timestamps[r]!;
    series.push(ts, hostVector(names, trace.values.subarray(r * width, (r + 1) * width), options.cores, vector));
    const step = Math.floor(ts / options.stepMs);
    // Analyse when the next row starts a new step (or at the end): the window ends on this row, as
    // the server's does on a host's newest sample.
    const next = trace.timestamps[r + 1];
    if (step === lastStep || (next !== undefined && Math.floor(next / options.stepMs) === step)) continue;
    lastStep = step;
    const w = series.window(ts - options.windowMs, options.maxPoints);
    const [result] = await analyseBatch([{ hostId, ts, timestamps: w.timestamps, values: w.values, state }], options.predictor);
    if (!result) continue;
    state = result.state;
    const analysis: HostAnalysis = { hostId, ts: ts / 1000, topology: result.topology, forecasts: result.forecasts, prediction: result.prediction, council: null };
    analysis.council = options.decide?.(hostId, analysis) ?? null;
    steps++;
    emit(toLine(analysis, result.missing), analysis);
  }
  return steps;
}

function toLine(a: HostAnalysis, missing: string[]): ReplayLine {
  const t = a.topology;
  const drift = t?.drift;
  const line: ReplayLine = {
    ts: a.ts,
    risk: a.prediction?.risk['4h'] ?? null,
    // How far the window's shape is from the host's normal, in thresholds (≥ 1: drifting).
    anomaly: drift && drift.score !== null && drift.threshold ? round(drift.score / drift.threshold) : null,
    ttfSeconds: a.prediction?.ttfSeconds ?? null,
    class: a.prediction?.class ?? null,
    council: a.council?.decision ?? null,
    drift: drift?.score ?? null,
    driftThreshold: drift?.threshold ?? null,
    points: t?.points ?? 0,
    features: t?.features.map((f) => f.reading) ?? [],
  };
  if (missing.length) line.missing = missing;
  return line;
}

function round(x: number): number {
  return Math.round(x * 1e4) / 1e4;
}
