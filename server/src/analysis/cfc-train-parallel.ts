/**
 * CfC training on several cores: `nn.train` with `shares` computed by worker threads. Each worker
 * keeps the training data and its rows' hidden states; per chunk, the weights go out and the
 * gradients come back through shared memory, the trainer waiting with Atomics (train stays
 * synchronous). The same seed and worker count give bit-identical weights.
 */
import { Worker } from 'node:worker_threads';
import { nn } from '@aura/analysis';

/** Control word of a worker. */
export const SHARE_STATE = { starting: 0, ready: 1, task: 2, done: 3, failed: 4, stop: 5 } as const;
/** How long the trainer waits for a worker before calling it lost (a share takes milliseconds). */
const WORKER_TIMEOUT_MS = 120_000;

export interface ThreadSharesOptions {
  /** Start one worker running `cfc-train.worker` with this workerData (default: `defaultSpawn`). */
  spawn?: (workerData: ShareWorkerData) => Worker;
}

/**
 * The worker entry beside this module: dist/cfc-train.worker.js in the built server; from the
 * sources (tests, benchmarks) the .ts file loaded through tsx, as the analysis pool does.
 */
export function defaultSpawn(workerData: ShareWorkerData): Worker {
  if (!import.meta.url.endsWith('.ts')) return new Worker(new URL('./cfc-train.worker.js', import.meta.url), { workerData });
  const source = new URL('./cfc-train.worker.ts', import.meta.url).href;
  return new Worker(`import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${JSON.stringify(source)}); })`, { eval: true, workerData });
}

/** What a share worker receives. */
export interface ShareWorkerData {
  setup: nn.ShareSetup;
  control: Int32Array;
  params: Float64Array;
  grad: Float64Array;
  /** [t0, fresh, rows, row indices…]. */
  task: Int32Array;
  /** [loss, risk, ttf, class, samples]. */
  result: Float64Array;
}

export interface ThreadShares extends nn.GradientShares {
  close(): Promise<void>;
}

/**
 * @example
 * const shares = createThreadShares(availableParallelism() - 1);
 * try { nn.train(sequences, { ...options, shares }); } finally { await shares.close(); }
 */
export function createThreadShares(count: number, options: ThreadSharesOptions = {}): ThreadShares {
  if (!Number.isInteger(count) || count < 1) throw new RangeError(`worker count must be a whole number ≥ 1 (e.g. 1 on a 2-core machine), got ${count}`);
  const spawn = options.spawn ?? defaultSpawn;
  const shared = (bytes: number) => new SharedArrayBuffer(bytes);
  let workers: Array<{ worker: Worker; data: ShareWorkerData }> = [];
  let params: Float64Array | null = null;
  const waitWhile = (control: Int32Array, state: number, what: string) => {
    const deadline = Date.now() + WORKER_TIMEOUT_MS;
    while (Atomics.load(control, 0) === state) {
      if (Atomics.wait(control, 0, state, 1000) === 'timed-out' && Date.now() > deadline) throw new Error(`training worker did not ${what} within ${WORKER_TIMEOUT_MS / 1000} s`);
    }
    if (Atomics.load(control, 0) === SHARE_STATE.failed) throw new Error('a training worker failed (its error is on stderr)');
  };
  return {
    count,
    setup(setup) {
      const size = nn.createCfc(setup.config).layout.size;
      const sharedParams = new Float64Array(shared(size * 8));
      params = sharedParams;
      workers = Array.from({ length: count }, () => {
        const data: ShareWorkerData = {
          setup,
          control: new Int32Array(shared(4 * 4)),
          params: sharedParams,
          grad: new Float64Array(shared(size * 8)),
          task: new Int32Array(shared((3 + setup.maxRows) * 4)),
          result: new Float64Array(shared(5 * 8)),
        };
        return { worker: spawn(data), data };
      });
      for (const w of workers) waitWhile(w.data.control, SHARE_STATE.starting, 'start');
    },
    start(p, tasks) {
      if (!params) throw new Error('setup() first');
      if (tasks.length !== count + 1) throw new RangeError(`${tasks.length} tasks for ${count} workers and the trainer`);
      params.set(p);
      workers.forEach((w, k) => {
        const t = tasks[k + 1]!;
        w.data.task[0] = t.t0;
        w.data.task[1] = t.fresh ? 1 : 0;
        w.data.task[2] = t.rows.length;
        w.data.task.set(t.rows, 3);
        Atomics.store(w.data.control, 0, SHARE_STATE.task);
        Atomics.notify(w.data.control, 0);
      });
    },
    finish(grad) {
      return workers.map((w) => {
        waitWhile(w.data.control, SHARE_STATE.task, 'finish a share');
        const g = w.data.grad;
        for (let i = 0; i < grad.length; i++) grad[i] = grad[i]! + g[i]!;
        const r = w.data.result;
        return { loss: r[0]!, parts: [r[1]!, r[2]!, r[3]!] as [number, number, number], samples: r[4]! };
      });
    },
    async close() {
      await Promise.all(
        workers.map(async (w) => {
          Atomics.store(w.data.control, 0, SHARE_STATE.stop);
          Atomics.notify(w.data.control, 0);
          await w.worker.terminate();
        }),
      );
      workers = [];
    },
  };
}
