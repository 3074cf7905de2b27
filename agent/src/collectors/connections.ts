/**
 * The TCP tables (/proc/net/tcp and tcp6), on the slow cadence since a busy server has tens of
 * thousands of rows: connections per state, listening ports, established peers grouped by
 * address and service port.
 */
import { readFile } from 'node:fs/promises';
import { MAX_REMOTES, type ConnSummary } from '@aura/protocol';
import type { Collector, ProcPaths } from './types.js';

/** Kernel state numbers (include/net/tcp_states.h). */
const STATES: Record<string, string> = {
  '01': 'established',
  '02': 'syn_sent',
  '03': 'syn_recv',
  '04': 'fin_wait1',
  '05': 'fin_wait2',
  '06': 'time_wait',
  '07': 'close',
  '08': 'close_wait',
  '09': 'last_ack',
  '0A': 'listen',
  '0B': 'closing',
};
/** States always reported (0 when none), so a gauge does not vanish when its last socket closes. */
export const REPORTED_STATES = ['listen', 'syn_sent', 'syn_recv', 'fin_wait1', 'fin_wait2', 'close_wait', 'last_ack', 'closing'] as const;

export interface TcpEntry {
  local: string;
  localPort: number;
  remote: string;
  remotePort: number;
  state: string;
}

/** Decode the kernel's hex address (32-bit words in host order, x86: little-endian) to text. */
export function decodeAddress(hex: string): string {
  const bytes: number[] = [];
  for (let w = 0; w < hex.length; w += 8) for (const i of [6, 4, 2, 0]) bytes.push(parseInt(hex.slice(w + i, w + i + 2), 16));
  if (bytes.length === 4) return bytes.join('.');
  // IPv4-mapped IPv6 (::ffff:a.b.c.d) is reported as IPv4, so one peer has one name.
  if (bytes.slice(0, 10).every((b) => b === 0) && bytes[10] === 255 && bytes[11] === 255) return bytes.slice(12).join('.');
  const groups: string[] = [];
  for (let i = 0; i < 16; i += 2) groups.push(((bytes[i]! << 8) | bytes[i + 1]!).toString(16));
  return compressIpv6(groups);
}

/** RFC 5952: the longest run (≥ 2) of zero groups becomes "::". */
function compressIpv6(groups: string[]): string {
  let best = -1;
  let bestLen = 1;
  for (let i = 0; i < 8; ) {
    let j = i;
    while (j < 8 && groups[j] === '0') j++;
    if (j - i > bestLen) [best, bestLen] = [i, j - i];
    i = j + 1;
  }
  if (best < 0) return groups.join(':');
  return `${groups.slice(0, best).join(':')}::${groups.slice(best + bestLen).join(':')}`;
}

/** Parse /proc/net/tcp or tcp6 (pure). */
export function parseProcNetTcp(text: string): TcpEntry[] {
  const out: TcpEntry[] = [];
  for (const line of text.split('\n').slice(1)) {
    const f = line.trim().split(/\s+/);
    if (f.length < 4) continue;
    const [la, lp] = f[1]!.split(':');
    const [ra, rp] = f[2]!.split(':');
    if (!la || !lp || !ra || !rp) continue;
    out.push({ local: decodeAddress(la), localPort: parseInt(lp, 16), remote: decodeAddress(ra), remotePort: parseInt(rp, 16), state: STATES[f[3]!] ?? 'unknown' });
  }
  return out;
}

/**
 * Count states, and group established connections by peer and service port: the local port when
 * the peer connected to one of our listeners, else the peer's port. Pure.
 */
export function summarizeConnections(entries: readonly TcpEntry[]): { states: Record<string, number>; summary: ConnSummary } {
  const states: Record<string, number> = {};
  const listening = new Set<number>();
  for (const e of entries) {
    states[e.state] = (states[e.state] ?? 0) + 1;
    if (e.state === 'listen') listening.add(e.localPort);
  }
  const groups = new Map<string, { addr: string; port: number; count: number }>();
  for (const e of entries) {
    if (e.state !== 'established') continue;
    const port = listening.has(e.localPort) ? e.localPort : e.remotePort;
    const key = `${e.remote}|${port}`;
    const g = groups.get(key);
    if (g) g.count++;
    else groups.set(key, { addr: e.remote, port, count: 1 });
  }
  const remotes = [...groups.values()].sort((a, b) => b.count - a.count || a.addr.localeCompare(b.addr) || a.port - b.port).slice(0, MAX_REMOTES);
  return { states, summary: { listening: [...listening].sort((a, b) => a - b), remotes } };
}

export function createConnectionsCollector(paths: ProcPaths): Collector {
  return {
    name: 'connections',
    cadence: 'slow',
    async collect(into) {
      // tcp6 is absent when IPv6 is disabled; tcp itself must be there.
      const [v4, v6] = await Promise.all([readFile(`${paths.proc}/net/tcp`, 'utf8'), readFile(`${paths.proc}/net/tcp6`, 'utf8').catch(() => '')]);
      const { states, summary } = summarizeConnections([...parseProcNetTcp(v4), ...parseProcNetTcp(v6)]);
      for (const s of REPORTED_STATES) into.gauge(`tcp.${s}`, states[s] ?? 0);
      into.conns(summary);
    },
  };
}
