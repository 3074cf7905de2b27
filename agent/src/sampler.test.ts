import { describe, expect, it } from 'vitest';
import type { Collector } from './collectors/index.js';
import { createLogger } from './log.js';
import { Sampler } from './sampler.js';

function capture() {
  const lines: Array<{ level: string; msg: string; [k: string]: unknown }> = [];
  return { lines, log: createLogger('debug', (l) => lines.push(JSON.parse(l) as (typeof lines)[number])) };
}

const fixed = (name: string, cadence: 'fast' | 'slow', gauges: Record<string, number>): Collector => ({
  name,
  cadence,
  collect: async (b) => {
    for (const [k, v] of Object.entries(gauges)) b.gauge(k, v);
  },
});

describe('Sampler', () => {
  it('isolates a failing collector, logs each distinct error once, and logs the recovery', async () => {
    const { lines, log } = capture();
    let err: string | undefined = 'boom';
    const flaky: Collector = { name: 'flaky', cadence: 'fast', collect: async () => (err ? Promise.reject(new Error(err)) : undefined) };
    const sampler = new Sampler({ collectors: [flaky, fixed('fine', 'fast', { 'x.ok': 1 })], slowEvery: 1, log });
    const s = await sampler.sample(1000);
    await sampler.sample(2000);
    expect(s.gauges['x.ok']).toBe(1);
    expect(s.gauges['agent.collector.flaky.success']).toBe(0);
    expect(s.gauges['agent.collector.fine.success']).toBe(1);
    expect(s.gauges['agent.collector.flaky.duration_ms']).toBeTypeOf('number');
    err = 'other';
    await sampler.sample(3000);
    err = undefined;
    await sampler.sample(4000);
    expect(lines.map((l) => `${l.msg}:${String(l.err ?? '')}`)).toEqual(['collector failed; the others carry on:boom', 'collector failed; the others carry on:other', 'collector recovered:']);
  });

  it('abandons a hung collector at its timeout, ignores its late writes, and skips it until it returns', async () => {
    const { lines, log } = capture();
    let release: () => void = () => {};
    let calls = 0;
    const hung: Collector = {
      name: 'hung',
      cadence: 'fast',
      collect: async (b) => {
        calls++;
        await new Promise<void>((r) => (release = r));
        b.gauge('late.value', 1);
      },
    };
    const sampler = new Sampler({ collectors: [hung, fixed('fine', 'fast', { 'x.ok': 1 })], slowEvery: 1, log, collectorTimeoutMs: 20 });
    const a = await sampler.sample(1000);
    expect(a.gauges['x.ok']).toBe(1);
    expect(a.gauges['agent.collector.hung.success']).toBe(0);
    const b = await sampler.sample(2000);
    expect(calls).toBe(1);
    expect(lines.some((l) => String(l.err).includes('still running'))).toBe(true);
    release();
    await new Promise((r) => setImmediate(r));
    const c = await sampler.sample(3000);
    expect(calls).toBe(2);
    for (const s of [a, b, c]) expect(s.gauges['late.value']).toBeUndefined();
    release();
  });

  it('runs slow collectors every Nth tick and repeats their values and connections in between', async () => {
    let slowRuns = 0;
    const slow: Collector = {
      name: 'slow',
      cadence: 'slow',
      collect: async (b) => {
        slowRuns++;
        b.gauge('disk./.used_pct', 50 + slowRuns);
        b.conns({ listening: [22], remotes: [] });
      },
    };
    const sampler = new Sampler({ collectors: [slow], slowEvery: 3, log: createLogger('error', () => {}) });
    const samples = [];
    for (let i = 0; i < 7; i++) samples.push(await sampler.sample(1000 * (i + 1)));
    expect(slowRuns).toBe(3);
    expect(samples.map((s) => s.gauges['disk./.used_pct'])).toEqual([51, 51, 51, 52, 52, 52, 53]);
    expect(samples.every((s) => s.conns?.listening[0] === 22)).toBe(true);
    expect(samples.every((s) => s.gauges['agent.collector.slow.duration_ms'] !== undefined)).toBe(true);
  });

  it('drops names the server would refuse and non-finite values, logging each bad name once', async () => {
    const { lines, log } = capture();
    const bad: Collector = {
      name: 'bad',
      cadence: 'fast',
      collect: async (b) => {
        b.gauge('Upper.case', 1);
        b.gauge('disk./mnt/with space.used_pct', 1);
        b.gauge('x.nan', NaN);
        b.counter('x.negative_total', -1);
        b.gauge('ok.value', 2);
      },
    };
    const sampler = new Sampler({ collectors: [bad], slowEvery: 1, log });
    const s = await sampler.sample(1000);
    await sampler.sample(2000);
    expect(Object.keys(s.gauges).filter((k) => !k.startsWith('agent.'))).toEqual(['ok.value']);
    expect(s.counters['x.negative_total']).toBeUndefined();
    expect(lines.filter((l) => l.msg.startsWith('dropped a metric')).map((l) => l.name)).toEqual(['Upper.case', 'disk./mnt/with space.used_pct']);
  });

  it('adds the agent\'s own cost and the extra values to every sample', async () => {
    const sampler = new Sampler({ collectors: [], slowEvery: 1, log: createLogger('error', () => {}), extra: () => ({ gauges: { 'agent.spool_bytes': 10 }, counters: { 'agent.spool_dropped_total': 2 } }) });
    const s = await sampler.sample(1234.6);
    expect(s.ts).toBe(1235);
    expect(s.gauges['agent.rss_bytes']).toBeGreaterThan(1e6);
    expect(s.counters['agent.cpu_seconds_total']).toBeGreaterThan(0);
    expect(s.gauges['agent.spool_bytes']).toBe(10);
    expect(s.counters['agent.spool_dropped_total']).toBe(2);
  });
});
