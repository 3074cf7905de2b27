/**
 * A worker for training and evaluation over scenario hosts (generation, feature extraction and
 * the baselines are independent per host, so they spread over cores):
 * - `sequences`: each host's minutes through the predictor, with its label (training data);
 * - `score`: each host's CfC risks over its trace (for threshold tuning and evaluation) and,
 *   when asked, the baselines' outcomes on the same trace.
 */
import { nn, predict } from '@aura/analysis';
import { baselineSources, scoreTrace, type TraceOutcome } from '@aura/analysis/eval';
import { generateTrace, type SuiteEntry, type Trace } from '@aura/analysis/scenarios';
import { parentPort } from 'node:worker_threads';
import type { WorkerReply } from '../analysis/pool.js';
import { thresholdsOf } from '../analysis/model-file.js';
import { councilAlarms } from './council-source.js';

export type SuiteJob = { kind: 'sequences'; entries: SuiteEntry[] } | { kind: 'score'; entries: SuiteEntry[]; model: unknown; baselines: boolean };

export interface HostScore {
  hostId: string;
  stepSeconds: number;
  timestamps: Float64Array;
  label: Trace['label'];
  /** T × 4 risks and T log-TTFs of the CfC over the trace (zeros where no model was given). */
  risk: Float32Array;
  ttf: Float32Array;
  /** Each baseline's outcome on this trace, by name (and the council's combination, when a model was given). */
  baselines: Record<string, TraceOutcome>;
}

export type SuiteResult = { kind: 'sequences'; sequences: predict.TrainingSequence[] } | { kind: 'score'; hosts: HostScore[] };

const minuteTrace = (t: Trace): predict.MinuteTrace => ({ hostId: t.hostId, timestamps: t.timestamps, series: t.series, cores: t.facts.cores, label: t.label });

export function sequencesOf(entries: SuiteEntry[]): predict.TrainingSequence[] {
  return entries.flatMap((e) => predict.traceSequences(minuteTrace(generateTrace(e.options))));
}

/** The CfC's risks over a whole trace, sequence by sequence (the state restarts at gaps, as on the server). */
export function traceRisks(model: nn.CfcModel, sequences: predict.TrainingSequence[], steps: number): { risk: Float32Array; ttf: Float32Array } {
  const risk = new Float32Array(steps * 4);
  const ttf = new Float32Array(steps);
  let at = 0;
  for (const s of sequences) {
    const out = nn.forwardSequence(model, { x: s.x, dt: s.dt });
    risk.set(out.risk, at * 4);
    ttf.set(out.ttf, at);
    at += s.dt.length;
  }
  return { risk, ttf };
}

export function scoreEntries(entries: SuiteEntry[], modelJson: unknown, baselines: boolean): HostScore[] {
  const model = modelJson ? nn.modelFromJson(modelJson) : null;
  const sources = baselines ? baselineSources() : [];
  return entries.map((e) => {
    const t = generateTrace(e.options);
    const steps = t.timestamps.length;
    const { risk, ttf } = model ? traceRisks(model, predict.traceSequences(minuteTrace(t)), steps) : { risk: new Float32Array(steps * 4), ttf: new Float32Array(steps) };
    const outcomes: Record<string, TraceOutcome> = {};
    for (const s of sources) outcomes[s.name] = scoreTrace(t, s.run(t));
    if (model && baselines) outcomes.council = scoreTrace(t, councilAlarms(t, model, thresholdsOf(modelJson as nn.CfcModelJson)));
    return { hostId: t.hostId, stepSeconds: t.stepSeconds, timestamps: t.timestamps, label: t.label, risk, ttf, baselines: outcomes };
  });
}

if (parentPort) {
  parentPort.on('message', (job: SuiteJob) => {
    let reply: WorkerReply<SuiteResult>;
    try {
      reply = job.kind === 'sequences' ? { ok: true, result: { kind: 'sequences', sequences: sequencesOf(job.entries) } } : { ok: true, result: { kind: 'score', hosts: scoreEntries(job.entries, job.model, job.baselines) } };
    } catch (err) {
      reply = { ok: false, error: (err as Error).stack ?? String(err) };
    }
    parentPort!.postMessage(reply);
  });
}
