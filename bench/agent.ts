/**
 * The agent beside prometheus-node-exporter, in one run on this machine:
 *  - RSS and CPU seconds per hour, the agent sampling every 5 s (shipping to a real server) and
 *    node_exporter scraped every 5 s (as a Prometheus with scrape_interval: 5s would);
 *  - bytes on the wire per sample (through a counting TCP proxy, after permessage-deflate) beside
 *    the bytes of one node_exporter scrape (plain and gzip, as Prometheus requests it).
 *
 *   pnpm exec tsx bench/agent.ts [--minutes 5]
 */
import { createServer, connect } from 'node:net';
import { gzipSync } from 'node:zlib';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { machine, median, procUsage, run, sleep, waitHttp } from './lib.js';

const { values: flags } = parseArgs({ options: { minutes: { type: 'string' } } });
const MINUTES = Number(flags.minutes ?? 5);
const AGENT_TOKEN = 'bench-agent-token-0123456789';
const SERVER_PORT = 18281;
const PROXY_PORT = 18282;
const NE_PORT = 19100;

const data = mkdtempSync(join(tmpdir(), 'aura-bench-agent-'));
const server = run(process.execPath, ['server/dist/cli.js', 'serve', '--port', String(SERVER_PORT), '--bind', '127.0.0.1', '--data', data], {
  AURA_AGENT_TOKEN: AGENT_TOKEN,
  AURA_API_TOKEN: 'bench-api-token-0123456789',
  AURA_LOG_LEVEL: 'warn',
});
await waitHttp(`http://127.0.0.1:${SERVER_PORT}/readyz`);

// Counting proxy: what crosses the wire between agent and server.
const wire = { up: 0, down: 0 };
const proxy = createServer((client) => {
  const upstream = connect(SERVER_PORT, '127.0.0.1');
  client.on('data', (d) => {
    wire.up += d.length;
    upstream.write(d);
  });
  upstream.on('data', (d) => {
    wire.down += d.length;
    client.write(d);
  });
  client.on('close', () => upstream.destroy());
  upstream.on('close', () => client.destroy());
  client.on('error', () => upstream.destroy());
  upstream.on('error', () => client.destroy());
});
await new Promise<void>((r) => proxy.listen(PROXY_PORT, '127.0.0.1', r));

const spool = join(data, 'spool');
const agent = run(process.execPath, ['agent/dist/aura-agent.cjs', '--server', `ws://127.0.0.1:${PROXY_PORT}`, '--spool', spool, '--interval', '5s', '--host-id', 'bench-agent', '--log-level', 'warn'], {
  AURA_TOKEN: AGENT_TOKEN,
});
const ne = run('prometheus-node-exporter', [`--web.listen-address=127.0.0.1:${NE_PORT}`]);
await waitHttp(`http://127.0.0.1:${NE_PORT}/metrics`);
// Let both settle (start-up inventory, JIT) before the measured window.
await sleep(20_000);

const a0 = procUsage(agent.child.pid!);
const n0 = procUsage(ne.child.pid!);
const wire0 = { ...wire };
const t0 = performance.now();
const agentRss: number[] = [];
const neRss: number[] = [];
const scrape = { plain: [] as number[], gzip: [] as number[] };
const end = Date.now() + MINUTES * 60_000;
while (Date.now() < end) {
  const res = await fetch(`http://127.0.0.1:${NE_PORT}/metrics`, { headers: { 'accept-encoding': 'identity' } });
  const body = Buffer.from(await res.arrayBuffer());
  scrape.plain.push(body.length);
  scrape.gzip.push(gzipSync(body).length);
  agentRss.push(procUsage(agent.child.pid!).rssBytes);
  neRss.push(procUsage(ne.child.pid!).rssBytes);
  await sleep(5000);
}
const seconds = (performance.now() - t0) / 1000;
const a1 = procUsage(agent.child.pid!);
const n1 = procUsage(ne.child.pid!);
const samples = seconds / 5;
const perHour = (cpu: number) => Math.round((cpu / seconds) * 3600 * 100) / 100;
const agentCpuH = perHour(a1.cpuSeconds - a0.cpuSeconds);
const neCpuH = perHour(n1.cpuSeconds - n0.cpuSeconds);
const upPerSample = Math.round((wire.up - wire0.up) / samples);
const result = {
  bench: 'agent',
  machine: machine(),
  minutes: MINUTES,
  agentRssMiB: Math.round((median(agentRss) / 1048576) * 10) / 10,
  agentRssMaxMiB: Math.round((Math.max(...agentRss) / 1048576) * 10) / 10,
  nodeExporterRssMiB: Math.round((median(neRss) / 1048576) * 10) / 10,
  agentCpuSecondsPerHour: agentCpuH,
  nodeExporterCpuSecondsPerHour: neCpuH,
  cpuRatio: Math.round((agentCpuH / neCpuH) * 100) / 100,
  wireBytesPerSampleUp: upPerSample,
  wireBytesPerSampleDown: Math.round((wire.down - wire0.down) / samples),
  scrapeBytesPlain: median(scrape.plain),
  scrapeBytesGzip: median(scrape.gzip),
  wireRatioPlain: Math.round((median(scrape.plain) / upPerSample) * 10) / 10,
  wireRatioGzip: Math.round((median(scrape.gzip) / upPerSample) * 10) / 10,
  targets: { agentRssMiB: 50, cpu: 'agent ≤ node_exporter', wire: 'sample ≤ scrape / 20' },
};
console.log(JSON.stringify(result));
agent.child.kill('SIGTERM');
ne.child.kill('SIGTERM');
await agent.exited;
server.child.kill('SIGTERM');
await server.exited;
proxy.close();
rmSync(data, { recursive: true, force: true });
process.exit(0);
