/**
 * Training: truncated BPTT over mini-batches of sequences with Adam, clipping and early stopping
 * on a validation split (best weights kept). Deterministic: the same data, options and seed give
 * bit-identical weights.
 */
import { describeZodError } from '@aura/protocol';
import { z } from 'zod';
import { createRng, type Rng } from '../scenarios/random.js';
import { createAdam } from './adam.js';
import { ACTIVATIONS } from './activations.js';
import { prepareSequence, runChunk, type PreparedSequence } from './bptt.js';
import { N_CLASSES, N_HORIZONS, isWeight } from './config.js';
import { checkSequence, fitNormalisation, type Sequence } from './dataset.js';
import { createEngine } from './engine.js';
import { CLASS_UNKNOWN, RISK_UNKNOWN, encodeTtf, type LossSettings } from './losses.js';
import { cloneModel, createCfc, paramView, type CfcModel } from './model.js';
import type { GradientShares, ShareTask } from './shares.js';

const positive = z.number().positive();
const fourWeights = z.union([positive, z.array(positive).length(N_HORIZONS)]);

export const trainOptionsSchema = z.object({
  seed: z.number().int().min(0).default(1),
  hidden: z.number().int().min(1).max(1024).default(32),
  backboneUnits: z.number().int().min(1).max(1024).default(64),
  backboneLayers: z.number().int().min(0).max(8).default(1),
  activation: z.enum(ACTIVATIONS).default('lecun_tanh'),
  inputClip: positive.default(10),
  /** Feature names, one per input. */
  inputs: z.array(z.string().min(1)).readonly().optional(),
  /** 'fit': mean and std of the training split; or given values. */
  normalisation: z.union([z.literal('fit'), z.object({ mean: z.array(z.number()), std: z.array(z.number().min(0)) })]).default('fit'),
  /** Most epochs; early stopping may end sooner. */
  epochs: z.number().int().min(1).max(10_000).default(30),
  /** Sequences per mini-batch. */
  batchSize: z.number().int().min(1).max(4096).default(32),
  /** Steps per truncated-BPTT chunk; the hidden state carries across chunks. */
  chunk: z.number().int().min(1).max(10_000).default(64),
  learningRate: positive.default(2e-3),
  beta1: z.number().min(0).lt(1).default(0.9),
  beta2: z.number().min(0).lt(1).default(0.999),
  epsilon: positive.default(1e-8),
  weightDecay: z.number().min(0).default(0),
  clipNorm: positive.default(1),
  loss: z
    .object({
      risk: z.number().min(0).default(1),
      ttf: z.number().min(0).default(0.1),
      class: z.number().min(0).default(0.2),
      /** Positive-class weight per horizon (one number for all four). */
      positiveWeight: fourWeights.default(1),
      huberDelta: positive.default(1),
    })
    .strict()
    .prefault({}),
  /** Share of the sequences held out for validation when no `validation` set is given (0 = none). */
  validationFraction: z.number().min(0).lt(1).default(0.2),
  /** Epochs without a better validation loss before stopping. */
  patience: z.number().int().min(1).default(5),
  /** Improvement below this does not count as better. */
  minDelta: z.number().min(0).default(0),
  /** Start the readout biases at the data's base rates (risk, class) and mean log-TTF. */
  initBiasFromData: z.boolean().default(true),
}).strict();

export type TrainOptions = z.input<typeof trainOptionsSchema> & {
  /** A validation set of its own (then validationFraction is ignored). */
  validation?: Sequence[];
  /** Called after every epoch; return false to stop. */
  onEpoch?: (info: EpochInfo) => void | boolean;
  /**
   * Other threads to compute shares of each mini-batch (data parallelism). The same seed and the
   * same number of shares give bit-identical weights; a different number of shares sums the
   * gradient in another order (equal up to rounding).
   */
  shares?: GradientShares;
};
type Settings = z.output<typeof trainOptionsSchema>;

/** Mean loss per step, and its weighted parts. */
export interface LossReport {
  loss: number;
  risk: number;
  ttf: number;
  class: number;
  steps: number;
}

