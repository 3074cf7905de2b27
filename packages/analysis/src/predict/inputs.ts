/**
 * What the CfC network sees each minute: the host's levels, how far each is from that host's
 * usual, the exhaustion forecasts, and the slow topology of its last hour. Names are stable ids
 * (a trained model lists the ones it was trained on); labels are the plain words explanations use.
 */
import { HOST_FEATURES } from '../features/index.js';

/** Resources whose exhaustion is forecast, the host-vector feature each reads and its limit (%). */
export const FORECASTS = [
  { id: 'disk', feature: 'disk.max_used_pct', limit: 100, label: 'disk space' },
  { id: 'inodes', feature: 'disk.max_inodes_used_pct', limit: 100, label: 'inodes' },
  { id: 'memory', feature: 'mem.used_pct', limit: 98, label: 'memory' },
  { id: 'swap', feature: 'swap.used_pct', limit: 100, label: 'swap' },
] as const;

export const TOPOLOGY_INPUTS = [
  { id: 'topo.drift', label: 'shape of the last hour versus its usual' },
  { id: 'topo.spread', label: 'spread of the last hour' },
  { id: 'topo.loop', label: 'cycles in the last hour' },
] as const;

export interface PredictorInput {
  id: string;
  label: string;
}

/** Every input, in model order. (Inserting changes the order: trained models then refuse to load, as they should.) */
export const PREDICTOR_INPUTS: readonly PredictorInput[] = [
  ...HOST_FEATURES.map((f) => ({ id: f.name, label: f.label })),
  ...HOST_FEATURES.map((f) => ({ id: `dev.${f.name}`, label: `${f.label} versus its usual` })),
  ...FORECASTS.map((f) => ({ id: `ttf.${f.id}`, label: `time until ${f.label} runs out` })),
  ...FORECASTS.map((f) => ({ id: `slope.${f.id}`, label: `how fast ${f.label} fills (last 4 hours)` })),
  ...FORECASTS.map((f) => ({ id: `slope1h.${f.id}`, label: `how fast ${f.label} fills (last hour)` })),
  ...TOPOLOGY_INPUTS,
];

export const INPUT_COUNT = PREDICTOR_INPUTS.length;
export const INPUT_IDS: readonly string[] = PREDICTOR_INPUTS.map((i) => i.id);
const LABELS = new Map(PREDICTOR_INPUTS.map((i) => [i.id, i.label]));

/** Plain words for an input id (the id itself when unknown). */
export function inputLabel(id: string): string {
  return LABELS.get(id) ?? id;
}
