/**
 * One job of host windows, the same in a worker thread and in `aura replay`: each host's
 * topology and, once per minute of event time, its predictor step (the minute's mean host
 * vector); then the CfC for every host that stepped, in one batch.
 */
import { FEATURE_COUNT } from '@aura/analysis/features';
import { predict } from '@aura/analysis';
import { seedOf } from '@aura/analysis/scenarios';
import { analyseTopology, initialTopologyState } from '@aura/analysis/topology';
import type { Predictor } from './predictor.js';
import type { HostAnalysisState, HostJob, HostResult } from './types.js';

const MINUTE_MS = 60_000;

/** A fresh state; the host id staggers the predictor's periodic refits across a fleet. */
export function initialHostState(hostId = ''): HostAnalysisState {
  return { version: 3, topology: initialTopologyState(), predictor: predict.initialPredictorState(seedOf(hostId) / 2 ** 32), lastMinute: null, cfc: null };
}

/** Accept a stored state this version understands; an older or unreadable one starts afresh (a relearning, not an error). */
export function restoreHostState(raw: unknown, hostId = ''): HostAnalysisState {
  const s = raw as { version?: number; topology?: { version?: number }; predictor?: { version?: number } } | undefined;
  if (s?.version === 3 && s.topology?.version === 2 && s.predictor?.version === 2) return s as unknown as HostAnalysisState;
  return initialHostState(hostId);
}

/** The mean host vector of the window's samples in the minute ending at `ts`. */
function minuteVector(job: HostJob): Float64Array {
  const out = new Float64Array(FEATURE_COUNT);
  const counts = new Float64Array(FEATURE_COUNT);
  for (let i = job.timestamps.length - 1; i >= 0 && job.timestamps[i]! > job.ts - MINUTE_MS; i--) {
    for (let f = 0; f < FEATURE_COUNT; f++) {
      const v = job.values[i * FEATURE_COUNT + f]!;
      if (Number.isFinite(v)) {
        out[f] = out[f]! + v;
        counts[f] = counts[f]! + 1;
      }
    }
  }
  for (let f = 0; f < FEATURE_COUNT; f++) out[f] = counts[f]! > 0 ? out[f]! / counts[f]! : Number.NaN;
  return out;
}

interface Prepared {
  result: HostResult;
  step: predict.MinuteResult | null;
  start: number;
}

function prepare(job: HostJob): Prepared {
  const start = performance.now();
  const missing: string[] = [];
  const t = analyseTopology({ timestamps: job.timestamps, values: job.values }, job.state.topology);
  if (!t.summary) missing.push(t.missing);
  const state: HostAnalysisState = { ...job.state, topology: t.state };
  const minute = Math.floor(job.ts / MINUTE_MS);
  let step: predict.MinuteResult | null = null;
  if (state.lastMinute === null || minute > state.lastMinute) {
    // The predictor state is mutated in place: it is this job's copy (structured clone, or the replay's own).
    step = predict.predictorStep(state.predictor, job.ts / 1000, minuteVector(job));
    state.lastMinute = minute;
  }
  return {
    result: { hostId: job.hostId, ts: job.ts, topology: t.summary, forecasts: step?.forecasts ?? [], prediction: null, missing, state, ms: 0 },
    step,
    start,
  };
}

function failed(job: HostJob, err: unknown): HostResult {
  return {
    hostId: job.hostId,
    ts: job.ts,
    topology: null,
    forecasts: [],
    prediction: null,
    missing: [`analysis failed: ${(err as Error).message}`],
    state: job.state,
    ms: 0,
    error: (err as Error).stack ?? String(err),
  };
}

/**
 * Analyse a job's hosts. Without a predictor (no model configured) predictions stay null and
 * `missing` says why; a host whose analysis throws is reported failed, the others go on.
 */
export async function analyseBatch(jobs: HostJob[], predictor: Predictor | null): Promise<HostResult[]> {
  const prepared: Array<Prepared | HostResult> = jobs.map((job) => {
    try {
      return prepare(job);
    } catch (err) {
      return failed(job, err);
    }
  });
  const stepping = prepared.filter((p): p is Prepared => 'step' in p && p.step !== null);
  if (predictor && stepping.length > 0) {
    const outputs = await predictor.run(
      stepping.map((p) => ({ x: p.step!.x, dt: p.step!.dt, h: p.step!.reset ? null : p.result.state.cfc?.h ?? null })),
    );
    stepping.forEach((p, i) => {
      p.result.prediction = outputs[i]!.prediction;
      p.result.state.cfc = { ts: p.result.ts / 1000, h: outputs[i]!.h };
    });
  }
  return prepared.map((p) => {
    if (!('step' in p)) return p;
    if (!predictor) p.result.missing.push('prediction: no CfC model loaded (analysis.model)');
    else if (!p.step) p.result.missing.push('prediction: the predictor steps once per minute of event time');
    p.result.ms = performance.now() - p.start;
    return p.result;
  });
}
