/**
 * When a host has failed, per class, written on the metrics an operator sees. The generator
 * labels `failureTs` as the first step where its class's condition holds, keeps every condition
 * false before it, and never lets a healthy host reach one.
 */
import type { FailureClass } from '@aura/protocol';
import type { Observed } from './effects.js';
import type { TraceFacts } from './facts.js';

/** Thresholds of the failure conditions (percent unless said otherwise). */
export const FAILURE_THRESHOLDS = {
  /** The OOM killer acts when memory is effectively exhausted. */
  memUsedPct: 98.5,
  diskUsedPct: 99.5,
  inodesUsedPct: 99.5,
  /** CPU pinned and the run queue at four times the cores: requests time out. */
  cpuTotalPct: 97,
  loadPerCore: 4,
  /** The link carries ≥ 97 % of its speed and drops ≥ 50 packets/s. */
  linkShare: 0.97,
  rxDropsPerS: 50,
  /** Connections at 97 % of the service's open-file limit: accept() starts failing. */
  fdShare: 0.97,
  /** IO stall: a third of CPU time and more waiting for IO. */
  iowaitPct: 40,
  /** Swap thrash: swap nearly full while the CPUs wait on paging. */
  swapUsedPct: 90,
  swapIowaitPct: 25,
} as const;

const T = FAILURE_THRESHOLDS;

/** Reads one metric of a step; missing metrics read as NaN (and never satisfy a condition). */
export type MetricReader = (name: string) => number;

/**
 * Whether `cls`'s failure condition holds for one step's metrics.
 * @example conditionHolds('disk_fill', (m) => row[m] ?? NaN, trace.facts)
 */
export function conditionHolds(cls: FailureClass, m: MetricReader, facts: TraceFacts): boolean {
  switch (cls) {
    case 'memory_leak':
      return m('mem.used_pct') >= T.memUsedPct;
    case 'disk_fill':
      return facts.mounts.some((d) => m(`disk.${d.mount}.used_pct`) >= T.diskUsedPct);
    case 'inode_exhaustion':
      return facts.mounts.some((d) => m(`disk.${d.mount}.inodes_used_pct`) >= T.inodesUsedPct);
    case 'cpu_runaway':
      return m('cpu.total') >= T.cpuTotalPct && m('load.1') >= T.loadPerCore * facts.cores;
    case 'network_saturation': {
      const i = facts.ifaces[0]!;
      const link = (i.speedMbps * 1e6) / 8;
      const used = Math.max(m(`net.${i.name}.rx_bps`), m(`net.${i.name}.tx_bps`));
      return used >= T.linkShare * link && m(`net.${i.name}.rx_drops`) >= T.rxDropsPerS;
    }
    case 'connection_storm':
      return m('tcp.established') >= T.fdShare * facts.fdLimit;
    case 'io_stall':
      return m('cpu.iowait') >= T.iowaitPct;
    case 'swap_thrash':
      return m('swap.used_pct') >= T.swapUsedPct && m('cpu.iowait') >= T.swapIowaitPct;
  }
}

/** Keep every condition false (with a margin for counter rounding): the state before failureTs. */
export function guardObserved(o: Observed, facts: TraceFacts): void {
  o.memUsed = Math.min(o.memUsed, facts.memoryBytes * 0.982);
  for (let i = 0; i < 2; i++) {
    o.diskUsed[i] = Math.min(o.diskUsed[i]!, facts.mounts[i]!.sizeBytes * 0.992);
    o.inodesUsed[i] = Math.min(o.inodesUsed[i]!, facts.mounts[i]!.inodes * 0.992);
  }
  if (o.busy + o.steal >= 0.96) o.load1 = Math.min(o.load1, 3.9 * facts.cores);
  const link = (facts.ifaces[0]!.speedMbps * 1e6) / 8;
  o.rx = Math.min(o.rx, link * 0.962);
  o.tx = Math.min(o.tx, link * 0.962);
  o.conns = Math.min(o.conns, Math.floor(facts.fdLimit * 0.962));
  o.iowait = Math.min(o.iowait, 0.385);
  if (facts.swapBytes > 0 && o.swapUsed >= facts.swapBytes * 0.895) o.iowait = Math.min(o.iowait, 0.24);
}
