import { spawnSync } from 'node:child_process';
import type { HostAnalysis } from '@aura/protocol';
import { afterEach, describe, expect, it } from 'vitest';
import { T0, batchFrame, helloFrame, netSample, startTestServer, type TestServer } from '../testing.js';
import { MAX_DEVICES, createMetricsRegistry, pickHostValues } from './index.js';

let t: TestServer | undefined;
afterEach(async () => {
  await t?.stop();
  t = undefined;
});

const hasPromtool = spawnSync('sh', ['-c', 'command -v promtool'], { stdio: 'ignore' }).status === 0;

/** The value of one series in exposition text, e.g. value(text, 'aura_host_load1{host="a"}'). */
function value(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

async function stream(server: TestServer, hostId: string, gauges: Record<string, number>): Promise<void> {
  const a = server.agent();
  await a.opened;
  a.send(helloFrame(hostId));
  await a.expect('welcome');
  a.send(batchFrame(1, [netSample(T0, 1000, gauges), netSample(T0 + 5000, 6000, gauges)]));
  await a.expect('ack');
  await a.close();
}

function analysis(hostId: string, ts: number): HostAnalysis {
  return {
    hostId,
    ts,
    topology: null,
    forecasts: [],
    prediction: { risk: { '15m': 0.01, '1h': 0.05, '2h': 0.2, '4h': 0.6 }, ttfSeconds: 5400, class: 'memory_leak', classProbability: 0.8, drivers: [], recommendation: 'restart the leaking service', model: 'test' },
    council: { ts, decision: 'warning', kind: 'memory', summary: 'memory is leaking', votes: [] },
  };
}

describe('/metrics', () => {
  it('needs an API token; exposes ingest health, every host\'s latest values, risk and decision; promtool accepts it', async () => {
    t = await startTestServer();
    expect((await t.api('/metrics', { token: null })).status).toBe(401);
    expect((await t.api('/metrics', { token: 'not-a-valid-token-at-all' })).status).toBe(401);

    await stream(t, 'metrics-a', { 'load.1': 1.5, 'mem.used_pct': 42.5, 'disk./.used_pct': 71, 'disk./var/lib.used_pct': 12, 'disk./mnt/a"b\\c.used_pct': 5 });
    t.server.events.emit('analysis.done', analysis('metrics-a', T0 / 1000 + 5));
    const res = await t.api('/metrics');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = await res.text();

    expect(value(text, 'aura_ingest_batches_total')).toBe(1);
    expect(value(text, 'aura_ingest_samples_total')).toBe(2);
    expect(value(text, 'aura_hosts_known')).toBe(1);
    expect(value(text, 'aura_agents_connected')).toBe(0);
    expect(value(text, 'aura_store_open_host_files')).toBe(1);
    expect(value(text, 'aura_host_load1{host="metrics-a"}')).toBe(1.5);
    expect(value(text, 'aura_host_memory_used_percent{host="metrics-a"}')).toBe(42.5);
    expect(value(text, 'aura_host_filesystem_used_percent{host="metrics-a",mountpoint="/"}')).toBe(71);
    expect(value(text, 'aura_host_filesystem_used_percent{host="metrics-a",mountpoint="/var/lib"}')).toBe(12);
    // Label values are escaped as the text format requires (a mount point may hold anything).
    expect(value(text, 'aura_host_filesystem_used_percent{host="metrics-a",mountpoint="/mnt/a\\"b\\\\c"}')).toBe(5);
    // rx bytes went 1000 → 6000 in 5 s.
    expect(value(text, 'aura_host_network_receive_bytes_per_second{host="metrics-a",device="eth0"}')).toBe(1000);
    expect(value(text, 'aura_host_last_sample_timestamp_seconds{host="metrics-a"}')).toBe(T0 / 1000 + 5);
    expect(value(text, 'aura_host_connected{host="metrics-a"}')).toBe(0);
    expect(value(text, 'aura_host_failure_risk_ratio{host="metrics-a",horizon="4h"}')).toBe(0.6);
    expect(value(text, 'aura_host_decision_severity{host="metrics-a"}')).toBe(2);
    expect(value(text, 'aura_host_time_to_failure_seconds{host="metrics-a"}')).toBe(5400);
    expect(value(text, 'aura_metrics_collector_success{collector="store"}')).toBe(1);
    expect(value(text, 'process_resident_memory_bytes')).toBeGreaterThan(1e6);
    expect(text).toMatch(/^nodejs_eventloop_lag_p99_seconds /m);
    expect(text).toMatch(/^aura_build_info\{version="[^"]+",nodejs="v\d+/m);

    if (!hasPromtool) {
      console.warn('promtool not found (Debian package prometheus; `node scripts/setup.mjs --test` installs it): lint skipped');
      return;
    }
    const lint = spawnSync('promtool', ['check', 'metrics'], { input: text, encoding: 'utf8' });
    expect(lint.stdout + lint.stderr).toBe('');
    expect(lint.status).toBe(0);
  });

  it('exports at most metrics.maxHosts hosts and counts the others; public when configured', async () => {
    t = await startTestServer({ metrics: { maxHosts: 1, public: true } });
    await stream(t, 'cap-a', { 'load.1': 1 });
    await stream(t, 'cap-b', { 'load.1': 2 });
    const res = await t.api('/metrics', { token: null });
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(value(text, 'aura_host_load1{host="cap-a"}')).toBe(1);
    expect(value(text, 'aura_host_load1{host="cap-b"}')).toBeUndefined();
    expect(value(text, 'aura_metrics_hosts_exported')).toBe(1);
    expect(value(text, 'aura_metrics_hosts_dropped')).toBe(1);
  });
});

describe('createMetricsRegistry', () => {
  it('runs every registered collector per scrape, reports a failing one as 0 and still renders', async () => {
    const m = createMetricsRegistry({ processMetrics: false, version: '9.9.9' });
    let calls = 0;
    m.register('good', () => void calls++);
    m.register('bad', () => {
      throw new Error('broken');
    });
    expect(() => m.register('good', () => undefined)).toThrow(/already registered/);
    expect(() => m.register('Bad Name', () => undefined)).toThrow(/must match/);
    await m.render();
    const text = await m.render();
    expect(calls).toBe(2);
    expect(value(text, 'aura_metrics_collector_success{collector="good"}')).toBe(1);
    expect(value(text, 'aura_metrics_collector_success{collector="bad"}')).toBe(0);
    expect(value(text, 'aura_metrics_scrapes_total')).toBe(2);
    expect(value(text, 'aura_build_info{version="9.9.9",nodejs="' + process.version + '"}')).toBe(1);
  });
});

describe('pickHostValues', () => {
  it('keeps the documented metrics, splits device names at the known field, caps devices per family', () => {
    const values: Record<string, number> = { 'cpu.total': 12, 'net.eth0.100.rx_bps': 5, 'disk./srv/a.b.inodes_used_pct': 3, 'agent.rss_bytes': 1e7, 'cpu.core.0.user': 4 };
    for (let i = 0; i < MAX_DEVICES + 5; i++) values[`net.veth${i}.tx_bps`] = i;
    const p = pickHostValues(values);
    expect([...p.scalars]).toEqual([['cpu.total', 12]]);
    const byName = (field: string) => p.devices.find((_, i) => i === ['used_pct', 'inodes_used_pct', 'rx_bps', 'tx_bps', 'rx_errors', 'read_bps', 'write_bps'].indexOf(field))!;
    expect([...byName('rx_bps')]).toEqual([['eth0.100', 5]]);
    expect([...byName('inodes_used_pct')]).toEqual([['/srv/a.b', 3]]);
    expect(byName('tx_bps').size).toBe(MAX_DEVICES);
  });
});

