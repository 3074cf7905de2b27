// Sampling must never start a process: a fleet of agents forking `df` or `cat` every few seconds
// is the cost AURA promises not to have. The child_process functions are trapped before the
// collectors are imported (a module that captured `execSync` at load would dodge a later spy),
// then a full collection runs; a canary proves the trap does catch a spawn.
import childProcess from 'node:child_process';
import { createRequire, syncBuiltinESMExports } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const TRAPPED = ['spawn', 'spawnSync', 'exec', 'execSync', 'execFile', 'execFileSync', 'fork'] as const;
const calls: string[] = [];
const cp = childProcess as unknown as Record<string, (...args: unknown[]) => unknown>;
const originals = new Map(TRAPPED.map((n) => [n, cp[n]!]));

beforeAll(() => {
  for (const n of TRAPPED) {
    const original = originals.get(n)!;
    cp[n] = function trapped(this: unknown, ...args: unknown[]) {
      calls.push(`${n} ${String(args[0])}`);
      return original.apply(this, args);
    };
  }
  // Propagate to ESM named imports (`import { spawn } from 'node:child_process'`).
  syncBuiltinESMExports();
});

afterAll(() => {
  for (const n of TRAPPED) cp[n] = originals.get(n)!;
  syncBuiltinESMExports();
});

describe('sampling', () => {
  it('canary: the trap sees spawns through require() and ESM imports', async () => {
    createRequire(import.meta.url)('node:child_process').execFileSync(process.execPath, ['-e', '']);
    const { spawnSync } = await import('node:child_process');
    spawnSync(process.execPath, ['-e', '']);
    expect(calls.map((c) => c.split(' ')[0])).toEqual(['execFileSync', 'spawnSync']);
    calls.length = 0;
  });

  it('a full collection of this machine (every collector, both cadences) and the start-up inventory spawn nothing', async () => {
    const { createCollectors } = await import('./collectors/index.js');
    const { Sampler } = await import('./sampler.js');
    const { readHostFacts } = await import('./facts.js');
    const { createLogger } = await import('./log.js');
    const paths = { proc: '/proc', sys: '/sys' };
    const sampler = new Sampler({ collectors: createCollectors(paths), slowEvery: 1, log: createLogger('error', () => {}) });
    const a = await sampler.sample();
    const b = await sampler.sample(a.ts + 1000);
    const facts = await readHostFacts(paths);
    expect(calls).toEqual([]);
    // And it did collect: every collector ran and succeeded here.
    for (const c of createCollectors(paths)) expect(b.gauges[`agent.collector.${c.name}.success`], c.name).toBe(1);
    expect(b.counters['cpu.user_ticks']).toBeGreaterThan(0);
    expect(b.conns?.listening).toBeInstanceOf(Array);
    expect(facts.hostname.length).toBeGreaterThan(0);
  });
});
