/**
 * Prints the baselines' evaluation table on held-out scenarios (the test split):
 *   npx tsx packages/analysis/src/eval/run-baselines.ts [--hosts 120] [--days 4] [--seed 1] [--json]
 */
import { parseArgs } from 'node:util';
import { suiteTraces } from '../scenarios/index.js';
import { baselineSources } from './baselines.js';
import { formatTables } from './format.js';
import { evaluate } from './run.js';

const { values } = parseArgs({ options: { hosts: { type: 'string' }, days: { type: 'string' }, seed: { type: 'string' }, json: { type: 'boolean' } } });
const hosts = Number(values.hosts ?? 120);
const days = Number(values.days ?? 4);
const seed = Number(values.seed ?? 1);
for (const [k, v] of Object.entries({ hosts, days, seed })) if (!Number.isFinite(v) || v <= 0) throw new Error(`--${k}: "${v}" is not a positive number (example: --${k} 4)`);
const t0 = performance.now();
const tables = evaluate(baselineSources(), suiteTraces({ seed, hosts, days, split: 'test' }), {}, (n) => {
  if (n % 10 === 0) process.stderr.write(`${n}/${hosts} hosts, ${((performance.now() - t0) / 1000).toFixed(0)} s\n`);
});
process.stdout.write(`Test split, suite seed ${seed}: ${hosts} hosts × ${days} days at 1-minute steps (${((performance.now() - t0) / 1000).toFixed(0)} s)\n\n`);
process.stdout.write(values.json ? JSON.stringify(tables, null, 2) + '\n' : formatTables(tables) + '\n');
