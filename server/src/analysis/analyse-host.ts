/**
 * One host's analysis of one window, the same in a worker thread and in `aura replay`: topology
 * now; forecasts and the CfC prediction are added to the same step.
 */
import { analyseTopology, initialTopologyState } from '@aura/analysis/topology';
import type { HostAnalysisState, HostJob, HostResult } from './types.js';

export function initialHostState(): HostAnalysisState {
  return { version: 1, topology: initialTopologyState() };
}

/** Accept a stored state only if it is one this version understands; otherwise start afresh. */
export function restoreHostState(raw: unknown): HostAnalysisState {
  const s = raw as Partial<HostAnalysisState> | undefined;
  if (s && s.version === 1 && s.topology?.version === 1) return s as HostAnalysisState;
  return initialHostState();
}

export function analyseHost(job: HostJob): HostResult {
  const start = performance.now();
  const missing: string[] = [];
  try {
    const t = analyseTopology({ timestamps: job.timestamps, values: job.values }, job.state.topology);
    if (!t.summary) missing.push(t.missing);
    return {
      hostId: job.hostId,
      ts: job.ts,
      topology: t.summary,
      forecasts: [],
      prediction: null,
      missing,
      state: { ...job.state, topology: t.state },
      ms: performance.now() - start,
    };
  } catch (err) {
    return {
      hostId: job.hostId,
      ts: job.ts,
      topology: null,
      forecasts: [],
      prediction: null,
      missing: [`analysis failed: ${(err as Error).message}`],
      state: job.state,
      ms: performance.now() - start,
      error: (err as Error).stack ?? String(err),
    };
  }
}
