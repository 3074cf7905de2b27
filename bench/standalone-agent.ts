/**
 * The standalone agent (Node SEA binary) beside the .cjs bundle run by Node, in one run: both
 * stream to the same real server at the same interval; RSS (and its private part) sampled every
 * second after a warm-up, start-up time of `--version`, and file sizes.
 *
 *   pnpm exec tsx bench/standalone-agent.ts [--seconds 60]
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { ROOT, machine, median, procUsage, run, sleep, waitHttp } from './lib.js';

const { values: flags } = parseArgs({ options: { seconds: { type: 'string' } } });
const SECONDS = Number(flags.seconds ?? 60);
const AGENT_TOKEN = 'bench-agent-token-0123456789';
const PORT = 18291;
const CJS = join(ROOT, 'agent/dist/aura-agent.cjs');
const SEA = join(ROOT, `agent/dist/aura-agent-linux-${process.arch}`);
if (!existsSync(SEA)) throw new Error(`${SEA} is missing: node scripts/build-standalone-agent.mjs`);

/**
 * Anonymous resident memory (heap, stacks), from smaps_rollup: the part that is the agent's own.
 * The rest is the executable's pages, shared with other Node processes for /usr/bin/node but
 * not for the standalone binary (a file of its own), so "private" would compare unlike things.
 */
function anonBytes(pid: number): number {
  const t = readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8');
  return Number(/^Anonymous:\s+(\d+)/m.exec(t)?.[1] ?? 0) * 1024;
}

function startupMs(cmd: string, args: string[]): number {
  const xs: number[] = [];
  for (let i = 0; i < 7; i++) {
    const t = performance.now();
    spawnSync(cmd, args, { env: {}, stdio: 'ignore' });
    xs.push(performance.now() - t);
  }
  return median(xs);
}

const data = mkdtempSync(join(tmpdir(), 'aura-bench-sea-'));
const server = run(process.execPath, ['server/dist/cli.js', 'serve', '--port', String(PORT), '--bind', '127.0.0.1', '--data', join(data, 'srv')], {
  AURA_AGENT_TOKEN: AGENT_TOKEN,
  AURA_API_TOKEN: 'bench-api-token-0123456789',
  AURA_LOG_LEVEL: 'warn',
});
await waitHttp(`http://127.0.0.1:${PORT}/readyz`);
const common = ['--server', `ws://127.0.0.1:${PORT}`, '--interval', '5s', '--log-level', 'warn'];
const agents = {
  cjs: run(process.execPath, [CJS, ...common, '--spool', join(data, 'a'), '--host-id', 'bench-cjs'], { AURA_TOKEN: AGENT_TOKEN }),
  sea: run(SEA, [...common, '--spool', join(data, 'b'), '--host-id', 'bench-sea'], { AURA_TOKEN: AGENT_TOKEN }),
};
await sleep(15_000);
const rss: Record<string, number[]> = { cjs: [], sea: [] };
const priv: Record<string, number[]> = { cjs: [], sea: [] };
for (let s = 0; s < SECONDS; s++) {
  for (const k of ['cjs', 'sea'] as const) {
    rss[k]!.push(procUsage(agents[k].child.pid!).rssBytes);
    priv[k]!.push(anonBytes(agents[k].child.pid!));
  }
  await sleep(1000);
}
for (const a of Object.values(agents)) a.child.kill('SIGTERM');
await Promise.all(Object.values(agents).map((a) => a.exited));
server.child.kill('SIGTERM');
await server.exited;

const mib = (b: number) => (b / 1024 / 1024).toFixed(1);
const r = { cjs: median(rss.cjs!), sea: median(rss.sea!) };
const p = { cjs: median(priv.cjs!), sea: median(priv.sea!) };
console.log(`machine: ${machine()}; ${SECONDS} s sampled after 15 s warm-up, interval 5s`);
console.log(`size: standalone ${mib(statSync(SEA).size)} MiB; bundle ${(statSync(CJS).size / 1024).toFixed(0)} KiB + node ${mib(statSync(process.execPath).size)} MiB`);
console.log(`RSS median: standalone ${mib(r.sea)} MiB, node + bundle ${mib(r.cjs)} MiB (ratio ${(r.sea / r.cjs).toFixed(2)})`);
console.log(`anonymous RSS median: standalone ${mib(p.sea)} MiB, node + bundle ${mib(p.cjs)} MiB (ratio ${(p.sea / p.cjs).toFixed(2)})`);
const su = { sea: startupMs(SEA, ['--version']), cjs: startupMs(process.execPath, [CJS, '--version']) };
console.log(`start-up (--version, median of 7): standalone ${su.sea.toFixed(0)} ms, node + bundle ${su.cjs.toFixed(0)} ms (ratio ${(su.sea / su.cjs).toFixed(2)})`);
