/**
 * The registry behind `/metrics`: prom-client metrics plus a small door, `register(name, collect)`,
 * through which each subsystem (ingest, store, analysis pool, outbox, stream) adds its own
 * collectors. As node_exporter does, each scrape reports every collector's duration and success,
 * and a failing collector never fails the scrape.
 */
import { Counter, Gauge, Registry, collectDefaultMetrics } from 'prom-client';

/** Refreshes a subsystem's metrics just before a scrape renders them. */
export type CollectFn = () => void | Promise<void>;

export interface MetricsRegistry {
  /** The prom-client registry: create metrics with `registers: [metrics.registry]`. */
  readonly registry: Registry;
  /**
   * Add a subsystem's collector, run before every scrape.
   * @example
   * const depth = new Gauge({ name: 'aura_outbox_pending', help: '…', registers: [metrics.registry] });
   * metrics.register('outbox', () => depth.set(outbox.pendingCount()));
   */
  register(name: string, collect: CollectFn): void;
  /**
   * Add families rendered as exposition text by the subsystem itself, for large label sets where
   * prom-client's labelled gauges are too slow (the per-host series). Appended after the rest;
   * timed and reported like a collector. The text must be valid text format 0.0.4.
   */
  registerExposition(name: string, render: () => string | Promise<string>): void;
  /** The exposition text (Prometheus text format 0.0.4). */
  render(): Promise<string>;
  readonly contentType: string;
}

export interface MetricsRegistryOptions {
  /** Node's process and runtime metrics (CPU, RSS, heap, event-loop lag); off in tests that count series. */
  processMetrics?: boolean;
  /** Version reported by aura_build_info. */
  version?: string;
}

/** A collector name becomes a label value: keep it short and Prometheus-friendly. */
const COLLECTOR_NAME = /^[a-z][a-z0-9_]{0,63}$/;

/**
 * Create the registry with the scrape bookkeeping and, by default, process metrics.
 * @example const metrics = createMetricsRegistry({ version: '0.1.0' }); const text = await metrics.render();
 */
export function createMetricsRegistry(options: MetricsRegistryOptions = {}): MetricsRegistry {
  const registry = new Registry();
  const collectors = new Map<string, CollectFn>();
  const expositions = new Map<string, () => string | Promise<string>>();
  const checkName = (name: string) => {
    if (!COLLECTOR_NAME.test(name)) throw new Error(`metrics collector name "${name}" must match ${COLLECTOR_NAME} (example: outbox)`);
    if (collectors.has(name) || expositions.has(name)) throw new Error(`metrics collector "${name}" is already registered`);
  };
  const duration = new Gauge({
    name: 'aura_metrics_collector_duration_seconds',
    help: 'Time each collector took during the last scrape.',
    labelNames: ['collector'],
    registers: [registry],
  });
  const success = new Gauge({
    name: 'aura_metrics_collector_success',
    help: 'Whether each collector succeeded during the last scrape (1) or failed (0).',
    labelNames: ['collector'],
    registers: [registry],
  });
  const scrapes = new Counter({ name: 'aura_metrics_scrapes_total', help: 'Scrapes of /metrics served.', registers: [registry] });
  new Gauge({
    name: 'aura_build_info',
    help: 'Always 1; the labels say which AURA is running.',
    labelNames: ['version', 'nodejs'],
    registers: [registry],
  }).set({ version: options.version ?? 'unknown', nodejs: process.version }, 1);
  if (options.processMetrics ?? true) {
    collectDefaultMetrics({ register: registry, eventLoopMonitoringPrecision: 20 });
    // Gauges named like counters fail `promtool check metrics`; the same counts remain, per type,
    // in nodejs_active_handles, nodejs_active_requests and nodejs_active_resources.
    for (const name of ['nodejs_active_handles_total', 'nodejs_active_requests_total', 'nodejs_active_resources_total']) registry.removeSingleMetric(name);
  }

  return {
    registry,
    contentType: registry.contentType,
    register(name, collect) {
      checkName(name);
      collectors.set(name, collect);
    },
    registerExposition(name, render) {
      checkName(name);
      expositions.set(name, render);
    },
    async render() {
      scrapes.inc();
      const timed = async (name: string, run: () => unknown) => {
        const start = performance.now();
        let ok = 1;
        try {
          await run();
        } catch {
          ok = 0;
        }
        duration.set({ collector: name }, (performance.now() - start) / 1000);
        success.set({ collector: name }, ok);
      };
      for (const [name, collect] of collectors) await timed(name, collect);
      const texts: string[] = [];
      for (const [name, render] of expositions) await timed(name, async () => texts.push(await render()));
      return (await registry.metrics()) + texts.join('');
    },
  };
}

/**
 * A counter whose value is read from a cumulative total kept elsewhere (e.g. IngestStats), so the
 * hot path only increments a plain number and the exposition reads it at scrape time.
 * @example counterFrom(metrics.registry, 'aura_ingest_batches_total', 'Batches stored.', () => stats.batches)
 */
export function counterFrom(registry: Registry, name: string, help: string, read: () => number): Counter {
  return new Counter({
    name,
    help,
    registers: [registry],
    collect() {
      this.reset();
      const v = read();
      if (v > 0) this.inc(v);
    },
  });
}

/** A gauge read at scrape time. */
export function gaugeFrom(registry: Registry, name: string, help: string, read: () => number): Gauge {
  return new Gauge({
    name,
    help,
    registers: [registry],
    collect() {
      this.set(read());
    },
  });
}
