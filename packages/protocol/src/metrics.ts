/**
 * The one dotted metric vocabulary shared by agent, API, replay CSV headers and dashboard.
 * Units: percentages 0–100, bytes, bytes per second (`_bps`), per-second rates for errors,
 * drops and packets, degrees Celsius for `temp.*`.
 */

export const METRIC = {
  cpuTotal: 'cpu.total',
  cpuUser: 'cpu.user',
  cpuSystem: 'cpu.system',
  cpuIowait: 'cpu.iowait',
  cpuSteal: 'cpu.steal',
  load1: 'load.1',
  load5: 'load.5',
  load15: 'load.15',
  memUsedPct: 'mem.used_pct',
  memAvailableBytes: 'mem.available_bytes',
  memTotalBytes: 'mem.total_bytes',
  swapUsedPct: 'swap.used_pct',
  tcpEstablished: 'tcp.established',
  procCount: 'proc.count',
  tempCpu: 'temp.cpu',
  uptimeSeconds: 'uptime.seconds',
} as const;

/** Per-mount and per-device names. */
export const diskMetric = (mount: string, field: 'used_pct' | 'inodes_used_pct' | 'size_bytes' | 'used_bytes') =>
  `disk.${mount}.${field}`;
export const diskIoMetric = (device: string, field: 'read_bps' | 'write_bps' | 'read_iops' | 'write_iops' | 'util_pct') =>
  `diskio.${device}.${field}`;
export const netMetric = (
  iface: string,
  field: 'rx_bps' | 'tx_bps' | 'rx_pps' | 'tx_pps' | 'rx_errors' | 'tx_errors' | 'rx_drops' | 'tx_drops',
) => `net.${iface}.${field}`;

/** CPU tick fields, as in /proc/stat, in its column order. */
export const CPU_FIELDS = ['user', 'nice', 'system', 'idle', 'iowait', 'irq', 'softirq', 'steal'] as const;
export type CpuField = (typeof CPU_FIELDS)[number];

/** Raw counter names the agent sends; the server turns them into the metrics above. */
export const COUNTER = {
  /** `cpu.user_ticks` for the whole machine, `cpu.core.3.user_ticks` per core. */
  cpuTicks: (field: CpuField, core?: number) => (core === undefined ? `cpu.${field}_ticks` : `cpu.core.${core}.${field}_ticks`),
  net: (iface: string, field: NetCounterField) => `net.${iface}.${field}_total`,
  diskIo: (device: string, field: DiskIoCounterField) => `diskio.${device}.${field}_total`,
} as const;

export const NET_COUNTER_FIELDS = [
  'rx_bytes',
  'tx_bytes',
  'rx_packets',
  'tx_packets',
  'rx_errors',
  'tx_errors',
  'rx_drops',
  'tx_drops',
] as const;
export type NetCounterField = (typeof NET_COUNTER_FIELDS)[number];

export const DISK_IO_COUNTER_FIELDS = ['read_bytes', 'write_bytes', 'reads', 'writes', 'io_time_ms'] as const;
export type DiskIoCounterField = (typeof DISK_IO_COUNTER_FIELDS)[number];
