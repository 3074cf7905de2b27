/**
 * Every host's latest values, risk and decision as Prometheus series, bounded: at most
 * `maxHosts` hosts (the first ones seen are kept, the rest counted in aura_metrics_hosts_dropped)
 * and a fixed, documented choice of metrics per host (docs/operations.md), with at most
 * MAX_DEVICES devices (mounts, interfaces, disks) per family and host. Updated from the event bus,
 * rendered at scrape time.
 */
import { HORIZONS, severityRank, type HostAnalysis, type HostId } from '@aura/protocol';
import type { LatestValues } from '../events.js';

/** Per host and family: a host with 200 veth interfaces must not add 200 series to every scrape. */
export const MAX_DEVICES = 16;

/** Lines rendered between yields to the event loop (a few milliseconds of work). */
const YIELD_EVERY = 4000;

/** Dotted metric → Prometheus family, for the metrics a host has once. */
export const HOST_SCALARS: Readonly<Record<string, { name: string; help: string }>> = {
  'cpu.total': { name: 'aura_host_cpu_usage_percent', help: 'CPU busy, all cores (cpu.total).' },
  'cpu.iowait': { name: 'aura_host_cpu_iowait_percent', help: 'CPU time waiting for I/O (cpu.iowait).' },
  'cpu.steal': { name: 'aura_host_cpu_steal_percent', help: 'CPU time stolen by the hypervisor (cpu.steal).' },
  'load.1': { name: 'aura_host_load1', help: 'Load average over 1 minute (load.1).' },
  'load.5': { name: 'aura_host_load5', help: 'Load average over 5 minutes (load.5).' },
  'load.15': { name: 'aura_host_load15', help: 'Load average over 15 minutes (load.15).' },
  'mem.used_pct': { name: 'aura_host_memory_used_percent', help: 'Memory in use (mem.used_pct).' },
  'mem.available_bytes': { name: 'aura_host_memory_available_bytes', help: 'Memory available (mem.available_bytes).' },
  'swap.used_pct': { name: 'aura_host_swap_used_percent', help: 'Swap in use (swap.used_pct).' },
  'tcp.established': { name: 'aura_host_tcp_established', help: 'Established TCP connections (tcp.established).' },
  'proc.count': { name: 'aura_host_processes', help: 'Processes (proc.count).' },
  'temp.cpu': { name: 'aura_host_cpu_temperature_celsius', help: 'CPU temperature (temp.cpu).' },
};

/** Dotted `<prefix>.<device>.<field>` → family with a device label. */
export const HOST_DEVICE_FAMILIES: ReadonlyArray<{ prefix: string; field: string; name: string; label: string; help: string }> = [
  { prefix: 'disk', field: 'used_pct', name: 'aura_host_filesystem_used_percent', label: 'mountpoint', help: 'Filesystem space in use (disk.<mount>.used_pct).' },
  { prefix: 'disk', field: 'inodes_used_pct', name: 'aura_host_filesystem_inodes_used_percent', label: 'mountpoint', help: 'Filesystem inodes in use (disk.<mount>.inodes_used_pct).' },
  { prefix: 'net', field: 'rx_bps', name: 'aura_host_network_receive_bytes_per_second', label: 'device', help: 'Bytes received per second (net.<iface>.rx_bps).' },
  { prefix: 'net', field: 'tx_bps', name: 'aura_host_network_transmit_bytes_per_second', label: 'device', help: 'Bytes sent per second (net.<iface>.tx_bps).' },
  { prefix: 'net', field: 'rx_errors', name: 'aura_host_network_receive_errors_per_second', label: 'device', help: 'Receive errors per second (net.<iface>.rx_errors).' },
  { prefix: 'diskio', field: 'read_bps', name: 'aura_host_disk_read_bytes_per_second', label: 'device', help: 'Bytes read per second (diskio.<device>.read_bps).' },
  { prefix: 'diskio', field: 'write_bps', name: 'aura_host_disk_written_bytes_per_second', label: 'device', help: 'Bytes written per second (diskio.<device>.write_bps).' },
];

