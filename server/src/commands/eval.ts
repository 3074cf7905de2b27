/** `aura eval`: the evaluation table of the predictor and the baselines on held-out scenarios. */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { formatTables } from '@aura/analysis/eval';
import type { nn } from '@aura/analysis';
import { loadModelFile, shippedModelPath } from '../analysis/model-file.js';
import { evaluateSuite } from '../training/evaluate.js';
import { UsageError, type CommandIo } from './io.js';

export const EVAL_HELP = `aura eval [--json] [--hosts 120] [--days 3] [--seed 1] [--model FILE|none] [--threads 2]
    Scores the CfC model (default: the shipped one), the council's combination and every
    baseline (static thresholds, predict_linear, robust trend, EWMA and seasonal z-scores) on the
    test split of the scenario suite (host seeds never used in training): recall of failures
    warned ≥ 15 min ahead, lead times, precision, false alarms per host-day, time-to-failure error,
    per failure class and overall; then the targets, met or not.`;

function int(name: string, text: string | undefined, fallback: number, min: number): number {
  if (text === undefined) return fallback;
  const n = Number(text);
  if (!Number.isInteger(n) || n < min) throw new UsageError(`--${name}: "${text}" is not an integer ≥ ${min} (example: --${name} ${fallback})`);
  return n;
}

export async function evalCommand(args: string[], io: CommandIo): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { json: { type: 'boolean' }, hosts: { type: 'string' }, days: { type: 'string' }, seed: { type: 'string' }, model: { type: 'string' }, threads: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
    strict: true,
  });
  if (values.help) {
    io.stdout(`${EVAL_HELP}\n`);
    return 0;
  }
  let model: nn.CfcModelJson | null = null;
  if (values.model !== 'none') {
    const path = values.model ?? shippedModelPath();
    try {
      loadModelFile(path);
      model = JSON.parse(readFileSync(path, 'utf8')) as nn.CfcModelJson;
    } catch (err) {
      io.stderr(`aura eval: ${(err as Error).message}\n`);
      return 2;
    }
  }
  const spec = { seed: int('seed', values.seed, 1, 0), hosts: int('hosts', values.hosts, 120, 2), days: int('days', values.days, 3, 1) };
  let last = 0;
  const report = await evaluateSuite(spec, model, int('threads', values.threads, 2, 1), [], (n) => {
    if (n - last >= 20 || n === spec.hosts) io.stderr(`aura eval: ${(last = n)} of ${spec.hosts} hosts scored\n`);
  });
  if (values.json) {
    io.stdout(`${JSON.stringify(report)}\n`);
    return 0;
  }
  io.stdout(`Test split: ${spec.hosts} hosts × ${spec.days} days (suite seed ${spec.seed}), model ${report.model ?? 'none'}, ${report.seconds.toFixed(0)} s\n\n`);
  io.stdout(`${formatTables(report.tables)}\n\n`);
  io.stdout('| target | measured | met |\n| --- | --- | --- |\n');
  for (const t of report.targets) io.stdout(`| ${t.target} | ${t.value} | ${t.met ? 'yes' : 'no'} |\n`);
  return 0;
}
