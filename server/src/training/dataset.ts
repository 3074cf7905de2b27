/**
 * Scenario suites for training and evaluation, computed in worker threads: per split a seeded
 * suite of hosts (train and validation for `aura train`, test for `aura eval`), each host's
 * minutes through the predictor, or its trace scored. Same seed, same data, whatever the thread count.
 */
import { makeSuite, type Split, type SuiteEntry } from '@aura/analysis/scenarios';
import type { predict } from '@aura/analysis';
import { WorkerPool } from '../analysis/pool.js';
import { workerEntry } from '../analysis/worker-entry.js';
import type { HostScore, SuiteJob, SuiteResult } from './suite-worker.js';

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

async function runJobs(entries: SuiteEntry[], threads: number, job: (chunk: SuiteEntry[]) => SuiteJob, onProgress?: (hosts: number) => void): Promise<SuiteResult[]> {
  const { script, options } = workerEntry('suite-worker', import.meta.url);
  const pool = new WorkerPool<SuiteJob, SuiteResult>({ script, workerOptions: { ...options, name: 'aura-suite' }, size: Math.max(1, threads), maxQueue: Number.MAX_SAFE_INTEGER, jobTimeoutMs: 900_000 });
  try {
    let done = 0;
    const jobs: Array<Promise<SuiteResult>> = [];
    for (let i = 0; i < entries.length; i += HOSTS_PER_JOB) {
      const chunk = entries.slice(i, i + HOSTS_PER_JOB);
      jobs.push(
        pool.submit(job(chunk))!.then((r) => {
          done += chunk.length;
          onProgress?.(done);
          return r;
        }),
      );
    }
    return await Promise.all(jobs);
  } finally {
    await pool.close();
  }
}

/**
 * Sequences of the given hosts, in the entries' order.
 *
 * @example
 * const train = await buildSequences(suiteEntries({ seed: 1, hosts: 100, days: 3 }, 'train'), 2);
 */
export async function buildSequences(entries: SuiteEntry[], threads: number, onProgress?: (hosts: number) => void): Promise<predict.TrainingSequence[]> {
  const results = await runJobs(entries, threads, (chunk) => ({ kind: 'sequences', entries: chunk }), onProgress);
  return results.flatMap((r) => (r.kind === 'sequences' ? r.sequences : []));
}

/** Each host's CfC risks over its trace (model: a model file's JSON, or null), and the baselines' outcomes when asked. */
export async function scoreHosts(entries: SuiteEntry[], model: unknown, baselines: boolean, threads: number, onProgress?: (hosts: number) => void): Promise<HostScore[]> {
  const results = await runJobs(entries, threads, (chunk) => ({ kind: 'score', entries: chunk, model, baselines }), onProgress);
  return results.flatMap((r) => (r.kind === 'score' ? r.hosts : []));
}
