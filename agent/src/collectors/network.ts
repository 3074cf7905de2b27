/** Per-interface traffic, errors and drops from /proc/net/dev, as monotonic counters. */
import { readFile } from 'node:fs/promises';
import { COUNTER, type NetCounterField } from '@aura/protocol';
import type { Collector, ProcPaths } from './types.js';

/** Interfaces skipped by default: loopback and virtual plumbing (as node_exporter's netdev excludes, roughly). */
export const DEFAULT_IFACE_EXCLUDE = /^(lo|veth.*|docker\d*|br-.*|virbr.*|cni.*|flannel.*|cali.*|ifb\d+|tunl\d+|sit\d+|ip6tnl\d+|gre\d+|gretap\d+|erspan\d+|ip_vti\d+|ip6_vti\d+|ip6gre\d+)$/;

export type NetDevStats = Record<string, Record<NetCounterField, number>>;

/** Parse /proc/net/dev (pure). */
export function parseNetDev(text: string): NetDevStats {
  const out: NetDevStats = {};
  for (const line of text.split('\n').slice(2)) {
    const colon = line.indexOf(':');
    if (colon < 0) continue;
    const name = line.slice(0, colon).trim();
    const f = line.slice(colon + 1).trim().split(/\s+/).map(Number);
    if (f.length < 16 || f.some((v) => !Number.isFinite(v))) continue;
    out[name] = {
      rx_bytes: f[0]!,
      rx_packets: f[1]!,
      rx_errors: f[2]!,
      rx_drops: f[3]!,
      tx_bytes: f[8]!,
      tx_packets: f[9]!,
      tx_errors: f[10]!,
      tx_drops: f[11]!,
    };
  }
  return out;
}

export function createNetworkCollector(paths: ProcPaths, exclude: RegExp = DEFAULT_IFACE_EXCLUDE): Collector {
  return {
    name: 'network',
    cadence: 'fast',
    async collect(into) {
      const stats = parseNetDev(await readFile(`${paths.proc}/net/dev`, 'utf8'));
      for (const [iface, s] of Object.entries(stats)) {
        if (exclude.test(iface) || /\s/.test(iface)) continue;
        for (const [field, v] of Object.entries(s)) into.counter(COUNTER.net(iface, field as NetCounterField), v);
      }
    },
  };
}