export interface EpochInfo {
  /** 1-based. */
  epoch: number;
  train: LossReport;
  /** null without a validation set. */
  validation: LossReport | null;
  /** Mean gradient norm before clipping. */
  gradNorm: number;
  /** Optimiser steps so far. */
  updates: number;
  /** Whether this epoch's weights are the best so far (by validation loss, else training loss). */
  best: boolean;
  bestEpoch: number;
}

export interface TrainResult {
  /** The best weights (by validation loss), or the last ones without a validation set. */
  model: CfcModel;
  history: EpochInfo[];
  bestEpoch: number;
  stopped: 'epochs' | 'patience' | 'callback';
}

/**
 * Train a CfC network on sequences (see `Sequence`). Inputs are counted from the first sequence's
 * x and dt.
 *
 * @example
 * const { model, history } = train(sequences, { epochs: 20, seed: 7, onEpoch: (e) => console.log(e.epoch, e.validation?.loss) });
 */
export function train(sequences: readonly Sequence[], options: TrainOptions = {}): TrainResult {
  const { validation, onEpoch, shares, ...rest } = options;
  const parsed = trainOptionsSchema.safeParse(rest);
  if (!parsed.success) throw new RangeError(`train options: ${describeZodError(parsed.error)} (e.g. { epochs: 30, batchSize: 32, chunk: 64, learningRate: 0.002 })`);
  const o = parsed.data;
  if (sequences.length === 0) throw new RangeError('train: no sequences given');
  const first = sequences[0]!;
  const nIn = first.dt.length > 0 ? first.x.length / first.dt.length : 0;
  if (!Number.isInteger(nIn) || nIn < 1) throw new RangeError(`sequences[0]: x has ${first.x.length} values for ${first.dt.length} steps; expected a whole number of inputs per step`);
  sequences.forEach((s, i) => checkSequence(s, i, nIn));
  validation?.forEach((s, i) => checkSequence(s, i, nIn));

  const rng = createRng(o.seed);
  let trainSet = [...sequences];
  let valSet = validation ? [...validation] : [];
  if (!validation && o.validationFraction > 0 && sequences.length >= 2) {
    const order = shuffled(sequences.length, rng);
    const nVal = Math.min(sequences.length - 1, Math.max(1, Math.round(o.validationFraction * sequences.length)));
    valSet = order.slice(0, nVal).map((i) => sequences[i]!);
    trainSet = order.slice(nVal).map((i) => sequences[i]!);
  }

  const norm = o.normalisation === 'fit' ? fitNormalisation(trainSet, nIn) : o.normalisation;
  const model = createCfc(
    { inputs: nIn, hidden: o.hidden, backboneUnits: o.backboneUnits, backboneLayers: o.backboneLayers, activation: o.activation, inputClip: o.inputClip },
    { seed: o.seed, ...(o.inputs ? { inputs: o.inputs } : {}), mean: norm.mean, std: norm.std },
  );
  const losses = lossSettings(o);
  if (o.initBiasFromData) initReadoutBias(model, trainSet, losses);
  const train = trainSet.map((s) => prepareSequence(model, s));
  const val = valSet.map((s) => prepareSequence(model, s));

  const decayMask = new Uint8Array(model.layout.size);
  for (const g of model.layout.groups) if (isWeight(g)) decayMask.fill(1, g.offset, g.offset + g.rows * g.cols);
  const adam = createAdam(model.layout.size, o, decayMask);
  const nShares = 1 + (shares?.count ?? 0);
  const shareRows = Math.ceil(o.batchSize / nShares);
  shares?.setup({
    config: model.config,
    mean: Array.from(model.mean),
    std: Array.from(model.std),
    sequences: trainSet,
    maxRows: shareRows,
    chunk: o.chunk,
    losses: { risk: losses.risk, ttf: losses.ttf, class: losses.class, positiveWeight: Array.from(losses.positiveWeight), huberDelta: losses.huberDelta },
  });
  const engine = createEngine(model.layout, model.config.activation, o.batchSize, o.chunk);
  const grad = new Float64Array(model.layout.size);
  const state = new Float64Array(o.batchSize * model.layout.hidden);
  const rowsPerStep = new Int32Array(o.chunk);
  const parts = new Float64Array(3);

  const history: EpochInfo[] = [];
  let best = cloneModel(model);
  let bestLoss = Infinity;
  let bestEpoch = 0;
  let stale = 0;
  let stopped: TrainResult['stopped'] = 'epochs';
  for (let epoch = 1; epoch <= o.epochs; epoch++) {
    parts.fill(0);
    let lossSum = 0;
    let steps = 0;
    let normSum = 0;
    let updates = 0;
    const order = shuffled(train.length, rng);
    for (let b = 0; b < order.length; b += o.batchSize) {
      const rows = longestFirst(order.slice(b, b + o.batchSize), train);
      const maxT = train[rows[0]!]!.steps;
      state.fill(0);
      if (!shares) {
        const batch = rows.map((i) => train[i]!);
        for (let t0 = 0; t0 < maxT; t0 += o.chunk) {
          grad.fill(0);
          const r = runChunk(engine, model, batch, t0, o.chunk, state, grad, losses, parts, rowsPerStep);
          lossSum += r.loss;
          steps += r.samples;
          normSum += adam.step(model.params, grad);
          updates++;
        }
        continue;
      }
      // Rows dealt round-robin (each share stays longest first); share 0 runs here.
      const groups = Array.from({ length: nShares }, (_, k) => rows.filter((_, i) => i % nShares === k));
      const own = groups[0]!.map((i) => train[i]!);
      for (let t0 = 0; t0 < maxT; t0 += o.chunk) {
        grad.fill(0);
        const tasks: ShareTask[] = groups.map((g) => ({ rows: g, t0, fresh: t0 === 0 }));
        shares.start(model.params, tasks);
        const mine = runChunk(engine, model, own, t0, o.chunk, state, grad, losses, parts, rowsPerStep, 1);
        let loss = mine.loss;
        let samples = mine.samples;
        for (const r of shares.finish(grad)) {
          loss += r.loss;
          samples += r.samples;
          for (let k = 0; k < 3; k++) parts[k] = parts[k]! + r.parts[k]!;
        }
        for (let i = 0; i < grad.length; i++) grad[i] = grad[i]! / samples;
        lossSum += loss;
        steps += samples;
        normSum += adam.step(model.params, grad);
        updates++;
      }
    }
    const trainReport = report(lossSum, parts, steps);
    const valReport = val.length > 0 ? evaluatePrepared(model, val, losses, engine, o.chunk) : null;
    const score = valReport ? valReport.loss : trainReport.loss;
    const isBest = score < bestLoss - o.minDelta;
    if (isBest) {
      bestLoss = score;
      bestEpoch = epoch;
      best = cloneModel(model);
      stale = 0;
    } else stale++;
    const info: EpochInfo = { epoch, train: trainReport, validation: valReport, gradNorm: updates ? normSum / updates : 0, updates: adam.t, best: isBest, bestEpoch };
    history.push(info);
    if (onEpoch?.(info) === false) {
      stopped = 'callback';
      break;
    }
    if (valReport && stale >= o.patience) {
      stopped = 'patience';
      break;
    }
  }
  return { model: val.length > 0 ? best : model, history, bestEpoch: val.length > 0 ? bestEpoch : history.length, stopped };
}

