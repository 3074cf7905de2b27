/**
 * Ingest capacity: hosts sustained by `aura simulate` at a 5 s interval with ack latency p99 under
 * 250 ms. Real server process, real simulate process, real WebSockets over loopback, on one
 * machine (the two processes share its cores). For each fleet size: connect, warm up, measure.
 *
 *   pnpm exec tsx bench/ingest.ts [--hosts 1000,2500,5000] [--seconds 90] [--warmup 30]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { machine, procUsage, run, sleep, waitHttp } from './lib.js';

const { values: flags } = parseArgs({ options: { hosts: { type: 'string' }, seconds: { type: 'string' }, warmup: { type: 'string' }, port: { type: 'string' }, deflate: { type: 'string' } } });
const SIZES = (flags.hosts ?? '1000,2500,5000').split(',').map(Number);
const SECONDS = Number(flags.seconds ?? 90);
const WARMUP = Number(flags.warmup ?? 30);
const AGENT_TOKEN = 'bench-agent-token-0123456789';
const API_TOKEN = 'bench-api-token-0123456789';

const results = [];
for (const hosts of SIZES) {
  const data = mkdtempSync(join(tmpdir(), 'aura-bench-ingest-'));
  const port = Number(flags.port ?? 18181);
  // Raise the soft open-file limit to the hard one, as the systemd unit does (LimitNOFILE=65536).
  const server = run('sh', ['-c', `ulimit -n $(ulimit -Hn) && exec "${process.execPath}" server/dist/cli.js serve --port ${port} --bind 127.0.0.1 --data "${data}"`], {
    AURA_AGENT_TOKEN: AGENT_TOKEN,
    AURA_API_TOKEN: API_TOKEN,
    AURA_LOG_LEVEL: 'warn',
  });
  await waitHttp(`http://127.0.0.1:${port}/readyz`);
  const sim = run('sh', ['-c', 'ulimit -n $(ulimit -Hn) && exec "$0" "$@"', process.execPath, 
    'server/dist/cli.js', 'simulate', '--server', `http://127.0.0.1:${port}`, '--token', AGENT_TOKEN, '--hosts', String(hosts),
    '--interval', '5s', '--batch', '2', '--duration', `${SECONDS + WARMUP}s`, '--warmup', `${WARMUP}s`, '--status-every', '10s', '--deflate', flags.deflate ?? 'on',
  ]);
  const cpu0 = { t: 0, cpu: 0 };
  const rss: number[] = [];
  await sleep(WARMUP * 1000);
  const u0 = procUsage(server.child.pid!);
  const simFirst = procUsage(sim.child.pid!).cpuSeconds;
  let simLast = simFirst;
  cpu0.t = performance.now();
  cpu0.cpu = u0.cpuSeconds;
  const end = Date.now() + SECONDS * 1000;
  while (Date.now() < end && sim.child.exitCode === null) {
    rss.push(procUsage(server.child.pid!).rssBytes);
    simLast = procUsage(sim.child.pid!).cpuSeconds;
    await sleep(5000);
  }
  const u1 = procUsage(server.child.pid!);
  await sim.exited;
  const final = JSON.parse(sim.lines.find((l) => l.includes('"final":true')) ?? '{}') as Record<string, number>;
  const windows = sim.lines.filter((l) => l.startsWith('{"elapsedS"')).map((l) => JSON.parse(l) as Record<string, number>);
  const r = {
    hosts,
    deflate: flags.deflate ?? 'on',
    simCpuCores: Math.round(((simLast - simFirst) / ((performance.now() - cpu0.t) / 1000)) * 100) / 100,
    connected: final.connected,
    samplesAcked: final.samplesAcked,
    samplesPerSecond: Math.round((final.samplesAcked ?? 0) / (SECONDS + WARMUP)),
    ackP50Ms: final.p50,
    ackP99Ms: final.p99,
    ackMaxMs: final.max,
    errors: final.errors,
    serverCpuCores: Math.round(((u1.cpuSeconds - cpu0.cpu) / ((performance.now() - cpu0.t) / 1000)) * 100) / 100,
    serverRssMiB: Math.round(Math.max(...rss) / 1024 / 1024),
    windowP99s: windows.map((w) => w.p99),
    pass: (final.p99 ?? Infinity) < 250 && final.connected === hosts,
  };
  console.log(JSON.stringify(r));
  results.push(r);
  server.child.kill('SIGTERM');
  await server.exited;
  rmSync(data, { recursive: true, force: true });
}
console.log(JSON.stringify({ bench: 'ingest', machine: machine(), seconds: SECONDS, warmup: WARMUP, results }));
