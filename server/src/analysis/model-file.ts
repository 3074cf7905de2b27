/**
 * The CfC model file: where the shipped one lives (server/models/cfc.json, written by
 * `aura train`), and loading one: checked, its ONNX bytes derived from it (so the two can never
 * disagree), its alarm thresholds read from its training record.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { nn, predict } from '@aura/analysis';

/** The shipped model: beside the sources (server/models) from src/ and from dist/. */
export function shippedModelPath(): string {
  const up = import.meta.url.endsWith('.ts') ? '../../models/cfc.json' : '../models/cfc.json';
  return fileURLToPath(new URL(up, import.meta.url));
}

export interface LoadedModel {
  path: string;
  json: nn.CfcModelJson;
  model: nn.CfcModel;
  thresholds: predict.AlarmThresholds;
}

/** Read and check a model file; throws with the path and what is wrong. */
export function loadModelFile(path: string): LoadedModel {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new Error(`CfC model ${path}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  const model = nn.modelFromJson(json);
  const file = json as nn.CfcModelJson;
  const missing = predict.INPUT_IDS.filter((id, i) => model.inputs[i] !== id);
  if (missing.length) throw new Error(`CfC model ${path}: its inputs differ from this version's predictor (first: ${missing[0]}); retrain it with \`aura train\``);
  return { path, json: file, model, thresholds: thresholdsOf(file) };
}

/** The alarm thresholds stored in a model file (the defaults for a file without them). */
export function thresholdsOf(json: { training?: Record<string, unknown> | undefined }): predict.AlarmThresholds {
  const a = json.training?.alarm as Partial<predict.AlarmThresholds> | undefined;
  return typeof a?.warning === 'number' && typeof a.critical === 'number' ? { warning: a.warning, critical: a.critical } : predict.DEFAULT_THRESHOLDS;
}
