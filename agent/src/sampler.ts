/**
 * Runs the collectors on their cadences and assembles one Sample per tick, with the agent's own
 * cost in it (RSS, CPU time, each collector's duration and success) so the server sees what the
 * agent costs. A failing or hung collector is isolated: logged when its error changes, the
 * others carry on; a hung one is skipped until its call returns.
 */
import { MAX_METRICS_PER_SAMPLE, MAX_METRIC_NAME_LENGTH, METRIC_NAME_PATTERN, type ConnSummary, type Sample } from '@aura/protocol';
import type { Collector, SampleBuilder } from './collectors/index.js';
import type { Logger } from './log.js';

/** A collector slower than this is abandoned for the tick (node_exporter's scrape timeout plays the same role). */
export const COLLECTOR_TIMEOUT_MS = 10_000;
/** Invalid names are logged once each, up to this many, so a broken collector cannot flood the log. */
const MAX_WARNED_NAMES = 100;

export interface SamplerOptions {
  collectors: readonly Collector[];
  /** Slow collectors run on every `slowEvery`-th tick, starting with the first. */
  slowEvery: number;
  log: Logger;
  collectorTimeoutMs?: number;
  /** Extra values for each sample (the spool's size and drops). */
  extra?: () => { gauges?: Record<string, number>; counters?: Record<string, number> };
}

/** What one collector produced on its last run; slow collectors' output is repeated on fast ticks. */
interface Output {
  gauges: Record<string, number>;
  counters: Record<string, number>;
  conns?: ConnSummary;
}

export class Sampler {
  private tick = 0;
  private readonly lastError = new Map<string, string>();
  private readonly running = new Set<string>();
  private readonly slowOutput = new Map<string, Output>();
  private readonly warnedNames = new Set<string>();

  constructor(private readonly opts: SamplerOptions) {}

  /** Take one sample stamped `now` (unix ms). Never throws: failures become missing values. */
  async sample(now: number = Date.now()): Promise<Sample> {
    const slowTick = this.tick++ % this.opts.slowEvery === 0;
    const fast: Output = { gauges: {}, counters: {} };
    for (const c of this.opts.collectors) {
      if (c.cadence === 'slow' && !slowTick) continue;
      const out: Output = c.cadence === 'slow' ? { gauges: {}, counters: {} } : fast;
      const t0 = performance.now();
      const ok = await this.run(c, out);
      out.gauges[`agent.collector.${c.name}.duration_ms`] = Math.round((performance.now() - t0) * 1000) / 1000;
      out.gauges[`agent.collector.${c.name}.success`] = ok ? 1 : 0;
      if (c.cadence === 'slow') this.slowOutput.set(c.name, out);
    }
    const gauges = fast.gauges;
    const counters = fast.counters;
    let conns: ConnSummary | undefined;
    for (const o of this.slowOutput.values()) {
      Object.assign(gauges, o.gauges);
      Object.assign(counters, o.counters);
      conns = o.conns ?? conns;
    }
    const usage = process.cpuUsage();
    gauges['agent.rss_bytes'] = process.memoryUsage.rss();
    counters['agent.cpu_seconds_total'] = (usage.user + usage.system) / 1e6;
    const extra = this.opts.extra?.();
    Object.assign(gauges, extra?.gauges);
    Object.assign(counters, extra?.counters);
    const s: Sample = { ts: Math.round(now), gauges: this.capped(gauges, 'gauges'), counters: this.capped(counters, 'counters') };
    if (conns) s.conns = conns;
    return s;
  }

  private async run(c: Collector, out: Output): Promise<boolean> {
    if (this.running.has(c.name)) {
      this.failed(c.name, 'still running since an earlier tick: skipped');
      return false;
    }
    let open = true;
    const builder: SampleBuilder = {
      gauge: (n, v) => {
        if (open && this.valid(n, v)) out.gauges[n] = v;
      },
      counter: (n, v) => {
        if (open && this.valid(n, v) && v >= 0) out.counters[n] = v;
      },
      conns: (s) => {
        if (open) out.conns = s;
      },
    };
    this.running.add(c.name);
    const call = c.collect(builder).then(
      () => undefined,
      (err: unknown) => (err instanceof Error ? err.message : String(err)),
    );
    void call.finally(() => this.running.delete(c.name));
    let timer: NodeJS.Timeout | undefined;
    const timeoutMs = this.opts.collectorTimeoutMs ?? COLLECTOR_TIMEOUT_MS;
    const late = new Promise<string>((resolve) => {
      timer = setTimeout(() => resolve(`no answer within ${timeoutMs} ms`), timeoutMs);
    });
    const err = await Promise.race([call, late]);
    clearTimeout(timer);
    open = false;
    if (err === undefined) {
      if (this.lastError.delete(c.name)) this.opts.log.info('collector recovered', { collector: c.name });
      return true;
    }
    this.failed(c.name, err);
    return false;
  }

  private failed(name: string, err: string): void {
    if (this.lastError.get(name) !== err) this.opts.log.warn('collector failed; the others carry on', { collector: name, err });
    this.lastError.set(name, err);
  }

  /** The server refuses a whole batch over one bad name, so bad names are dropped here. */
  private valid(name: string, value: number): boolean {
    if (Number.isFinite(value) && name.length <= MAX_METRIC_NAME_LENGTH && METRIC_NAME_PATTERN.test(name)) return true;
    if (!Number.isFinite(value)) return false;
    if (this.warnedNames.size < MAX_WARNED_NAMES && !this.warnedNames.has(name)) {
      this.warnedNames.add(name);
      this.opts.log.warn('dropped a metric with an invalid name', { name: name.slice(0, MAX_METRIC_NAME_LENGTH + 20) });
    }
    return false;
  }

  private capped(values: Record<string, number>, kind: string): Record<string, number> {
    const names = Object.keys(values);
    if (names.length <= MAX_METRICS_PER_SAMPLE) return values;
    if (!this.warnedNames.has(`:cap:${kind}`)) {
      this.warnedNames.add(`:cap:${kind}`);
      this.opts.log.warn('too many metrics in one sample; the rest are dropped', { kind, count: names.length, max: MAX_METRICS_PER_SAMPLE });
    }
    return Object.fromEntries(names.slice(0, MAX_METRICS_PER_SAMPLE).map((n) => [n, values[n]!]));
  }
}
