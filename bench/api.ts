/**
 * `GET /api/v1/hosts/:id/metrics` under load with wrk while the server ingests a simulated fleet
 * (real server process, real simulate process, wrk — all on this machine, sharing its cores).
 * Each request asks a random host for two metrics over the last hour (raw, auto step), as a
 * dashboard panel would.
 *
 *   pnpm exec tsx bench/api.ts [--hosts 1000] [--seconds 30]
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { machine, run, sleep, waitHttp } from './lib.js';

const { values: flags } = parseArgs({ options: { hosts: { type: 'string' }, seconds: { type: 'string' }, warmup: { type: 'string' } } });
const HOSTS = Number(flags.hosts ?? 1000);
const SECONDS = Number(flags.seconds ?? 30);
const WARMUP = Number(flags.warmup ?? 40);
const PORT = 18381;
const AGENT_TOKEN = 'bench-agent-token-0123456789';
const API_TOKEN = 'bench-api-token-0123456789';

const data = mkdtempSync(join(tmpdir(), 'aura-bench-api-'));
const config = join(data, 'aura.json');
// The default per-token limit (50 req/s) is for people; the benchmark measures the server.
writeFileSync(config, JSON.stringify({ rateLimit: { perToken: { rps: 1_000_000, burst: 1_000_000 } } }));
const server = run('sh', ['-c', `ulimit -n $(ulimit -Hn) && exec "${process.execPath}" server/dist/cli.js serve --port ${PORT} --bind 127.0.0.1 --data "${data}/d" --config "${config}"`], {
  AURA_AGENT_TOKEN: AGENT_TOKEN,
  AURA_API_TOKEN: API_TOKEN,
  AURA_LOG_LEVEL: 'warn',
});
await waitHttp(`http://127.0.0.1:${PORT}/readyz`);
const sim = run(process.execPath, [
  'server/dist/cli.js', 'simulate', '--server', `http://127.0.0.1:${PORT}`, '--token', AGENT_TOKEN, '--hosts', String(HOSTS),
  '--interval', '5s', '--batch', '2', '--duration', `${WARMUP + SECONDS + 10}s`, '--status-every', '10s', '--warmup', `${WARMUP}s`,
]);
await sleep(WARMUP * 1000);

const lua = join(data, 'metrics.lua');
writeFileSync(
  lua,
  `math.randomseed(42)
wrk.headers["Authorization"] = "Bearer ${API_TOKEN}"
request = function()
  local id = string.format("sim-%04d", math.random(1, ${HOSTS}))
  return wrk.format("GET", "/api/v1/hosts/" .. id .. "/metrics?metrics=cpu.total,mem.used_pct")
end
`,
);
const wrk = run('wrk', ['-t2', '-c32', `-d${SECONDS}s`, '--latency', '-s', lua, `http://127.0.0.1:${PORT}`]);
await wrk.exited;
const out = wrk.lines.join('\n');
const rps = Number(/Requests\/sec:\s+([\d.]+)/.exec(out)?.[1]);
const toMs = (v: string, unit: string) => Number(v) * ({ us: 0.001, ms: 1, s: 1000 }[unit] ?? 1);
const lat = (q: string) => {
  const m = new RegExp(`\\s${q}%\\s+([\\d.]+)(us|ms|s)`).exec(out);
  return m ? Math.round(toMs(m[1]!, m[2]!) * 100) / 100 : Number.NaN;
};
const non2xx = Number(/Non-2xx or 3xx responses:\s+(\d+)/.exec(out)?.[1] ?? 0);
await sim.exited;
const final = JSON.parse(sim.lines.find((l) => l.includes('"final":true')) ?? '{}') as Record<string, number>;
const result = {
  bench: 'api',
  machine: machine(),
  hostsIngesting: HOSTS,
  seconds: SECONDS,
  requestsPerSecond: Math.round(rps),
  latencyP50Ms: lat('50'),
  latencyP99Ms: lat('99'),
  non2xx,
  ingestAckP99MsDuringLoad: final.p99,
  targets: { requestsPerSecond: 2000, latencyP99Ms: 100 },
  pass: rps >= 2000 && lat('99') < 100 && non2xx === 0,
};
console.log(JSON.stringify(result));
server.child.kill('SIGTERM');
await server.exited;
rmSync(data, { recursive: true, force: true });
