/** A CfC network's weights and what it was trained on (input names, normalisation), and its seeded initialisation. */
import { createRng } from '../scenarios/random.js';
import { cfcConfigSchema, createLayout, isWeight, type CfcConfig, type CfcConfigInput, type Layout } from './config.js';

/**
 * A CfC network ready to run. Inputs are normalised inside the model:
 * x̃ = clip((x − mean) / std, ±inputClip), and a missing value (NaN) becomes 0 (the mean).
 */
export interface CfcModel {
  config: CfcConfig;
  layout: Layout;
  /** Every parameter, in `layout` order. */
  params: Float64Array;
  /** Feature names, one per input, in order. */
  inputs: string[];
  mean: Float64Array;
  /** Standard deviation per input; 0 (a constant input) is treated as 1. */
  std: Float64Array;
}

export interface CreateCfcOptions {
  /** Seed of the initialisation (default 1). */
  seed?: number;
  /** Feature names (default `x0`, `x1`, …). */
  inputs?: readonly string[];
  mean?: ArrayLike<number>;
  std?: ArrayLike<number>;
}

/**
 * A freshly initialised network, as ncps's `CfCCell.init_weights`: Xavier-uniform weight
 * matrices, biases uniform in ±1/√fan_in (PyTorch's `nn.Linear` default), from a seeded PRNG.
 *
 * @example
 * const model = createCfc({ inputs: 20 }, { seed: 7 }); // 32 hidden units, one 64-unit backbone layer
 * model.params.length; // → 12141
 */
export function createCfc(config: CfcConfigInput, options: CreateCfcOptions = {}): CfcModel {
  const parsed = cfcConfigSchema.safeParse(config);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new RangeError(`CfC config ${issue.path.join('.') || '(root)'}: ${issue.message} (e.g. { inputs: 20, hidden: 32, backboneUnits: 64 })`);
  }
  const cfg = parsed.data;
  const layout = createLayout(cfg);
  const params = new Float64Array(layout.size);
  const rng = createRng(options.seed ?? 1);
  for (const g of layout.groups) {
    if (isWeight(g)) {
      const a = Math.sqrt(6 / (g.rows + g.cols));
      for (let i = 0; i < g.rows * g.cols; i++) params[g.offset + i] = (2 * rng.next() - 1) * a;
    } else {
      const fanIn = fanInOf(layout, g.name);
      const a = 1 / Math.sqrt(fanIn);
      for (let i = 0; i < g.rows; i++) params[g.offset + i] = (2 * rng.next() - 1) * a;
    }
  }
  const n = cfg.inputs;
  const inputs = options.inputs ?? Array.from({ length: n }, (_, i) => `x${i}`);
  if (inputs.length !== n) throw new RangeError(`inputs names: ${inputs.length} given for ${n} inputs (e.g. ["cpu.total", "mem.used_pct", …])`);
  const mean = Float64Array.from(options.mean ?? new Float64Array(n));
  const std = Float64Array.from(options.std ?? new Float64Array(n).fill(1));
  if (mean.length !== n || std.length !== n) throw new RangeError(`normalisation: mean and std need ${n} values each, got ${mean.length} and ${std.length}`);
  return { config: cfg, layout, params, inputs: [...inputs], mean, std };
}

function fanInOf(layout: Layout, biasName: string): number {
  const weight = layout.groups.find((g) => g.name === biasName.replace(/\.bias$/, '.weight'))!;
  return weight.cols;
}

/** A copy with its own weights (for keeping the best weights while training). */
export function cloneModel(model: CfcModel): CfcModel {
  return { ...model, params: model.params.slice(), inputs: [...model.inputs], mean: model.mean.slice(), std: model.std.slice() };
}

/** A view of one named parameter group, e.g. `ff1.weight` (rows × cols, row-major). */
export function paramView(model: CfcModel, name: string): Float64Array {
  const g = model.layout.groups.find((x) => x.name === name);
  if (!g) throw new RangeError(`no parameter group "${name}"; groups: ${model.layout.groups.map((x) => x.name).join(', ')}`);
  return model.params.subarray(g.offset, g.offset + g.rows * g.cols);
}

/** 1/std per input, with constant inputs (std 0 or not finite) left unscaled. */
export function inputScale(std: Float64Array): Float64Array {
  return std.map((s) => (s > 0 && Number.isFinite(s) ? 1 / s : 1));
}

/** Normalise raw features into `out` (x̃ = clip((x − mean)·scale), NaN → 0), as the ONNX graph does. */
export function normaliseInto(x: ArrayLike<number>, xOff: number, n: number, mean: Float64Array, scale: Float64Array, clip: number, out: Float64Array | Float32Array, outOff: number): void {
  for (let k = 0; k < n; k++) {
    const v = x[xOff + k]!;
    if (v !== v) {
      out[outOff + k] = 0;
      continue;
    }
    const z = (v - mean[k]!) * scale[k]!;
    out[outOff + k] = z > clip ? clip : z < -clip ? -clip : z;
  }
}
