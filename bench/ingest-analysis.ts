/**
 * Ingest under analysis load: the same fleet (`aura simulate`, real WebSockets, 5 s interval)
 * against a server with analysis off, one with the default (every host analysed once a minute)
 * and one at full load (every 5 s of event time: 12× the normal work), in alternating rounds,
 * each a fresh server. Reports ack latency p50/p99 of both and their ratio. Target (issue 3):
 * p99 grows by no more than 10 %.
 *
 *   npx tsx bench/ingest-analysis.ts [--hosts 1000] [--seconds 60] [--warmup 30] [--rounds 2]
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { machine, median, procUsage, run, sleep, waitHttp } from './lib.js';

const { values: flags } = parseArgs({
  options: { hosts: { type: 'string', default: '1000' }, seconds: { type: 'string', default: '60' }, warmup: { type: 'string', default: '30' }, rounds: { type: 'string', default: '2' }, port: { type: 'string', default: '18191' } },
});
const HOSTS = Number(flags.hosts);
const SECONDS = Number(flags.seconds);
const WARMUP = Number(flags.warmup);
const AGENT_TOKEN = 'bench-agent-token-0123456789';
const ARMS = {
  off: { analysis: { enabled: false } },
  /** The default: every host analysed once a minute of event time. */
  minute: { analysis: { enabled: true } },
  full: { analysis: { enabled: true, step: '5s' } },
} as const;
type Arm = keyof typeof ARMS;

async function measure(arm: Arm) {
  const data = mkdtempSync(join(tmpdir(), 'aura-bench-ingest-analysis-'));
  const config = join(data, 'aura.json');
  writeFileSync(config, JSON.stringify(ARMS[arm]));
  const port = Number(flags.port);
  const server = run('sh', ['-c', `ulimit -n $(ulimit -Hn) && exec "${process.execPath}" server/dist/cli.js serve --port ${port} --bind 127.0.0.1 --data "${data}" --config "${config}"`], {
    AURA_AGENT_TOKEN: AGENT_TOKEN,
    AURA_API_TOKEN: 'bench-api-token-0123456789',
    AURA_LOG_LEVEL: 'warn',
  });
  await waitHttp(`http://127.0.0.1:${port}/readyz`);
  const sim = run('sh', ['-c', 'ulimit -n $(ulimit -Hn) && exec "$0" "$@"', process.execPath,
    'server/dist/cli.js', 'simulate', '--server', `http://127.0.0.1:${port}`, '--token', AGENT_TOKEN, '--hosts', String(HOSTS),
    '--interval', '5s', '--batch', '2', '--duration', `${SECONDS + WARMUP}s`, '--warmup', `${WARMUP}s`, '--status-every', '10s',
  ]);
  await sleep(WARMUP * 1000);
  const u0 = procUsage(server.child.pid!);
  const t0 = performance.now();
  await sim.exited;
  const u1 = procUsage(server.child.pid!);
  const final = JSON.parse(sim.lines.find((l) => l.includes('"final":true')) ?? '{}') as Record<string, number>;
  server.child.kill('SIGTERM');
  await server.exited;
  rmSync(data, { recursive: true, force: true });
  return { arm, p50: final.p50!, p99: final.p99!, connected: final.connected, serverCores: Math.round(((u1.cpuSeconds - u0.cpuSeconds) / ((performance.now() - t0) / 1000)) * 100) / 100 };
}

const runs: Array<Awaited<ReturnType<typeof measure>>> = [];
for (let r = 0; r < Number(flags.rounds); r++) {
  const order: Arm[] = ['off', 'minute', 'full'];
  for (const arm of r % 2 === 0 ? order : [...order].reverse()) {
    const m = await measure(arm);
    console.log(JSON.stringify(m));
    runs.push(m);
  }
}
const of = (arm: string, k: 'p50' | 'p99' | 'serverCores') => median(runs.filter((x) => x.arm === arm).map((x) => x[k]));
const summary = {
  bench: 'ingest-analysis',
  machine: machine(),
  hosts: HOSTS,
  off: { p50: of('off', 'p50'), p99: of('off', 'p99'), serverCores: of('off', 'serverCores') },
  minute: { p50: of('minute', 'p50'), p99: of('minute', 'p99'), serverCores: of('minute', 'serverCores') },
  full: { p50: of('full', 'p50'), p99: of('full', 'p99'), serverCores: of('full', 'serverCores') },
  p99Ratio: Math.round((of('full', 'p99') / of('off', 'p99')) * 100) / 100,
  p99RatioMinute: Math.round((of('minute', 'p99') / of('off', 'p99')) * 100) / 100,
};
console.log(JSON.stringify({ ...summary, pass: summary.p99Ratio <= 1.1 }));