/**
 * Mean loss per step of a model on sequences (the training losses, with the same settings).
 *
 * @example
 * evaluateLoss(model, testSequences).loss;
 */
export function evaluateLoss(model: CfcModel, sequences: readonly Sequence[], options: Pick<TrainOptions, 'loss' | 'batchSize' | 'chunk'> = {}): LossReport {
  const parsed = trainOptionsSchema.safeParse(options);
  if (!parsed.success) throw new RangeError(`evaluateLoss options: ${describeZodError(parsed.error)}`);
  const o = parsed.data;
  sequences.forEach((s, i) => checkSequence(s, i, model.layout.nIn));
  const engine = createEngine(model.layout, model.config.activation, o.batchSize, o.chunk);
  return evaluatePrepared(model, sequences.map((s) => prepareSequence(model, s)), lossSettings(o), engine, o.chunk);
}

function evaluatePrepared(model: CfcModel, seqs: readonly PreparedSequence[], losses: LossSettings, engine: ReturnType<typeof createEngine>, chunk: number): LossReport {
  const B = engine.maxRows;
  const state = new Float64Array(B * model.layout.hidden);
  const rowsPerStep = new Int32Array(chunk);
  const parts = new Float64Array(3);
  let loss = 0;
  let steps = 0;
  const order = seqs.map((_, i) => i);
  for (let b = 0; b < order.length; b += B) {
    const batch = longestFirst(order.slice(b, b + B), seqs).map((i) => seqs[i]!);
    state.fill(0);
    for (let t0 = 0; t0 < batch[0]!.steps; t0 += chunk) {
      const r = runChunk(engine, model, batch, t0, chunk, state, null, losses, parts, rowsPerStep);
      loss += r.loss;
      steps += r.samples;
    }
  }
  return report(loss, parts, steps);
}

