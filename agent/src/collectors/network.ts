/** Per-interface traffic, packets, errors and drops from /proc/net/dev, as raw counters. */
import { readFile } from 'node:fs/promises';
import { COUNTER, NET_COUNTER_FIELDS, type NetCounterField } from '@aura/protocol';
import type { Collector, ProcPaths } from './types.js';

/**
 * Interfaces skipped: loopback, and the virtual plumbing of containers and tunnels (one veth per
 * container would flood the store; their traffic is already counted on the physical interface).
 */
export const DEFAULT_IFACE_EXCLUDE =
  /^(lo|veth.*|docker\d*|br-.*|virbr.*|cni.*|flannel.*|cali.*|lxc.*|ifb\d+|tunl\d+|sit\d+|ip6tnl\d+|gre\d+|gretap\d+|erspan\d+|ip_vti\d+|ip6_vti\d+|ip6gre\d+)$/;

export type NetDevStats = Record<string, Record<NetCounterField, number>>;

/** Parse /proc/net/dev (pure). Lines that do not have the 16 numeric columns are skipped. */
export function parseNetDev(text: string): NetDevStats {
  const out: NetDevStats = {};
  for (const line of text.split('\n').slice(2)) {
    const colon = line.indexOf(':');
    if (colon < 0) continue;
    const name = line.slice(0, colon).trim();
    const f = line.slice(colon + 1).trim().split(/\s+/).map(Number);
    if (!name || f.length < 16 || !f.every(Number.isFinite)) continue;
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
      for (const iface in stats) {
        if (exclude.test(iface)) continue;
        for (const field of NET_COUNTER_FIELDS) into.counter(COUNTER.net(iface, field), stats[iface]![field]);
      }
    },
  };
}
