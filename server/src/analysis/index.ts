/** The server's analysis: a worker pool and the scheduler that feeds it. `startAnalysis` wires both. */
import { availableParallelism } from 'node:os';
import type { Logger } from 'pino';
import type { ServerEvents } from '../events.js';
import type { Catalog, HostPool } from '../store/index.js';
import { WorkerPool } from './pool.js';
import { shippedModelPath } from './model-file.js';
import { workerEntry } from './worker-entry.js';
import { AnalysisScheduler, type Decide, type SchedulerConfig } from './scheduler.js';
import type { AnalysisJob, AnalysisJobResult } from './types.js';

export { AnalysisScheduler, type Decide, type SchedulerConfig, type SchedulerStats } from './scheduler.js';
export { WorkerPool, type PoolStats } from './pool.js';
export { analyseBatch, initialHostState, restoreHostState } from './analyse-host.js';
export type { HostAnalysisState, HostJob, HostResult } from './types.js';

export interface AnalysisConfig extends SchedulerConfig {
  /** Worker threads; 0 = cores − 1 (at least 1). */
  workers: number;
  /** Jobs waiting beyond those running. */
  queue: number;
  /** CPU niceness of the worker threads (default 10: ingest and the API come first). */
  nice?: number;
  /** The CfC model file (default: the shipped one); null: no prediction. */
  modelPath?: string | null;
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

export function startAnalysis(deps: { hosts: HostPool; catalog: Catalog; events: ServerEvents; log: Logger; decide?: Decide }, config: AnalysisConfig): RunningAnalysis {
  const { script, options } = workerEntry('analysis.worker', import.meta.url);
  const size = config.workers > 0 ? config.workers : defaultWorkers();
  const pool = new WorkerPool<AnalysisJob, AnalysisJobResult>({
    script,
    workerOptions: { ...options, name: 'aura-analysis', workerData: { nice: config.nice ?? 10, modelPath: config.modelPath === undefined ? shippedModelPath() : config.modelPath } },
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
