// Sampling must never start a process: a fleet of agents forking `df` or `cat` every few seconds
// is exactly the cost AURA promises not to have. This test fails if any collector spawns.
import childProcess from 'node:child_process';
import { describe, expect, it, vi } from 'vitest';
import { createCollectors } from './collectors/index.js';
import { createLogger } from './log.js';
import { Sampler } from './sampler.js';

describe('sampling', () => {
  it('spawns no process and reports every collector', async () => {
    const names = ['spawn', 'spawnSync', 'exec', 'execSync', 'execFile', 'execFileSync', 'fork'] as const;
    const spies = names.map((n) => vi.spyOn(childProcess, n));
    const sampler = new Sampler({ collectors: createCollectors({ proc: '/proc', sys: '/sys' }), slowEvery: 1, log: createLogger('error') });
    const a = await sampler.sample();
    const b = await sampler.sample(a.ts + 1000);
    for (const s of spies) expect(s).not.toHaveBeenCalled();
    expect(Object.keys(b.counters)).toContain('cpu.user_ticks');
    expect(b.gauges['load.1']).toBeTypeOf('number');
    expect(b.gauges['agent.rss_bytes']).toBeGreaterThan(0);
    for (const c of ['cpu', 'memory', 'network', 'filesystems', 'connections']) expect(b.gauges[`agent.collector.${c}.duration_ms`]).toBeTypeOf('number');
    expect(b.conns?.listening).toBeInstanceOf(Array);
    vi.restoreAllMocks();
  });

  it('a failing collector does not stop the others', async () => {
    const sampler = new Sampler({
      collectors: [
        { name: 'broken', cadence: 'fast', collect: async () => Promise.reject(new Error('boom')) },
        { name: 'fine', cadence: 'fast', collect: async (b) => b.gauge('x.ok', 1) },
      ],
      slowEvery: 1,
      log: createLogger('error'),
    });
    const s = await sampler.sample();
    expect(s.gauges['x.ok']).toBe(1);
    expect(s.gauges['agent.collector.broken.duration_ms']).toBeTypeOf('number');
  });
});
