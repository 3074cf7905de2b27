/** The analysis's series on /metrics: backlog, throughput, failures, worker replacements and per-host latency. */
import { Histogram } from 'prom-client';
import { counterFrom, gaugeFrom, type MetricsRegistry } from '../metrics/index.js';
import type { RunningAnalysis } from './index.js';

export function registerAnalysisCollectors(metrics: MetricsRegistry, analysis: RunningAnalysis): void {
  const r = metrics.registry;
  const { scheduler, pool } = analysis;
  gaugeFrom(r, 'aura_analysis_queue_depth', 'Hosts whose new window waits for a worker (due, not yet sent).', () => scheduler.stats.due);
  gaugeFrom(r, 'aura_analysis_in_flight', 'Hosts being analysed in a worker now.', () => scheduler.stats.inFlight);
  gaugeFrom(r, 'aura_analysis_workers', 'Analysis worker threads.', () => pool.size);
  counterFrom(r, 'aura_analysis_windows_total', 'Host windows analysed.', () => scheduler.stats.analysed);
  counterFrom(r, 'aura_analysis_failures_total', 'Host windows whose analysis failed (the host keeps its previous analysis).', () => scheduler.stats.failed);
  counterFrom(r, 'aura_analysis_worker_replacements_total', 'Analysis workers replaced after a crash, an exit or a hung job.', () => pool.stats.replaced);
  const duration = new Histogram({
    name: 'aura_analysis_duration_seconds',
    help: 'Worker time to analyse one host window.',
    buckets: [0.0005, 0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.5],
    registers: [r],
  });
  scheduler.onHostMs = (ms) => duration.observe(ms / 1000);
}
