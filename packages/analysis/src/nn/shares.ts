/**
 * Data-parallel training support: a mini-batch chunk split into shares whose gradients are
 * computed apart (on other threads) and summed in a fixed order, so training with the same seed
 * and the same number of shares gives bit-identical weights. This module stays pure: the threads
 * are the caller's (see server/src/analysis/cfc-train-parallel.ts).
 */
import { prepareSequence, runChunk, type PreparedSequence } from './bptt.js';
import type { CfcConfig } from './config.js';
import type { Sequence } from './dataset.js';
import { createEngine } from './engine.js';
import type { LossSettings } from './losses.js';
import { createCfc, type CfcModel } from './model.js';

/** What a share runner needs to rebuild the trainer's view of the data. */
export interface ShareSetup {
  config: CfcConfig;
  mean: number[];
  std: number[];
  /** The training split, in the trainer's order (task indices point into it). */
  sequences: Sequence[];
  /** Rows per share: ceil(batchSize / shares). */
  maxRows: number;
  chunk: number;
  losses: { risk: number; ttf: number; class: number; positiveWeight: number[]; huberDelta: number };
}

/** One share of one chunk: rows of the batch (training-set indices, longest first) from step t0. */
export interface ShareTask {
  rows: number[];
  t0: number;
  /** First chunk of a batch: the rows' hidden states start from zeros. */
  fresh: boolean;
}

export interface ShareResult {
  /** Sum of the share's step losses, and of each part (risk, ttf, class). */
  loss: number;
  parts: [number, number, number];
  samples: number;
}

/**
 * Threads that compute shares: `run` hands out tasks[1..] to the other threads, and returns after
 * they all finished with their gradients (of the loss sums) added into `grads[k − 1]` order-wise;
 * the trainer computes tasks[0] itself meanwhile.
 */
export interface GradientShares {
  /** Threads besides the trainer's. */
  readonly count: number;
  /** Called once before training, with what every thread needs. */
  setup(setup: ShareSetup): void;
  /** Start tasks (one per thread) with the current weights. */
  start(params: Float64Array, tasks: ShareTask[]): void;
  /** Wait for the started tasks; add each thread's gradient into grad, in thread order. */
  finish(grad: Float64Array): ShareResult[];
}

/**
 * Runs shares for one thread: its own engine, the hidden states of its rows across chunks.
 *
 * @example
 * const runner = createShareRunner(setup); // in a worker, from the trainer's ShareSetup
 * const r = runner.run(params, task, grad);
 */
export function createShareRunner(setup: ShareSetup): { model: CfcModel; run(params: Float64Array, task: ShareTask, grad: Float64Array): ShareResult } {
  const model = createCfc(setup.config, { mean: setup.mean, std: setup.std });
  const prepared: PreparedSequence[] = setup.sequences.map((s) => prepareSequence(model, s));
  const engine = createEngine(model.layout, model.config.activation, setup.maxRows, setup.chunk);
  const state = new Float64Array(setup.maxRows * model.layout.hidden);
  const rowsPerStep = new Int32Array(setup.chunk);
  const parts = new Float64Array(3);
  const losses: LossSettings = { ...setup.losses, positiveWeight: Float64Array.from(setup.losses.positiveWeight) };
  return {
    model,
    run(params, task, grad) {
      if (task.rows.length > setup.maxRows) throw new RangeError(`share of ${task.rows.length} rows exceeds ${setup.maxRows}`);
      if (task.fresh) state.fill(0);
      model.params = params;
      parts.fill(0);
      const batch = task.rows.map((i) => prepared[i]!);
      const r = runChunk(engine, model, batch, task.t0, setup.chunk, state, grad, losses, parts, rowsPerStep, 1);
      return { loss: r.loss, parts: [parts[0]!, parts[1]!, parts[2]!], samples: r.samples };
    },
  };
}

/**
 * Shares computed one after another on the calling thread: the reference the threaded version
 * must equal bit for bit (tests), and a stand-in where no threads are available.
 */
export function createSerialShares(count: number): GradientShares {
  let runners: Array<ReturnType<typeof createShareRunner>> = [];
  let pending: { params: Float64Array; tasks: ShareTask[] } | null = null;
  let grads: Float64Array[] = [];
  return {
    count,
    setup(setup) {
      runners = Array.from({ length: count }, () => createShareRunner(setup));
      grads = runners.map((r) => new Float64Array(r.model.params.length));
    },
    start(params, tasks) {
      pending = { params, tasks };
    },
    finish(grad) {
      const { params, tasks } = pending!;
      pending = null;
      return tasks.slice(1).map((task, k) => {
        grads[k]!.fill(0);
        const r = runners[k]!.run(params, task, grads[k]!);
        for (let i = 0; i < grad.length; i++) grad[i] = grad[i]! + grads[k]![i]!;
        return r;
      });
    },
  };
}
