/**
 * The CfC predictor inside an analysis worker: the shipped (or configured) model run by
 * onnxruntime-node for every host of a job in one batch, each host's hidden state carried in its
 * analysis state, and the outputs read as the protocol's `Prediction`: risks, time to failure and
 * class only when the risk makes them meaningful, the inputs that drove it, what to do.
 */
import { nn, predict } from '@aura/analysis';
import { FAILURE_CLASSES, HORIZONS, type Prediction } from '@aura/protocol';
import { createCfcRuntime, type CfcRuntime } from './cfc-runtime.js';
import type { LoadedModel } from './model-file.js';

/** Below this 4-hour risk the network's time to failure and class are not read out (they are trained only where a failure is ahead). */
const READ_TTF_AT = 0.5;
const READ_CLASS_AT = 0.25;
/** Drivers are computed (a backward pass) only when the risk is worth explaining. */
const EXPLAIN_AT = 0.1;
const DRIVERS = 5;

export interface PredictInput {
  /** Raw inputs of this minute (predict.INPUT_IDS order). */
  x: Float32Array;
  /** Minutes since the host's previous step. */
  dt: number;
  /** The host's hidden state after its previous step; null to start afresh (first step, after a gap). */
  h: number[] | null;
}

export interface PredictOutput {
  prediction: Prediction;
  h: number[];
}

export interface Predictor {
  readonly modelId: string;
  readonly thresholds: predict.AlarmThresholds;
  run(inputs: PredictInput[]): Promise<PredictOutput[]>;
  close(): Promise<void>;
}

export async function createPredictor(loaded: LoadedModel): Promise<Predictor> {
  const runtime: CfcRuntime = await createCfcRuntime(nn.exportOnnx(loaded.model));
  const H = runtime.nHidden;
  const nIn = runtime.nIn;
  return {
    modelId: runtime.modelId,
    thresholds: loaded.thresholds,
    async run(inputs) {
      const n = inputs.length;
      if (n === 0) return [];
      const x = new Float32Array(n * nIn);
      const h = new Float32Array(n * H);
      const dt = new Float32Array(n);
      inputs.forEach((p, i) => {
        x.set(p.x, i * nIn);
        if (p.h) h.set(p.h, i * H);
        dt[i] = p.dt;
      });
      const out = await runtime.runBatch({ n, x, h, dt });
      return inputs.map((p, i) => ({
        prediction: readPrediction(loaded.model, runtime.modelId, loaded.thresholds, p, h.subarray(i * H, (i + 1) * H), out.risk.subarray(i * 4, i * 4 + 4), out.ttf[i]!, out.classProbs.subarray(i * 8, i * 8 + 8)),
        h: Array.from(out.h.subarray(i * H, (i + 1) * H)),
      }));
    },
    close: () => runtime.close(),
  };
}

/**
 * The network's outputs for one host-step as the protocol's Prediction (drivers computed by a
 * backward pass when the risk is worth explaining and `explainDrivers` is on).
 */
export function readPrediction(
  model: nn.CfcModel,
  id: string,
  thresholds: predict.AlarmThresholds,
  input: PredictInput,
  h: ArrayLike<number>,
  risk: ArrayLike<number>,
  ttf: number,
  probs: ArrayLike<number>,
  explainDrivers = true,
): Prediction {
  const riskByHorizon = Object.fromEntries(HORIZONS.map((k, i) => [k, round(risk[i]!)])) as Prediction['risk'];
  const r4h = risk[3]!;
  let best = 0;
  for (let k = 1; k < probs.length; k++) if (probs[k]! > probs[best]!) best = k;
  const cls = r4h >= READ_CLASS_AT ? FAILURE_CLASSES[best]! : null;
  const drivers =
    explainDrivers && r4h >= EXPLAIN_AT
      ? nn
          .explain(model, input.x, h, input.dt, { target: 'risk' })
          .slice(0, DRIVERS)
          .map((d) => ({ input: predict.inputLabel(d.input), effect: round(d.effect), id: d.input }))
      : [];
  return {
    risk: riskByHorizon,
    ttfSeconds: r4h >= READ_TTF_AT ? Math.round(nn.decodeTtf(ttf) * 60) : null,
    class: cls,
    classProbability: cls ? round(probs[best]!) : 0,
    drivers,
    recommendation: cls ? predict.RECOMMENDATIONS[cls] : r4h >= EXPLAIN_AT ? predict.GENERAL_RECOMMENDATION : '',
    model: id,
    level: predict.severityName(predict.riskLevel(risk, thresholds)),
  };
}

function round(x: number): number {
  return Math.round(x * 1e4) / 1e4;
}
