/**
 * A worker that turns scenario hosts into the predictor's training sequences (generation and
 * feature extraction are independent per host, so they spread over cores).
 */
import { predict } from '@aura/analysis';
import { generateTrace, type SuiteEntry } from '@aura/analysis/scenarios';
import { parentPort } from 'node:worker_threads';
import type { WorkerReply } from '../analysis/pool.js';

export interface SequencesJob {
  kind: 'sequences';
  entries: SuiteEntry[];
}

export interface SequencesResult {
  sequences: predict.TrainingSequence[];
}

export function sequencesOf(entries: SuiteEntry[]): predict.TrainingSequence[] {
  return entries.flatMap((e) => {
    const t = generateTrace(e.options);
    return predict.traceSequences({ hostId: t.hostId, timestamps: t.timestamps, series: t.series, cores: t.facts.cores, label: t.label });
  });
}

if (parentPort) {
  parentPort.on('message', (job: SequencesJob) => {
    let reply: WorkerReply<SequencesResult>;
    try {
      reply = { ok: true, result: { sequences: sequencesOf(job.entries) } };
    } catch (err) {
      reply = { ok: false, error: (err as Error).stack ?? String(err) };
    }
    parentPort!.postMessage(reply);
  });
}
