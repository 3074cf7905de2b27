/** The server's analysis: a worker pool and the scheduler that feeds it. `startAnalysis` wires both. */
import { availableParallelism } from 'node:os';
import type { WorkerOptions } from 'node:worker_threads';
import type { Logger } from 'pino';
import type { ServerEvents } from '../events.js';
import type { Catalog, HostPool } from '../store/index.js';
import { WorkerPool } from './pool.js';
import { AnalysisScheduler, type Decide, type SchedulerConfig } from './scheduler.js';
import type { AnalysisJob, AnalysisJobResult } from './types.js';

export { AnalysisScheduler, type Decide, type SchedulerConfig, type SchedulerStats } from './scheduler.js';
export { WorkerPool, type PoolStats } from './pool.js';
export { analyseHost, initialHostState, restoreHostState } from './analyse-host.js';
export type { HostAnalysisState, HostJob, HostResult } from './types.js';

export interface AnalysisConfig extends SchedulerConfig {
  /** Worker threads; 0 = cores − 1 (at least 1). */
  workers: number;
  /** Jobs waiting beyond those running. */
  queue: number;
  /** CPU niceness of the worker threads (default 10: ingest and the API come first). */
  nice?: number;
}

export interface RunningAnalysis {
  pool: WorkerPool<AnalysisJob, AnalysisJobResult>;
  scheduler: AnalysisScheduler;
  close(): Promise<void>;
}

/** Pool size from the machine: leave one core to ingest and the API. */
export function defaultWorkers(): number {
  return Math.max(1, availableParallelism() - 1);
}

/**
 * Where the worker entry is: beside this module in the built server (dist/analysis.worker.js),
 * or the TypeScript source when running from sources (tests), loaded through tsx's loader
 * (registered inside the worker: Node 20 does not carry `--import` loaders into workers).
 */
function workerScript(): { script: URL | string; options: WorkerOptions } {
  if (!import.meta.url.endsWith('.ts')) return { script: new URL('./analysis.worker.js', import.meta.url), options: {} };
  const source = new URL('./analysis.worker.ts', import.meta.url).href;
  return { script: `import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${JSON.stringify(source)}); })`, options: { eval: true } };
}

export function startAnalysis(deps: { hosts: HostPool; catalog: Catalog; events: ServerEvents; log: Logger; decide?: Decide }, config: AnalysisConfig): RunningAnalysis {
  const { script, options } = workerScript();
  const size = config.workers > 0 ? config.workers : defaultWorkers();
  const pool = new WorkerPool<AnalysisJob, AnalysisJobResult>({
    script,
    workerOptions: { ...options, name: 'aura-analysis', workerData: { nice: config.nice ?? 10 } },
    size,
    maxQueue: config.queue,
    onWorkerError: (err, attempt) => deps.log.error({ err: err.message, attempt }, 'analysis worker crashed; replaced'),
  });
  const scheduler = new AnalysisScheduler({ pool, ...deps, config });
  deps.log.info({ workers: size, stepMs: config.stepMs, windowMs: config.windowMs }, 'analysis workers started');
  return {
    pool,
    scheduler,
    async close() {
      scheduler.close();
      await pool.close();
    },
  };
}
