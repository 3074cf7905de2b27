/**
 * From labelled traces to the network's training sequences: each minute through the predictor
 * (the same code the server runs), targets from the label, and a new sequence after every gap
 * (the server resets a host's hidden state there too).
 */
import { FEATURE_COUNT, hostVector } from '../features/index.js';
import { INPUT_COUNT } from './inputs.js';
import { CLASS_UNKNOWN, RISK_UNKNOWN, stepTargets, type StepLabel } from './labels.js';
import { initialPredictorState, predictorStep } from './minute.js';

/** What the dataset needs of a trace (the scenario generator's `Trace`, or a recorded one). */
export interface MinuteTrace {
  hostId: string;
  /** Unix seconds, one per minute (gaps allowed). */
  timestamps: ArrayLike<number>;
  series: Record<string, ArrayLike<number>>;
  cores?: number | undefined;
  label: StepLabel | null;
}

/** One training sequence, in the layout `nn.train` takes (see packages/analysis/src/nn). */
export interface TrainingSequence {
  id: string;
  x: Float32Array;
  dt: Float32Array;
  risk: Uint8Array;
  ttf: Float32Array;
  cls: Int8Array;
  /** Unix seconds of each step (for evaluation). */
  ts: Float64Array;
}

/**
 * The trace's minutes as predictor inputs and targets, split at gaps.
 *
 * @example
 * const seqs = traceSequences({ hostId, timestamps, series, cores: 8, label });
 * nn.train(seqs, { inputs: INPUT_IDS, … });
 */
export function traceSequences(trace: MinuteTrace): TrainingSequence[] {
  const names = Object.keys(trace.series);
  const cols = names.map((n) => trace.series[n]!);
  const n = trace.timestamps.length;
  const row = new Float64Array(names.length);
  const vec = new Float64Array(FEATURE_COUNT);
  const x = new Float32Array(n * INPUT_COUNT);
  const dt = new Float32Array(n);
  const starts: number[] = [];
  const state = initialPredictorState();
  const out = new Float32Array(INPUT_COUNT);
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < cols.length; k++) row[k] = cols[k]![i]!;
    const step = predictorStep(state, trace.timestamps[i]!, hostVector(names, row, trace.cores, vec), out);
    if (step.reset) starts.push(i);
    x.set(step.x, i * INPUT_COUNT);
    dt[i] = step.dt;
  }
  starts.push(n);
  const sequences: TrainingSequence[] = [];
  for (let s = 0; s + 1 < starts.length; s++) {
    const [a, b] = [starts[s]!, starts[s + 1]!];
    const T = b - a;
    const seq: TrainingSequence = {
      id: `${trace.hostId}#${s}`,
      x: x.slice(a * INPUT_COUNT, b * INPUT_COUNT),
      dt: dt.slice(a, b),
      risk: new Uint8Array(T * 4),
      ttf: new Float32Array(T),
      cls: new Int8Array(T),
      ts: Float64Array.from({ length: T }, (_, i) => trace.timestamps[a + i]!),
    };
    for (let i = 0; i < T; i++) {
      const t = stepTargets(seq.ts[i]!, trace.label);
      seq.risk.set(t.risk, i * 4);
      seq.ttf[i] = t.ttfMinutes;
      seq.cls[i] = t.cls;
    }
    sequences.push(seq);
  }
  return sequences;
}

export { CLASS_UNKNOWN, RISK_UNKNOWN };
