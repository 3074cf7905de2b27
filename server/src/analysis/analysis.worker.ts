/**
 * The analysis worker: takes a batch of host windows, answers with their analyses. It loads the
 * CfC model once (workerData.modelPath; none: predictions stay empty) and runs at a lower CPU
 * priority than the main thread (nice +10 on Linux), so ingest and the API are served first when
 * the machine is busy and analysis uses what is left.
 */
import { readFileSync } from 'node:fs';
import { setPriority } from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import { analyseBatch } from './analyse-host.js';
import { loadModelFile } from './model-file.js';
import type { WorkerReply } from './pool.js';
import { createPredictor, type Predictor } from './predictor.js';
import type { AnalysisJob, AnalysisJobResult } from './types.js';

/** Nice value of analysis threads: CFS then gives the main thread ~10× their share under contention. */
const ANALYSIS_NICE = 10;

export interface AnalysisWorkerData {
  nice?: number;
  /** The CfC model file; null: no prediction. */
  modelPath?: string | null;
}

function lowerPriority(nice: number): void {
  if (nice === 0) return;
  try {
    // On Linux a thread is a task with its own id; setpriority(2) on that id affects this thread only.
    const tid = Number(readFileSync('/proc/thread-self/stat', 'utf8').split(' ')[0]);
    if (Number.isInteger(tid) && tid > 0) setPriority(tid, nice);
  } catch {
    // Not Linux, or not allowed: run at the normal priority.
  }
}

const data = (workerData ?? {}) as AnalysisWorkerData;
lowerPriority(typeof data.nice === 'number' ? data.nice : ANALYSIS_NICE);
// A model that cannot be loaded fails the worker at start: the pool reports it (readyz) instead of analysing without it silently.
const predictor: Promise<Predictor | null> = data.modelPath ? createPredictor(loadModelFile(data.modelPath)) : Promise.resolve(null);
predictor.catch((err: Error) => {
  throw err;
});

parentPort!.on('message', (job: AnalysisJob) => {
  predictor
    .then((p) => analyseBatch(job.hosts, p))
    .then(
      (hosts): WorkerReply<AnalysisJobResult> => ({ ok: true, result: { hosts } }),
      (err: Error): WorkerReply<AnalysisJobResult> => ({ ok: false, error: err.stack ?? String(err) }),
    )
    .then((reply) => parentPort!.postMessage(reply));
});