/** A label value in the text format: backslash, double quote and newline escaped. */
function label(v: string): string {
  if (!/[\\"\n]/.test(v)) return v;
  return v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

/** A sample value in the text format. */
function num(v: number): string {
  return Number.isNaN(v) ? 'NaN' : v === Infinity ? '+Inf' : v === -Infinity ? '-Inf' : String(v);
}

interface HostState {
  /** `host="<id>"`, escaped once. */
  lbl: string;
  ts?: number;
  scalars: Map<string, number>;
  /** Family index → device (escaped for the text format) → value. */
  devices: Array<Map<string, number>>;
  analysis?: { ts: number; risk: Partial<Record<string, number>>; severity?: number; ttf?: number | null };
}

/** Pick the exported metrics out of one sample's derived values (pure; exported for tests). */
export function pickHostValues(values: Record<string, number>): { scalars: Map<string, number>; devices: Array<Map<string, number>> } {
  const scalars = new Map<string, number>();
  const devices = HOST_DEVICE_FAMILIES.map(() => new Map<string, number>());
  for (const key in values) {
    const v = values[key]!;
    if (!Number.isFinite(v)) continue;
    if (HOST_SCALARS[key]) {
      scalars.set(key, v);
      continue;
    }
    const dot = key.indexOf('.');
    const last = key.lastIndexOf('.');
    if (dot < 0 || last <= dot) continue;
    const prefix = key.slice(0, dot);
    const field = key.slice(last + 1);
    const i = HOST_DEVICE_FAMILIES.findIndex((f) => f.prefix === prefix && f.field === field);
    if (i < 0 || devices[i]!.size >= MAX_DEVICES) continue;
    devices[i]!.set(label(key.slice(dot + 1, last)), v);
  }
  return { scalars, devices };
}

export class HostSeries {
  private readonly hosts = new Map<HostId, HostState>();
  private readonly dropped = new Set<string>();

  constructor(private readonly maxHosts: number, private readonly isConnected: (id: HostId) => boolean) {}

  /** The state of a host, made on first sight if there is room; undefined when it is over the cap. */
  private state(id: HostId): HostState | undefined {
    let s = this.hosts.get(id);
    if (s) return s;
    if (this.hosts.size >= this.maxHosts) {
      this.dropped.add(id);
      return undefined;
    }
    s = { lbl: `host="${label(id)}"`, scalars: new Map(), devices: HOST_DEVICE_FAMILIES.map(() => new Map()) };
    this.hosts.set(id, s);
    return s;
  }

  noteSample(id: HostId, latest: LatestValues): void {
    const s = this.state(id);
    if (!s || (s.ts !== undefined && latest.ts < s.ts)) return;
    const picked = pickHostValues(latest.values);
    s.ts = latest.ts;
    s.scalars = picked.scalars;
    s.devices = picked.devices;
  }

  noteAnalysis(a: HostAnalysis): void {
    const s = this.state(a.hostId as HostId);
    if (!s || (s.analysis && a.ts < s.analysis.ts)) return;
    s.analysis = {
      ts: a.ts,
      risk: a.prediction ? { ...a.prediction.risk } : {},
      ...(a.council ? { severity: severityRank(a.council.decision) } : {}),
      ...(a.prediction ? { ttf: a.prediction.ttfSeconds } : {}),
    };
  }

  /**
   * The per-host families as exposition text. Written directly rather than through prom-client
   * gauges: with 1,000 hosts (about 40,000 series) setting labelled gauges cost ~190 ms of event
   * loop per scrape, which ingest acks would wait behind (bench/metrics.ts). It also yields to the
   * event loop every YIELD_EVERY lines, so a large scrape never holds acks for more than a slice.
   */
  async render(): Promise<string> {
    const out: string[] = [];
    let sinceYield = 0;
    const pause = async (n: number) => {
      sinceYield += n;
      if (sinceYield < YIELD_EVERY) return;
      sinceYield = 0;
      await new Promise<void>((ok) => setImmediate(ok));
    };
    const family = async (name: string, help: string, lines: string[]) => {
      out.push(`# HELP ${name} ${help.replace(/\\/g, '\\\\').replace(/\n/g, '\\n')}\n# TYPE ${name} gauge\n`);
      for (const l of lines) out.push(l);
      await pause(lines.length);
    };
    const hosts = [...this.hosts];
    for (const [metric, fam] of Object.entries(HOST_SCALARS)) {
      const lines: string[] = [];
      for (const [host, s] of hosts) {
        const v = s.scalars.get(metric);
        if (v !== undefined) lines.push(`${fam.name}{${s.lbl}} ${num(v)}\n`);
      }
      await family(fam.name, fam.help, lines);
    }
    for (const [i, fam] of HOST_DEVICE_FAMILIES.entries()) {
      const lines: string[] = [];
      for (const [, s] of hosts) for (const [device, v] of s.devices[i]!) lines.push(`${fam.name}{${s.lbl},${fam.label}="${device}"} ${num(v)}\n`);
      await family(fam.name, fam.help, lines);
    }
    const perHost = async (name: string, help: string, value: (s: HostState, host: HostId) => number | undefined) => {
      const lines: string[] = [];
      for (const [host, s] of hosts) {
        const v = value(s, host);
        if (v !== undefined) lines.push(`${name}{${s.lbl}} ${num(v)}\n`);
      }
      await family(name, help, lines);
    };
    await perHost('aura_host_last_sample_timestamp_seconds', 'Event time of the newest stored sample of each host (unix seconds).', (s) => (s.ts === undefined ? undefined : s.ts / 1000));
    await perHost('aura_host_connected', "Whether the host's agent is connected now (1) or not (0).", (_s, host) => (this.isConnected(host) ? 1 : 0));
    const risk: string[] = [];
    for (const [, s] of hosts) {
      for (const h of HORIZONS) {
        const v = s.analysis?.risk[h];
        if (v !== undefined) risk.push(`aura_host_failure_risk_ratio{${s.lbl},horizon="${h}"} ${num(v)}\n`);
      }
    }
    await family('aura_host_failure_risk_ratio', 'Predicted probability (0-1) that the host fails within the horizon.', risk);
    await perHost('aura_host_decision_severity', "The council's decision: 0 ok, 1 watch, 2 warning, 3 critical.", (s) => s.analysis?.severity);
    await perHost('aura_host_time_to_failure_seconds', 'Predicted seconds until failure (absent when none is expected).', (s) => (typeof s.analysis?.ttf === 'number' ? s.analysis.ttf : undefined));
    await perHost('aura_host_analysis_timestamp_seconds', 'Event time of the newest analysis of each host (unix seconds).', (s) => s.analysis?.ts);
    await family('aura_metrics_hosts_exported', 'Hosts whose values /metrics exports.', [`aura_metrics_hosts_exported ${this.hosts.size}\n`]);
    await family('aura_metrics_hosts_dropped', 'Hosts not exported because metrics.maxHosts was reached.', [`aura_metrics_hosts_dropped ${this.dropped.size}\n`]);
    return out.join('');
  }
}
