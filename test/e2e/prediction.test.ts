// The prediction pipeline through the built CLI, as a user runs it: `aura train` (a quick run,
// twice: the same file bit for bit), `aura eval --json` on held-out hosts with that model, and
// `aura replay --model` on a trace CSV, whose lines then carry risks from the model.
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateTrace } from '@aura/analysis/scenarios';
import { describe, expect, it } from 'vitest';
import { SERVER_CLI, tempDir } from '../helpers/procs.js';

const dir = tempDir('e2e-predict');
const run = (args: string[]) => spawnSync(process.execPath, [SERVER_CLI, ...args], { encoding: 'utf8', maxBuffer: 64 << 20 });

describe('train, eval and replay with the built CLI', () => {
  const model = join(dir, 'cfc.json');

  it('aura train --quick writes a model file, and the same options give the same file', () => {
    const a = run(['train', '--quick', '--out', model]);
    expect(a.status, a.stderr).toBe(0);
    expect(a.stderr).toMatch(/aura train: epoch 1: train loss/);
    const first = readFileSync(model, 'utf8');
    const json = JSON.parse(first) as { id: string; format: string; inputs: string[]; training: { alarm: { warning: number } } };
    expect(json.format).toBe('aura-cfc');
    expect(json.inputs).toContain('mem.used_pct');
    expect(json.training.alarm.warning).toBeGreaterThan(0);
    const b = run(['train', '--quick', '--out', model]);
    expect(b.status, b.stderr).toBe(0);
    expect(readFileSync(model, 'utf8')).toBe(first);
  });

  it('aura eval --json scores the model and every baseline on the test split, with the targets', () => {
    const r = run(['eval', '--json', '--hosts', '8', '--days', '1', '--model', model]);
    expect(r.status, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout) as { tables: Array<{ detector: string; rows: Array<{ group: string }> }>; targets: Array<{ target: string; met: boolean }> };
    expect(report.tables.map((t) => t.detector)).toEqual(expect.arrayContaining(['static', 'predict_linear', 'robust_trend', 'cfc']));
    expect(report.tables[0]!.rows.map((row) => row.group)).toContain('all');
    expect(report.targets.map((t) => t.target).join('\n')).toMatch(/recall ≥ 0.85/);
  });

  it('aura replay --model puts the model’s risk on every analysed step', () => {
    const trace = generateTrace({ seed: 7, scenario: 'disk_fill', days: 1, stepSeconds: 30 });
    const names = Object.keys(trace.series);
    const lines = [`timestamp,${names.join(',')}`];
    for (let i = 0; i < trace.timestamps.length; i++) lines.push([trace.timestamps[i], ...names.map((n) => trace.series[n]![i])].join(','));
    const csv = join(dir, 'trace.csv');
    writeFileSync(csv, `${lines.join('\n')}\n`);
    const r = run(['replay', csv, '--model', model, '--cores', String(trace.facts.cores)]);
    expect(r.status, r.stderr).toBe(0);
    const out = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as { ts: number; risk: number | null });
    expect(out.length).toBeGreaterThan(1000);
    expect(out.every((l) => typeof l.risk === 'number' && l.risk >= 0 && l.risk <= 1)).toBe(true);
    const bad = run(['replay', csv, '--model', join(dir, 'missing.json')]);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/missing\.json: ENOENT/);
  });
});
