/**
 * Where each value of a model step lives: gauges and raw counter increments in the agent's
 * names, and the derived metrics (what the server stores) computed from them exactly as
 * `@aura/protocol`'s deriveMetrics does.
 */
import { COUNTER, CPU_FIELDS, DISK_IO_COUNTER_FIELDS, NET_COUNTER_FIELDS, diskIoMetric, netMetric } from '@aura/protocol';
import type { TraceFacts } from './facts.js';

/** Fixed gauge slots; per-mount slots follow at MOUNT_BASE + 4·i, then temp.cpu on physical hosts. */
export const G = {
  load1: 0,
  load5: 1,
  load15: 2,
  memUsedPct: 3,
  memAvailable: 4,
  memTotal: 5,
  swapUsedPct: 6,
  swapTotal: 7,
  swapUsed: 8,
  tcp: 9,
  procs: 10,
  uptime: 11,
} as const;
export const MOUNT_BASE = 12;
export const TEMP_SLOT = MOUNT_BASE + 8;

const FIXED_GAUGES = ['load.1', 'load.5', 'load.15', 'mem.used_pct', 'mem.available_bytes', 'mem.total_bytes', 'swap.used_pct', 'swap.total_bytes', 'swap.used_bytes', 'tcp.established', 'proc.count', 'uptime.seconds'];

export interface ModelLayout {
  /** Gauge names, by slot. */
  gauges: string[];
  /** Raw counter names (`cpu.user_ticks`, `net.eth0.rx_bytes_total`, …), by slot. */
  counters: string[];
  /** Derived metric names, in the order deriveRow writes them: the gauges, then CPU, network, disk IO. */
  metrics: string[];
  /** First counter slot of each interface and device. */
  ifaceBase: number[];
  deviceBase: number[];
}

export function createLayout(facts: TraceFacts): ModelLayout {
  const gauges = [...FIXED_GAUGES];
  for (const m of facts.mounts) gauges.push(`disk.${m.mount}.used_pct`, `disk.${m.mount}.inodes_used_pct`, `disk.${m.mount}.size_bytes`, `disk.${m.mount}.used_bytes`);
  if (!facts.virtual) gauges.push('temp.cpu');
  const counters: string[] = CPU_FIELDS.map((f) => COUNTER.cpuTicks(f));
  const ifaceBase: number[] = [];
  for (const i of facts.ifaces) {
    ifaceBase.push(counters.length);
    for (const f of NET_COUNTER_FIELDS) counters.push(COUNTER.net(i.name, f));
  }
  const deviceBase: number[] = [];
  for (const d of facts.devices) {
    deviceBase.push(counters.length);
    for (const f of DISK_IO_COUNTER_FIELDS) counters.push(COUNTER.diskIo(d.name, f));
  }
  const metrics = [...gauges, 'cpu.total', 'cpu.user', 'cpu.system', 'cpu.iowait', 'cpu.steal'];
  for (const i of facts.ifaces) {
    for (const f of ['rx_bps', 'tx_bps', 'rx_pps', 'tx_pps', 'rx_errors', 'tx_errors', 'rx_drops', 'tx_drops'] as const) metrics.push(netMetric(i.name, f));
  }
  for (const d of facts.devices) {
    for (const f of ['read_bps', 'write_bps', 'read_iops', 'write_iops', 'util_pct'] as const) metrics.push(diskIoMetric(d.name, f));
  }
  return { gauges, counters, metrics, ifaceBase, deviceBase };
}

/**
 * Derived metrics of one step from its gauges and counter increments over `dtS` seconds, with
 * the arithmetic of deriveMetrics (so a trace and the server agree to the last bit).
 */
export function deriveRow(layout: ModelLayout, gauges: Float64Array, inc: Float64Array, dtS: number, out: Float64Array): void {
  let k = 0;
  for (let i = 0; i < layout.gauges.length; i++) out[k++] = gauges[i]!;
  // CPU_FIELDS order: user, nice, system, idle, iowait, irq, softirq, steal.
  let all = 0;
  for (let f = 0; f < 8; f++) all += inc[f]!;
  if (all > 0) {
    const s = 100 / all;
    out[k++] = (all - inc[3]! - inc[4]!) * s;
    out[k++] = (inc[0]! + inc[1]!) * s;
    out[k++] = (inc[2]! + inc[5]! + inc[6]!) * s;
    out[k++] = inc[4]! * s;
    out[k++] = inc[7]! * s;
  } else for (let f = 0; f < 5; f++) out[k++] = NaN;
  for (const b of layout.ifaceBase) {
    // NET_COUNTER_FIELDS order matches the derived names' order.
    for (let f = 0; f < 8; f++) out[k++] = inc[b + f]! / dtS;
  }
  const dtMs = dtS * 1000;
  for (const b of layout.deviceBase) {
    // DISK_IO_COUNTER_FIELDS: read_bytes, write_bytes, reads, writes, io_time_ms.
    out[k++] = inc[b]! / dtS;
    out[k++] = inc[b + 1]! / dtS;
    out[k++] = inc[b + 2]! / dtS;
    out[k++] = inc[b + 3]! / dtS;
    out[k++] = Math.min(100, (inc[b + 4]! / dtMs) * 100);
  }
}
