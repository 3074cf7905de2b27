/**
 * `aura train`'s engine: the shipped CfC model from the repository alone. Seeded scenario suites
 * (train and validation splits; the test split is never seen), the predictor's inputs, the
 * network trained with early stopping on the validation split, alarm thresholds tuned there, and
 * one model file. Reproducible bit for bit with the same options and thread count.
 */
import { nn, predict } from '@aura/analysis';
import { createThreadShares } from '../analysis/cfc-train-parallel.js';
import { cfcOutcomes, tuneThresholds } from './cfc-outcomes.js';
import { buildSequences, scoreHosts, suiteEntries, type SuiteSpec } from './dataset.js';
import { summarize } from '@aura/analysis/eval';

export interface TrainModelOptions {
  seed: number;
  train: SuiteSpec;
  validation: SuiteSpec;
  epochs: number;
  patience: number;
  /** Threads for data and gradients (the weights depend on it: keep it fixed for reproducibility). */
  threads: number;
  /** False alarms per healthy host-day the thresholds may cost on the validation split. */
  falseAlarmBudget: number;
  log: (line: string) => void;
}

/** The network's shape and training settings of the shipped model. */
export const SHIPPED = {
  hidden: 32,
  backboneUnits: 64,
  batchSize: 32,
  chunk: 64,
  learningRate: 2e-3,
  clipNorm: 1,
  loss: { risk: 1, ttf: 0.1, class: 0.2, positiveWeight: [8, 4, 3, 2] as [number, number, number, number], huberDelta: 1 },
} as const;

export interface TrainedModel {
  json: nn.CfcModelJson;
  thresholds: predict.AlarmThresholds;
  seconds: { data: number; training: number; tuning: number };
}

export async function trainModel(o: TrainModelOptions): Promise<TrainedModel> {
  const t0 = performance.now();
  o.log(`data: ${o.train.hosts} training and ${o.validation.hosts} validation hosts × ${o.train.days} days (seed ${o.seed}) on ${o.threads} threads`);
  const trainEntries = suiteEntries({ ...o.train, seed: o.seed }, 'train');
  const valEntries = suiteEntries({ ...o.validation, seed: o.seed }, 'validation');
  const trainSeqs = await buildSequences(trainEntries, o.threads);
  const valSeqs = await buildSequences(valEntries, o.threads);
  const steps = trainSeqs.reduce((s, q) => s + q.dt.length, 0);
  const t1 = performance.now();
  o.log(`data: ${trainSeqs.length} training sequences (${steps} steps), ${valSeqs.length} validation, ${((t1 - t0) / 1000).toFixed(1)} s`);
  const shares = o.threads > 1 ? createThreadShares(o.threads - 1) : undefined;
  let result: nn.TrainResult;
  try {
    result = nn.train(trainSeqs, {
      seed: o.seed,
      inputs: predict.INPUT_IDS,
      hidden: SHIPPED.hidden,
      backboneUnits: SHIPPED.backboneUnits,
      batchSize: SHIPPED.batchSize,
      chunk: SHIPPED.chunk,
      learningRate: SHIPPED.learningRate,
      clipNorm: SHIPPED.clipNorm,
      loss: { ...SHIPPED.loss, positiveWeight: [...SHIPPED.loss.positiveWeight] },
      epochs: o.epochs,
      patience: o.patience,
      validation: valSeqs,
      ...(shares ? { shares } : {}),
      onEpoch: (e) => {
        o.log(`epoch ${e.epoch}: train loss ${e.train.loss.toFixed(4)}, validation ${e.validation?.loss.toFixed(4) ?? '–'}${e.best ? ' (best)' : ''} at ${((performance.now() - t0) / 1000).toFixed(0)} s`);
      },
    });
  } finally {
    await shares?.close();
  }
  const t2 = performance.now();
  const plain = nn.modelToJson(result.model);
  const scores = await scoreHosts(valEntries, plain, false, o.threads);
  const tuned = tuneThresholds(scores, o.falseAlarmBudget);
  const t3 = performance.now();
  o.log(
    `thresholds: warning at 4-hour risk ≥ ${tuned.thresholds.warning}, critical at 1-hour risk ≥ ${tuned.thresholds.critical}: validation recall ${tuned.validation.recall.toFixed(2)}, ${tuned.validation.falseAlarmsPerHostDay.toFixed(3)} false alarms per healthy host-day`,
  );
  const table = summarize('cfc', cfcOutcomes(scores, tuned.thresholds));
  const json = nn.modelToJson(result.model, {
    seed: o.seed,
    suite: { train: o.train, validation: o.validation },
    threads: o.threads,
    epochs: result.history.length,
    bestEpoch: result.bestEpoch,
    stopped: result.stopped,
    trainingSteps: steps,
    loss: { train: result.history[result.bestEpoch - 1]?.train.loss ?? null, validation: result.history[result.bestEpoch - 1]?.validation?.loss ?? null },
    alarm: tuned.thresholds,
    validation: { ...tuned.validation, slowLeadMedianS: table.rows.find((r) => r.group === 'slow')?.leadMedianS ?? null },
  });
  return { json, thresholds: tuned.thresholds, seconds: { data: (t1 - t0) / 1000, training: (t2 - t1) / 1000, tuning: (t3 - t2) / 1000 } };
}
