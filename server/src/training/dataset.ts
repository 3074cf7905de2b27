/**
 * The training data of the shipped model, from the scenario generator: a seeded suite of hosts
 * per split (train, validation; test is kept for `aura eval`), each host's minutes through the
 * predictor, in worker threads. Same seed, same data, whatever the thread count.
 */
import { makeSuite, type Split, type SuiteEntry } from '@aura/analysis/scenarios';
import type { predict } from '@aura/analysis';
import { WorkerPool } from '../analysis/pool.js';
import { workerEntry } from '../analysis/worker-entry.js';
import type { SequencesJob, SequencesResult } from './suite-worker.js';

export interface SuiteSpec {
  seed: number;
  hosts: number;
  days: number;
}

/** Hosts per job: small enough to balance the threads, large enough to amortise the messages. */
const HOSTS_PER_JOB = 4;

export function suiteEntries(spec: SuiteSpec, split: Split): SuiteEntry[] {
  return makeSuite({ seed: spec.seed, hosts: spec.hosts, days: spec.days, split });
}

/**
 * Sequences of the given hosts, in the entries' order, computed on `threads` workers.
 *
 * @example
 * const train = await buildSequences(suiteEntries({ seed: 1, hosts: 100, days: 3 }, 'train'), 2);
 */
export async function buildSequences(entries: SuiteEntry[], threads: number, onProgress?: (hosts: number) => void): Promise<predict.TrainingSequence[]> {
  const { script, options } = workerEntry('suite-worker', import.meta.url);
  const pool = new WorkerPool<SequencesJob, SequencesResult>({ script, workerOptions: { ...options, name: 'aura-train-data' }, size: Math.max(1, threads), maxQueue: Number.MAX_SAFE_INTEGER, jobTimeoutMs: 600_000 });
  try {
    let done = 0;
    const jobs: Array<Promise<SequencesResult>> = [];
    for (let i = 0; i < entries.length; i += HOSTS_PER_JOB) {
      const chunk = entries.slice(i, i + HOSTS_PER_JOB);
      jobs.push(
        pool.submit({ kind: 'sequences', entries: chunk })!.then((r) => {
          done += chunk.length;
          onProgress?.(done);
          return r;
        }),
      );
    }
    return (await Promise.all(jobs)).flatMap((r) => r.sequences);
  } finally {
    await pool.close();
  }
}
