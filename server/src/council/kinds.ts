/**
 * The alert kinds analysers vote on. The quorum is counted per kind, so analysers that see the
 * same trouble must name it the same way; the fingerprint of an alert is host + kind.
 */
import type { FailureClass } from '@aura/protocol';

export const KINDS = ['cpu', 'memory', 'disk', 'io', 'network', 'connections', 'ports', 'processes', 'behaviour'] as const;
export type Kind = (typeof KINDS)[number];

/** The kind of an ok vote: nothing to worry about. */
export const NO_KIND = 'none';

/** What the predictor's failure classes are about. */
export const CLASS_KIND: Record<FailureClass, Kind> = {
  memory_leak: 'memory',
  swap_thrash: 'memory',
  disk_fill: 'disk',
  inode_exhaustion: 'disk',
  cpu_runaway: 'cpu',
  network_saturation: 'network',
  connection_storm: 'connections',
  io_stall: 'io',
};

/** The kind a metric belongs to, for forecasts and a prediction's drivers. */
export function kindOfMetric(metric: string): Kind | undefined {
  if (metric.startsWith('mem.') || metric.startsWith('swap.')) return 'memory';
  if (metric.startsWith('disk.')) return 'disk';
  if (metric.startsWith('diskio.') || metric === 'cpu.iowait') return 'io';
  if (metric.startsWith('cpu.') || metric.startsWith('load.')) return 'cpu';
  if (metric.startsWith('net.')) return 'network';
  if (metric.startsWith('tcp.')) return 'connections';
  if (metric.startsWith('proc.')) return 'processes';
  return undefined;
}
