/**
 * Cost of one /metrics scrape with N hosts exported (each with a realistic set of values: 4
 * filesystems, 3 interfaces, 2 disks, risk and decision), rendered by the real registry, beside
 * one scrape of prometheus-node-exporter on this machine: milliseconds per scrape and per
 * thousand series, medians of 30.
 *
 *   pnpm exec tsx bench/metrics.ts [--hosts 1000]
 */
import { spawn } from 'node:child_process';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import type { HostAnalysis, HostId } from '@aura/protocol';
import { HostSeries, createMetricsRegistry } from '../server/src/metrics/index.js';
import { machine, median, sleep, waitHttp } from './lib.js';

const { values: flags } = parseArgs({ options: { hosts: { type: 'string' } } });
const HOSTS = Number(flags.hosts ?? 1000);
const RUNS = 30;

function values(i: number): Record<string, number> {
  const v: Record<string, number> = {
    'cpu.total': 12 + (i % 50), 'cpu.iowait': 1, 'cpu.steal': 0.1, 'load.1': 0.5, 'load.5': 0.4, 'load.15': 0.3,
    'mem.used_pct': 40, 'mem.available_bytes': 4e9, 'swap.used_pct': 0, 'tcp.established': 30, 'proc.count': 180, 'temp.cpu': 50,
  };
  for (const m of ['/', '/var', '/home', '/srv']) Object.assign(v, { [`disk.${m}.used_pct`]: 50, [`disk.${m}.inodes_used_pct`]: 5 });
  for (const n of ['eth0', 'eth1', 'docker0']) Object.assign(v, { [`net.${n}.rx_bps`]: 1e5, [`net.${n}.tx_bps`]: 5e4, [`net.${n}.rx_errors`]: 0 });
  for (const d of ['sda', 'nvme0n1']) Object.assign(v, { [`diskio.${d}.read_bps`]: 1e6, [`diskio.${d}.write_bps`]: 2e6 });
  // Not exported per host (the rest of the vocabulary): the picker must skip them cheaply.
  for (let c = 0; c < 8; c++) Object.assign(v, { [`cpu.core.${c}.user`]: 3, [`cpu.core.${c}.system`]: 1 });
  return v;
}

const metrics = createMetricsRegistry({ version: 'bench' });
const hosts = new HostSeries(HOSTS, () => true);
metrics.registerExposition('hosts', () => hosts.render());
const now = Date.now();
for (let i = 0; i < HOSTS; i++) {
  const id = `bench-${String(i).padStart(5, '0')}` as HostId;
  hosts.noteSample(id, { ts: now, values: values(i) });
  const a: HostAnalysis = {
    hostId: id, ts: now / 1000, topology: null, forecasts: [],
    prediction: { risk: { '15m': 0.01, '1h': 0.02, '2h': 0.03, '4h': 0.04 }, ttfSeconds: null, class: null, classProbability: 0, drivers: [], recommendation: '', model: 'bench' },
    council: { ts: now / 1000, decision: 'ok', kind: 'none', summary: '', votes: [] },
  };
  hosts.noteAnalysis(a);
}
const series = (text: string) => text.split('\n').filter((l) => l && !l.startsWith('#')).length;

const aura: number[] = [];
let text = '';
for (let r = 0; r < 3; r++) await metrics.render();
// The longest the event loop is held during a scrape: what an ack arriving meanwhile waits.
const loop = monitorEventLoopDelay({ resolution: 1 });
loop.enable();
for (let r = 0; r < RUNS; r++) {
  const t = performance.now();
  text = await metrics.render();
  aura.push(performance.now() - t);
}
loop.disable();
const auraSeries = series(text);

// The peer: node_exporter's full scrape over loopback, as Prometheus would take it.
const port = 19101;
const ne = spawn('prometheus-node-exporter', [`--web.listen-address=127.0.0.1:${port}`], { stdio: 'ignore' });
let peer: number[] = [];
let peerSeries = 0;
try {
  await waitHttp(`http://127.0.0.1:${port}/metrics`);
  await sleep(1000);
  for (let r = 0; r < RUNS + 3; r++) {
    const t = performance.now();
    const body = await (await fetch(`http://127.0.0.1:${port}/metrics`, { headers: { 'accept-encoding': 'identity' } })).text();
    if (r >= 3) peer.push(performance.now() - t);
    peerSeries = series(body);
  }
} catch (err) {
  console.error(`node_exporter not measured: ${(err as Error).message}`);
  peer = [];
} finally {
  ne.kill('SIGTERM');
}

const a = median(aura);
console.log(`machine: ${machine()}`);
console.log(`aura /metrics, ${HOSTS} hosts: ${auraSeries} series, ${(text.length / 1024).toFixed(0)} KiB, render median ${a.toFixed(1)} ms (${((a / auraSeries) * 1000).toFixed(2)} ms per 1000 series); event loop held at most ${(loop.max / 1e6).toFixed(1)} ms at a time (p99 ${(loop.percentile(99) / 1e6).toFixed(1)} ms)`);
if (peer.length) {
  const p = median(peer);
  console.log(`node_exporter scrape: ${peerSeries} series, median ${p.toFixed(1)} ms (${((p / peerSeries) * 1000).toFixed(2)} ms per 1000 series)`);
  console.log(`ratio per 1000 series, aura / node_exporter: ${((a / auraSeries) / (p / peerSeries)).toFixed(2)}`);
}
