/**
 * A trained model as plain JSON (config, named weight groups, input names, normalisation and an
 * id derived from all of them), so the server and `aura train` can save and load it.
 */
import { FAILURE_CLASSES, HORIZONS, describeZodError } from '@aura/protocol';
import { z } from 'zod';
import { cfcConfigSchema } from './config.js';
import { createCfc, type CfcModel } from './model.js';

export const MODEL_FORMAT = 'aura-cfc';
export const MODEL_FORMAT_VERSION = 1;

const modelJsonSchema = z.object({
  format: z.literal(MODEL_FORMAT),
  formatVersion: z.literal(MODEL_FORMAT_VERSION),
  id: z.string().regex(/^cfc-[0-9a-f]{16}$/),
  config: cfcConfigSchema,
  inputs: z.array(z.string()),
  normalisation: z.object({ mean: z.array(z.number()), std: z.array(z.number()) }),
  /** What the outputs mean, for readers of the file. */
  units: z.object({ dt: z.literal('minutes'), ttf: z.literal('ln(1 + minutes)') }),
  horizons: z.array(z.string()),
  classes: z.array(z.string()),
  weights: z.record(z.string(), z.array(z.number())),
  /** Free-form facts about the training run (seed, epochs, losses…). */
  training: z.record(z.string(), z.unknown()).optional(),
});

export type CfcModelJson = z.infer<typeof modelJsonSchema>;

/**
 * The model's id: `cfc-` and 16 hex digits of a 64-bit FNV-1a hash over its config, input
 * names, normalisation and every weight (as float64 bits), so equal ids mean equal models.
 *
 * @example
 * modelId(model); // → "cfc-3f0c9a1b2d4e5f60"
 */
export function modelId(model: CfcModel): string {
  const h = createHash64();
  h.text(JSON.stringify({ config: model.config, inputs: model.inputs }));
  h.floats(model.mean);
  h.floats(model.std);
  h.floats(model.params);
  return `cfc-${h.hex()}`;
}

/**
 * @example
 * const text = JSON.stringify(modelToJson(model, { seed: 7, epochs: 12 }));
 * const again = modelFromJson(JSON.parse(text)); // same weights, same id
 */
export function modelToJson(model: CfcModel, training?: Record<string, unknown>): CfcModelJson {
  const weights: Record<string, number[]> = {};
  for (const g of model.layout.groups) weights[g.name] = Array.from(model.params.subarray(g.offset, g.offset + g.rows * g.cols));
  return {
    format: MODEL_FORMAT,
    formatVersion: MODEL_FORMAT_VERSION,
    id: modelId(model),
    config: model.config,
    inputs: [...model.inputs],
    normalisation: { mean: Array.from(model.mean), std: Array.from(model.std) },
    units: { dt: 'minutes', ttf: 'ln(1 + minutes)' },
    horizons: [...HORIZONS],
    classes: [...FAILURE_CLASSES],
    weights,
    ...(training ? { training } : {}),
  };
}

/** Load a model file's JSON; every shape is checked and the id must match the weights. */
export function modelFromJson(json: unknown): CfcModel {
  const parsed = modelJsonSchema.safeParse(json);
  if (!parsed.success) throw new RangeError(`CfC model file: ${describeZodError(parsed.error)} (expected the JSON written by modelToJson: {"format":"aura-cfc","formatVersion":1,…})`);
  const m = parsed.data;
  const same = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x, i) => x === b[i]);
  if (!same(m.horizons, HORIZONS)) throw new RangeError(`CfC model file: horizons ${JSON.stringify(m.horizons)} differ from this version's ${JSON.stringify(HORIZONS)}`);
  if (!same(m.classes, FAILURE_CLASSES)) throw new RangeError(`CfC model file: classes ${JSON.stringify(m.classes)} differ from this version's ${JSON.stringify(FAILURE_CLASSES)}`);
  const model = createCfc(m.config, { inputs: m.inputs, mean: m.normalisation.mean, std: m.normalisation.std });
  for (const g of model.layout.groups) {
    const values = m.weights[g.name];
    const size = g.rows * g.cols;
    if (!values) throw new RangeError(`CfC model file: weights.${g.name} is missing (${g.rows}×${g.cols} values expected)`);
    if (values.length !== size) throw new RangeError(`CfC model file: weights.${g.name} has ${values.length} values, expected ${g.rows}×${g.cols} = ${size}`);
    model.params.set(values, g.offset);
  }
  const extra = Object.keys(m.weights).filter((k) => !model.layout.groups.some((g) => g.name === k));
  if (extra.length) throw new RangeError(`CfC model file: unknown weight groups ${extra.join(', ')}`);
  const id = modelId(model);
  if (id !== m.id) throw new RangeError(`CfC model file: id ${m.id} does not match its contents (${id}); the file was altered or damaged`);
  return model;
}

/** 64-bit FNV-1a over bytes, in two 32-bit halves (no BigInt in the loop). */
export function createHash64() {
  // FNV-1a 64: offset basis 0xcbf29ce484222325, prime 0x100000001b3 = 2^40 + 0x1b3.
  let hi = 0xcbf29ce4;
  let lo = 0x84222325;
  const byte = (b: number) => {
    lo = (lo ^ b) >>> 0;
    // (hi:lo) × (2^40 + 0x1b3) mod 2^64
    const loMul = lo * 0x1b3;
    const carry = Math.floor(loMul / 0x100000000);
    const newLo = loMul >>> 0;
    const newHi = (Math.imul(hi, 0x1b3) + carry + ((lo << 8) >>> 0)) >>> 0;
    hi = newHi;
    lo = newLo;
  };
  const bytes = new Uint8Array(8);
  const view = new DataView(bytes.buffer);
  return {
    text(s: string) {
      for (const b of new TextEncoder().encode(s)) byte(b);
    },
    floats(a: Float64Array) {
      for (let i = 0; i < a.length; i++) {
        view.setFloat64(0, a[i]!, true);
        for (let k = 0; k < 8; k++) byte(bytes[k]!);
      }
    },
    hex: () => hi.toString(16).padStart(8, '0') + lo.toString(16).padStart(8, '0'),
  };
}
