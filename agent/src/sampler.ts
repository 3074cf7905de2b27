/**
 * Runs the collectors on their cadences and assembles one Sample per tick, with the agent's own
 * cost (RSS, CPU time, each collector's duration) in it, so the server sees what the agent costs.
 * A failing collector is isolated: logged when its error changes, the others carry on.
 */
import type { ConnSummary, Sample } from '@aura/protocol';
import type { Collector } from './collectors/index.js';
import type { Logger } from './log.js';

export interface SamplerOptions {
  collectors: Collector[];
  /** Slow collectors run on every `slowEvery`-th tick (and the first). */
  slowEvery: number;
  log: Logger;
  /** Extra gauges and counters added to each sample (spool size, dropped samples). */
  extra?: () => { gauges?: Record<string, number>; counters?: Record<string, number> };
}

export class Sampler {
  private tick = 0;
  private readonly lastError = new Map<string, string>();
  /** Last slow-cadence gauges, repeated on fast ticks so a gauge does not flicker in and out. */
  private slowGauges: Record<string, number> = {};

  constructor(private readonly opts: SamplerOptions) {}

  async sample(now: number = Date.now()): Promise<Sample> {
    const slow = this.tick++ % this.opts.slowEvery === 0;
    const gauges: Record<string, number> = {};
    const counters: Record<string, number> = {};
    let conns: ConnSummary | undefined;
    const durations: Record<string, number> = {};
    const fresh: Record<string, number> = {};
    for (const c of this.opts.collectors) {
      if (c.cadence === 'slow' && !slow) continue;
      const target = c.cadence === 'slow' ? fresh : gauges;
      const t0 = performance.now();
      try {
        await c.collect({
          gauge: (n, v) => {
            if (Number.isFinite(v)) target[n] = v;
          },
          counter: (n, v) => {
            if (Number.isFinite(v) && v >= 0) counters[n] = v;
          },
          conns: (s) => {
            conns = s;
          },
        });
        if (this.lastError.has(c.name)) {
          this.lastError.delete(c.name);
          this.opts.log.info('collector recovered', { collector: c.name });
        }
      } catch (err) {
        const msg = (err as Error).message;
        if (this.lastError.get(c.name) !== msg) this.opts.log.warn('collector failed; the others carry on', { collector: c.name, err: msg });
        this.lastError.set(c.name, msg);
      }
      durations[c.name] = performance.now() - t0;
    }
    if (slow) this.slowGauges = fresh;
    Object.assign(gauges, this.slowGauges);
    for (const [name, ms] of Object.entries(durations)) gauges[`agent.collector.${name}.duration_ms`] = Math.round(ms * 1000) / 1000;
    const usage = process.cpuUsage();
    gauges['agent.rss_bytes'] = process.memoryUsage.rss();
    counters['agent.cpu_seconds_total'] = (usage.user + usage.system) / 1e6;
    const extra = this.opts.extra?.();
    Object.assign(gauges, extra?.gauges);
    Object.assign(counters, extra?.counters);
    const s: Sample = { ts: Math.round(now), gauges, counters };
    if (conns) s.conns = conns;
    return s;
  }
}
