/**
 * Which inputs moved a prediction: gradient × input of the 4-hour risk probability (or of the
 * predicted class's probability) with respect to the current step's normalised inputs, one
 * backward pass through the cell.
 */
import { N_CLASSES, N_HORIZONS, N_OUTPUTS } from './config.js';
import { createEngine } from './engine.js';
import { inputScale, normaliseInto, type CfcModel } from './model.js';

export interface Driver {
  input: string;
  /**
   * x̃·∂p/∂x̃ with x̃ = (x − mean)/std as the cell saw it: the first-order change in the
   * probability p from moving this input from its training mean to its value. Positive raises p.
   */
  effect: number;
}

export interface ExplainOptions {
  /** 'risk': the 4-hour failure probability (default); 'class': the probability of the most likely class. */
  target?: 'risk' | 'class';
}

/**
 * Drivers of one step's prediction for one host, largest |effect| first. `x` holds raw features,
 * `h` the hidden state before this step, `dt` the minutes since the previous step.
 *
 * @example
 * explain(model, features, state, 1).slice(0, 3);
 * // → [{ input: "mem.used_pct", effect: 0.21 }, { input: "swap.used_pct", effect: 0.05 }, …]
 */
export function explain(model: CfcModel, x: ArrayLike<number>, h: ArrayLike<number>, dt: number, options: ExplainOptions = {}): Driver[] {
  const { layout, config } = model;
  const { nIn, hidden: H } = layout;
  if (x.length !== nIn) throw new RangeError(`explain: x has ${x.length} values, the model takes ${nIn} (${model.inputs.slice(0, 3).join(', ')}, …)`);
  if (h.length !== H) throw new RangeError(`explain: h has ${h.length} values, the model has ${H} hidden units`);
  const engine = createEngine(layout, config.activation, 1, 1);
  engine.begin([1], 1);
  normaliseInto(x, 0, nIn, model.mean, inputScale(model.std), config.inputClip, engine.z, 0);
  for (let j = 0; j < H; j++) engine.z[nIn + j] = h[j]!;
  engine.dt[0] = dt;
  engine.forward(model.params, 0);
  const out = engine.out;
  const dOut = engine.dOut;
  dOut.fill(0, 0, N_OUTPUTS);
  if ((options.target ?? 'risk') === 'risk') {
    const p = 1 / (1 + Math.exp(-out[N_HORIZONS - 1]!));
    dOut[N_HORIZONS - 1] = p * (1 - p);
  } else {
    const c0 = N_HORIZONS + 1;
    let best = 0;
    for (let k = 1; k < N_CLASSES; k++) if (out[c0 + k]! > out[c0 + best]!) best = k;
    let sum = 0;
    for (let k = 0; k < N_CLASSES; k++) sum += Math.exp(out[c0 + k]! - out[c0 + best]!);
    const probs = Array.from({ length: N_CLASSES }, (_, k) => Math.exp(out[c0 + k]! - out[c0 + best]!) / sum);
    for (let k = 0; k < N_CLASSES; k++) dOut[c0 + k] = probs[best]! * ((k === best ? 1 : 0) - probs[k]!);
  }
  engine.backward(model.params, new Float64Array(model.params.length), true);
  const drivers: Driver[] = [];
  for (let k = 0; k < nIn; k++) drivers.push({ input: model.inputs[k]!, effect: engine.z[k]! * engine.dx0[k]! });
  return drivers.sort((a, b) => Math.abs(b.effect) - Math.abs(a.effect) || a.input.localeCompare(b.input));
}
