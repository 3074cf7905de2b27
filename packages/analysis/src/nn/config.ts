/** The shape of a CfC network (sizes, activation) and where each parameter group lives in the flat weight buffer. */
import { FAILURE_CLASSES, HORIZONS } from '@aura/protocol';
import { z } from 'zod';
import { ACTIVATIONS } from './activations.js';

export const cfcConfigSchema = z.object({
  /** Features per step (e.g. 20). */
  inputs: z.number().int().min(1).max(4096),
  /** Hidden units of the cell (ncps `units`). */
  hidden: z.number().int().min(1).max(4096).default(32),
  /** Width of each backbone layer (ncps `backbone_units`, whose default is 128). */
  backboneUnits: z.number().int().min(1).max(4096).default(64),
  /** Backbone layers on [x_t, h_{t−1}]; 0 puts the heads on the concatenation itself (ncps `backbone_layers`). */
  backboneLayers: z.number().int().min(0).max(8).default(1),
  /** Backbone activation (ncps `backbone_activation`). */
  activation: z.enum(ACTIVATIONS).default('lecun_tanh'),
  /** Normalised inputs are clipped to ±inputClip (standard deviations) before the cell sees them. */
  inputClip: z.number().positive().default(10),
}).strict();

/** Sizes and activation of a CfC network. */
export type CfcConfig = z.output<typeof cfcConfigSchema>;
/** What a caller gives: only `inputs` is required. */
export type CfcConfigInput = z.input<typeof cfcConfigSchema>;

/** Readout sizes: risk logits per horizon (HORIZONS order), one log-TTF value, class logits (FAILURE_CLASSES order). */
export const N_HORIZONS = HORIZONS.length;
export const N_CLASSES = FAILURE_CLASSES.length;
export const N_OUTPUTS = N_HORIZONS + 1 + N_CLASSES;

/** A named block of the flat parameter buffer: `rows × cols` starting at `offset` (a bias has cols = 1). */
export interface ParamGroup {
  name: string;
  offset: number;
  rows: number;
  cols: number;
}

/**
 * Where everything lives. The four head matrices (ff1, ff2, time_a, time_b) are stacked into one
 * [4H × C] block and their biases into one [4H] block, so one matrix product computes all four;
 * likewise the readout (risk, ttf, class) is one [O × H] block.
 */
export interface Layout {
  size: number;
  nIn: number;
  hidden: number;
  units: number;
  layers: number;
  /** Width of [x, h]. */
  concat: number;
  /** Width of the heads' input: the last backbone layer, or [x, h] without a backbone. */
  headIn: number;
  outputs: number;
  backbone: Array<{ w: number; b: number; inDim: number }>;
  heads: { w: number; b: number };
  readout: { w: number; b: number };
  groups: ParamGroup[];
}

export function createLayout(config: CfcConfig): Layout {
  const nIn = config.inputs;
  const H = config.hidden;
  const U = config.backboneUnits;
  const L = config.backboneLayers;
  const concat = nIn + H;
  const headIn = L > 0 ? U : concat;
  const groups: ParamGroup[] = [];
  let offset = 0;
  const take = (name: string, rows: number, cols: number): number => {
    groups.push({ name, offset, rows, cols });
    offset += rows * cols;
    return offset - rows * cols;
  };
  const backbone: Layout['backbone'] = [];
  for (let l = 0; l < L; l++) {
    const inDim = l === 0 ? concat : U;
    const w = take(`backbone.${l}.weight`, U, inDim);
    const b = take(`backbone.${l}.bias`, U, 1);
    backbone.push({ w, b, inDim });
  }
  const heads = ['ff1', 'ff2', 'time_a', 'time_b'];
  const hw = offset;
  for (const h of heads) take(`${h}.weight`, H, headIn);
  const hb = offset;
  for (const h of heads) take(`${h}.bias`, H, 1);
  const rw = take('risk.weight', N_HORIZONS, H);
  take('ttf.weight', 1, H);
  take('class.weight', N_CLASSES, H);
  const rb = take('risk.bias', N_HORIZONS, 1);
  take('ttf.bias', 1, 1);
  take('class.bias', N_CLASSES, 1);
  return { size: offset, nIn, hidden: H, units: U, layers: L, concat, headIn, outputs: N_OUTPUTS, backbone, heads: { w: hw, b: hb }, readout: { w: rw, b: rb }, groups };
}

/** Whether a group is a weight matrix (decayed, Xavier-initialised) rather than a bias. */
export function isWeight(group: ParamGroup): boolean {
  return group.name.endsWith('.weight');
}
