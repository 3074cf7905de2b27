// The Prometheus side, judged by promtool (Debian package prometheus): the example scrape config
// and alert rules (with promtool's own rule tests), and the Grafana dashboard, whose every query
// must parse as PromQL and name only series a real server exposes (or the names reserved for
// subsystems that register their collectors later, docs/operations.md).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import type { HostAnalysis } from '@aura/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { T0, batchFrame, helloFrame, netSample, startTestServer, type TestServer } from '../../server/src/testing.js';
import { ROOT, tempDir } from '../helpers/procs.js';
import { has, sh } from './helpers.js';

/** Series the dashboard shows that subsystems built in parallel will register (docs/operations.md). */
const RESERVED = ['aura_analysis_queue_depth', 'aura_analysis_duration_seconds', 'aura_outbox_pending', 'aura_notify_failures_total'];
const PROM = join(ROOT, 'deploy/prometheus');

interface Panel {
  title: string;
  type: string;
  targets?: Array<{ expr: string }>;
}
const dashboard = JSON.parse(readFileSync(join(ROOT, 'docs/grafana-dashboard.json'), 'utf8')) as { panels: Panel[]; templating: { list: Array<{ name: string; query?: unknown }> } };
const exprs = dashboard.panels.flatMap((p) => (p.targets ?? []).map((t) => ({ panel: p.title, expr: t.expr })));

let t: TestServer;
let exposition = '';
beforeAll(async () => {
  t = await startTestServer();
  const a = t.agent();
  await a.opened;
  a.send(helloFrame('prom-a'));
  await a.expect('welcome');
  const gauges = { 'cpu.total': 10, 'cpu.iowait': 1, 'cpu.steal': 0, 'load.1': 1, 'load.5': 1, 'load.15': 1, 'mem.used_pct': 50, 'mem.available_bytes': 1e9, 'swap.used_pct': 0, 'disk./.used_pct': 40, 'disk./.inodes_used_pct': 3, 'tcp.established': 12, 'proc.count': 150, 'temp.cpu': 45 };
  a.send(batchFrame(1, [netSample(T0, 0, gauges), { ...netSample(T0 + 5000, 5000, gauges), counters: { 'net.eth0.rx_bytes_total': 5000, 'net.eth0.tx_bytes_total': 100, 'net.eth0.rx_errors_total': 0, 'diskio.sda.read_bytes_total': 4096, 'diskio.sda.write_bytes_total': 8192 } }]));
  await a.expect('ack');
  await a.close();
  const analysis: HostAnalysis = {
    hostId: 'prom-a',
    ts: T0 / 1000 + 5,
    topology: null,
    forecasts: [],
    prediction: { risk: { '15m': 0, '1h': 0.1, '2h': 0.2, '4h': 0.3 }, ttfSeconds: 3600, class: 'disk_fill', classProbability: 0.7, drivers: [], recommendation: '', model: 'test' },
    council: { ts: T0 / 1000 + 5, decision: 'watch', kind: 'disk', summary: '', votes: [] },
  };
  t.server.events.emit('analysis.done', analysis);
  exposition = await (await t.api('/metrics')).text();
});
afterAll(async () => {
  await t?.stop();
});

describe.runIf(has('promtool'))('Prometheus files', () => {
  it('the example scrape config (bearer token from a file) passes promtool check config', async () => {
    const dir = tempDir('prom');
    const token = join(dir, 'aura-token');
    writeFileSync(token, 'aura_api_example\n');
    writeFileSync(join(dir, 'prometheus.yml'), readFileSync(join(PROM, 'prometheus.yml'), 'utf8').replaceAll('/etc/prometheus/aura-token', token));
    writeFileSync(join(dir, 'aura-rules.yml'), readFileSync(join(PROM, 'aura-rules.yml')));
    const r = await sh(`promtool check config ${join(dir, 'prometheus.yml')}`, { PATH: process.env.PATH });
    expect(r.stdout + r.stderr).toMatch(/SUCCESS/);
    expect(r.status, r.stdout + r.stderr).toBe(0);
  });

  it('the alert rules pass promtool check rules and their promtool unit tests', async () => {
    const check = await sh(`promtool check rules ${join(PROM, 'aura-rules.yml')}`, { PATH: process.env.PATH });
    expect(check.status, check.stdout + check.stderr).toBe(0);
    const test = await sh(`cd ${PROM} && promtool test rules aura-rules.test.yml`, { PATH: process.env.PATH });
    expect(test.status, test.stdout + test.stderr).toBe(0);
  });

  it('every dashboard query is valid PromQL', async () => {
    expect(exprs.length).toBeGreaterThan(20);
    const rules = { groups: [{ name: 'dashboard', rules: exprs.map((e, i) => ({ record: `dashboard:query_${i}`, expr: e.expr.replaceAll('$host', '.*') })) }] };
    const file = join(tempDir('dash'), 'dashboard-rules.yml');
    writeFileSync(file, stringify(rules));
    const r = await sh(`promtool check rules ${file}`, { PATH: process.env.PATH });
    expect(r.status, r.stdout + r.stderr).toBe(0);
  });
});

describe('Grafana dashboard', () => {
  it('names only series that /metrics exposes (or reserved ones), and every exported host family has a panel', () => {
    const exposed = new Set([...exposition.matchAll(/^# TYPE (\S+) /gm)].map((m) => m[1]!));
    const used = new Set(exprs.flatMap((e) => [...e.expr.matchAll(/\b((?:aura|process|nodejs)_[a-z0-9_]+)/g)].map((m) => m[1]!.replace(/_bucket$/, ''))));
    for (const name of used) expect(exposed.has(name) || RESERVED.includes(name), `${name} is not on /metrics`).toBe(true);
    for (const name of exposed) if (name.startsWith('aura_host_')) expect(used.has(name), `no panel shows ${name}`).toBe(true);
    // The host variable reads a series every exported host has.
    expect(JSON.stringify(dashboard.templating.list.find((v) => v.name === 'host')!.query)).toContain('aura_host_connected');
  });
});
