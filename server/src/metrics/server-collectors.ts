/** The collectors of what exists in every server: ingest, agents, the host-file pool, the disk, hosts. */
import { statfsSync } from 'node:fs';
import type { ServerEvents } from '../events.js';
import type { IngestStats } from '../ingest/index.js';
import type { Catalog, HostPool } from '../store/index.js';
import type { HostId } from '@aura/protocol';
import { HostSeries } from './host-series.js';
import { counterFrom, gaugeFrom, type MetricsRegistry } from './registry.js';

export interface ServerCollectorDeps {
  ingest: { readonly stats: IngestStats; readonly connectedCount: number; isConnected(id: HostId): boolean };
  pool: HostPool;
  catalog: Catalog;
  events: ServerEvents;
  dataDir: string;
  maxHosts: number;
}

const INGEST_COUNTERS: ReadonlyArray<[keyof IngestStats, string, string]> = [
  ['batches', 'aura_ingest_batches_total', 'Batches committed (replays of stored batches not counted).'],
  ['samples', 'aura_ingest_samples_total', 'Samples stored.'],
  ['values', 'aura_ingest_values_total', 'Metric values stored.'],
  ['duplicateBatches', 'aura_ingest_duplicate_batches_total', 'Batches already stored (agent replays), acknowledged again.'],
  ['duplicateSamples', 'aura_ingest_duplicate_samples_total', 'Samples already stored, ignored.'],
  ['rejectedFrames', 'aura_ingest_rejected_frames_total', 'Frames refused as invalid (the connection is closed with a reason).'],
  ['refusedUpgrades', 'aura_ingest_refused_upgrades_total', 'Agent connections refused at the upgrade (bad or missing token, rate limit).'],
  ['storeErrors', 'aura_ingest_store_errors_total', 'Batches the store could not commit (disk full, I/O errors).'],
];

/**
 * Register the server's own collectors and the per-host series; returns the host tracker.
 * @example registerServerCollectors(metrics, { ingest, pool, catalog, events, dataDir, maxHosts: 1000 })
 */
export function registerServerCollectors(metrics: MetricsRegistry, deps: ServerCollectorDeps): HostSeries {
  const r = metrics.registry;
  for (const [key, name, help] of INGEST_COUNTERS) counterFrom(r, name, help, () => deps.ingest.stats[key]);
  gaugeFrom(r, 'aura_agents_connected', 'Agents connected now.', () => deps.ingest.connectedCount);
  gaugeFrom(r, 'aura_store_open_host_files', 'Host files open in the pool now.', () => deps.pool.size);
  counterFrom(r, 'aura_store_host_file_opens_total', 'Host files opened; a fast rise means the pool is too small for the fleet.', () => deps.pool.opens);
  let hostCount = 0;
  let freeBytes = Number.NaN;
  gaugeFrom(r, 'aura_hosts_known', 'Hosts in the catalog.', () => hostCount);
  gaugeFrom(r, 'aura_store_free_bytes', 'Free space in the data directory (for unprivileged writers).', () => freeBytes);
  metrics.register('store', () => {
    hostCount = deps.catalog.hosts().length;
    const fs = statfsSync(deps.dataDir);
    freeBytes = fs.bavail * fs.bsize;
  });

  const hosts = new HostSeries(deps.maxHosts, (id) => deps.ingest.isConnected(id));
  metrics.registerExposition('hosts', () => hosts.render());
  deps.events.on('samples.committed', (id, batch) => {
    if (batch.latest) hosts.noteSample(id, batch.latest);
  });
  deps.events.on('analysis.done', (a) => hosts.noteAnalysis(a));
  return hosts;
}
