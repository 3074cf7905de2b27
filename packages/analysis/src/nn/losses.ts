/**
 * The training losses of one step and their gradients with respect to the readout, with masks:
 * binary cross-entropy per horizon (with positive weights, failures being rare), a Huber loss on
 * the log time to failure and cross-entropy on the failure class, the last two only where a
 * failure is known ahead.
 */
import { N_CLASSES, N_HORIZONS } from './config.js';

/** Unknown label values in a `Sequence`. */
export const RISK_UNKNOWN = 255;
export const CLASS_UNKNOWN = -1;

export interface LossSettings {
  /** Weight of each part in the total. */
  risk: number;
  ttf: number;
  class: number;
  /** Multiplier of the positive term of each horizon's cross-entropy (PyTorch's `pos_weight`). */
  positiveWeight: Float64Array;
  /** Huber δ on the log-TTF scale: quadratic within ±δ, linear beyond. */
  huberDelta: number;
}

/** The regression target: ln(1 + minutes to failure). */
export function encodeTtf(minutes: number): number {
  return Math.log1p(minutes);
}

/** Minutes to failure from the regression output (clamped at 0). */
export function decodeTtf(value: number): number {
  return Math.max(0, Math.expm1(value));
}

/** Labels of one step: offsets into a sequence's label arrays at step τ. */
export interface StepLabels {
  risk: Uint8Array | undefined;
  ttf: Float32Array | undefined;
  cls: Int8Array | undefined;
  step: number;
}

/**
 * Loss of one step from its readout `out[o..o+outputs)`; writes scale·∂loss/∂out into dOut
 * (when given) and adds each weighted part into parts[0..3) (risk, ttf, class).
 */
export function stepLoss(out: Float64Array, o: number, dOut: Float64Array | null, labels: StepLabels, w: LossSettings, scale: number, parts: Float64Array): number {
  let total = 0;
  const { risk, ttf, cls, step } = labels;
  if (dOut) dOut.fill(0, o, o + N_HORIZONS + 1 + N_CLASSES);
  if (risk && w.risk !== 0) {
    let sum = 0;
    for (let k = 0; k < N_HORIZONS; k++) {
      const y = risk[step * N_HORIZONS + k]!;
      if (y === RISK_UNKNOWN) continue;
      const r = out[o + k]!;
      // log σ(r) and log(1 − σ(r)) computed stably.
      const softplusNeg = Math.max(-r, 0) + Math.log1p(Math.exp(-Math.abs(r))); // −log σ(r)
      const p = 1 / (1 + Math.exp(-r));
      if (y === 1) {
        const pw = w.positiveWeight[k]!;
        sum += pw * softplusNeg;
        if (dOut) dOut[o + k] = scale * w.risk * pw * (p - 1);
      } else {
        sum += softplusNeg + r; // −log(1 − σ(r)) = softplus(r) = softplus(−r) + r
        if (dOut) dOut[o + k] = scale * w.risk * p;
      }
    }
    parts[0] = parts[0]! + w.risk * sum;
    total += w.risk * sum;
  }
  const known = cls !== undefined ? cls[step]! : CLASS_UNKNOWN;
  const minutes = ttf !== undefined ? ttf[step]! : Number.NaN;
  if (ttf && w.ttf !== 0 && minutes === minutes) {
    const e = out[o + N_HORIZONS]! - encodeTtf(minutes);
    const d = w.huberDelta;
    const a = Math.abs(e);
    const loss = a <= d ? 0.5 * e * e : d * (a - 0.5 * d);
    if (dOut) dOut[o + N_HORIZONS] = scale * w.ttf * (a <= d ? e : e > 0 ? d : -d);
    parts[1] = parts[1]! + w.ttf * loss;
    total += w.ttf * loss;
  }
  if (cls && w.class !== 0 && known !== CLASS_UNKNOWN) {
    const c0 = o + N_HORIZONS + 1;
    let max = -Infinity;
    for (let k = 0; k < N_CLASSES; k++) max = Math.max(max, out[c0 + k]!);
    let sum = 0;
    for (let k = 0; k < N_CLASSES; k++) sum += Math.exp(out[c0 + k]! - max);
    const logZ = max + Math.log(sum);
    const loss = logZ - out[c0 + known]!;
    if (dOut) for (let k = 0; k < N_CLASSES; k++) dOut[c0 + k] = scale * w.class * (Math.exp(out[c0 + k]! - logZ) - (k === known ? 1 : 0));
    parts[2] = parts[2]! + w.class * loss;
    total += w.class * loss;
  }
  return total;
}
