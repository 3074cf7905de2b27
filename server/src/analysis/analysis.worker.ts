/**
 * The analysis worker: takes a batch of host windows, answers with their analyses. Runs at a
 * lower CPU priority than the main thread (nice +10 on Linux), so ingest and the API are served
 * first when the machine is busy and analysis uses what is left.
 */
import { readFileSync } from 'node:fs';
import { setPriority } from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import { analyseHost } from './analyse-host.js';
import type { AnalysisJob, AnalysisJobResult } from './types.js';
import type { WorkerReply } from './pool.js';

/** Nice value of analysis threads: CFS then gives the main thread ~10× their share under contention. */
const ANALYSIS_NICE = 10;

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

lowerPriority(typeof workerData?.nice === 'number' ? (workerData.nice as number) : ANALYSIS_NICE);
parentPort!.on('message', (job: AnalysisJob) => {
  let reply: WorkerReply<AnalysisJobResult>;
  try {
    reply = { ok: true, result: { hosts: job.hosts.map(analyseHost) } };
  } catch (err) {
    reply = { ok: false, error: (err as Error).stack ?? String(err) };
  }
  parentPort!.postMessage(reply);
});