function report(loss: number, parts: Float64Array, steps: number): LossReport {
  const d = steps || 1;
  return { loss: loss / d, risk: parts[0]! / d, ttf: parts[1]! / d, class: parts[2]! / d, steps };
}

export function lossSettings(o: Pick<Settings, 'loss'>): LossSettings {
  const pw = o.loss.positiveWeight;
  return {
    risk: o.loss.risk,
    ttf: o.loss.ttf,
    class: o.loss.class,
    positiveWeight: Float64Array.from(typeof pw === 'number' ? [pw, pw, pw, pw] : pw),
    huberDelta: o.loss.huberDelta,
  };
}

/** Readout biases at the constant predictions that minimise each loss on the training data. */
function initReadoutBias(model: CfcModel, seqs: readonly Sequence[], losses: LossSettings): void {
  const pos = new Float64Array(N_HORIZONS);
  const known = new Float64Array(N_HORIZONS);
  const cls = new Float64Array(N_CLASSES);
  let ttfSum = 0;
  let ttfN = 0;
  for (const s of seqs) {
    for (let i = 0; s.risk && i < s.risk.length; i++) {
      const y = s.risk[i]!;
      if (y === RISK_UNKNOWN) continue;
      known[i % N_HORIZONS] = known[i % N_HORIZONS]! + 1;
      pos[i % N_HORIZONS] = pos[i % N_HORIZONS]! + y;
    }
    for (const v of s.ttf ?? []) {
      if (v !== v) continue;
      ttfSum += encodeTtf(v);
      ttfN++;
    }
    for (const c of s.cls ?? []) if (c !== CLASS_UNKNOWN) cls[c] = cls[c]! + 1;
  }
  const rb = paramView(model, 'risk.bias');
  for (let k = 0; k < N_HORIZONS; k++) {
    if (known[k] === 0) continue;
    // With positive weight w, the best constant probability is w·p / (w·p + 1 − p).
    const p = pos[k]! / known[k]!;
    const q = Math.min(1 - 1e-4, Math.max(1e-4, (losses.positiveWeight[k]! * p) / (losses.positiveWeight[k]! * p + 1 - p)));
    rb[k] = Math.log(q / (1 - q));
  }
  if (ttfN > 0) paramView(model, 'ttf.bias')[0] = ttfSum / ttfN;
  const total = cls.reduce((a, b) => a + b, 0);
  if (total > 0) {
    const cb = paramView(model, 'class.bias');
    for (let k = 0; k < N_CLASSES; k++) cb[k] = Math.log((cls[k]! + 1) / (total + N_CLASSES));
  }
}

/** A seeded Fisher–Yates permutation of 0..n−1. */
function shuffled(n: number, rng: Rng): number[] {
  const a = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(rng.next() * (i + 1));
    [a[i], a[j]] = [a[j]!, a[i]!];
  }
  return a;
}

/** The batch's sequence indices, longest first (ties by index, so the order is deterministic). */
function longestFirst(indices: number[], seqs: readonly PreparedSequence[]): number[] {
  return indices.sort((a, b) => seqs[b]!.steps - seqs[a]!.steps || a - b);
}
