/**
 * TCP: cheap totals every tick from /proc/net/snmp and /proc/net/sockstat; on the slow cadence
 * the full tables (/proc/net/tcp, tcp6) for states, listening ports and established peers.
 */
import { readFile } from 'node:fs/promises';
import { MAX_REMOTES, METRIC, type ConnSummary } from '@aura/protocol';
import type { Collector, ProcPaths } from './types.js';

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

export interface TcpEntry {
  local: string;
  localPort: number;
  remote: string;
  remotePort: number;
  state: string;
}

/** Decode "0100007F" (little-endian words, as the kernel prints them) to "127.0.0.1", or an IPv6 address. */
export function decodeAddress(hex: string): string {
  if (hex.length === 8) return [6, 4, 2, 0].map((i) => parseInt(hex.slice(i, i + 2), 16)).join('.');
  const bytes: number[] = [];
  for (let w = 0; w < 4; w++) for (const i of [6, 4, 2, 0]) bytes.push(parseInt(hex.slice(w * 8 + i, w * 8 + i + 2), 16));
  // IPv4-mapped IPv6 (::ffff:a.b.c.d) is reported as IPv4, so one peer has one name.
  if (bytes.slice(0, 10).every((b) => b === 0) && bytes[10] === 255 && bytes[11] === 255) return bytes.slice(12).join('.');
  const groups: string[] = [];
  for (let i = 0; i < 16; i += 2) groups.push(((bytes[i]! << 8) | bytes[i + 1]!).toString(16));
  return groups.join(':').replace(/(^|:)0(:0)+(:|$)/, '::').replace(/:{3,}/, '::');
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

/** Group established connections by peer and service port (the local port when the peer connected to us). */
export function summarizeConnections(entries: TcpEntry[]): { states: Record<string, number>; summary: ConnSummary } {
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

/** Parse the "Tcp:" rows of /proc/net/snmp into name → value. */
export function parseSnmpTcp(text: string): Record<string, number> {
  const rows = text.split('\n').filter((l) => l.startsWith('Tcp:'));
  if (rows.length < 2) return {};
  const names = rows[0]!.split(/\s+/).slice(1);
  const values = rows[1]!.split(/\s+/).slice(1).map(Number);
  return Object.fromEntries(names.map((n, i) => [n, values[i]!]));
}

export function createTcpCollector(paths: ProcPaths): Collector {
  return {
    name: 'tcp',
    cadence: 'fast',
    async collect(into) {
      const snmp = parseSnmpTcp(await readFile(`${paths.proc}/net/snmp`, 'utf8'));
      if (snmp.CurrEstab !== undefined) into.gauge(METRIC.tcpEstablished, snmp.CurrEstab);
      for (const [k, name] of [['ActiveOpens', 'tcp.active_opens_total'], ['PassiveOpens', 'tcp.passive_opens_total'], ['RetransSegs', 'tcp.retransmits_total'], ['InErrs', 'tcp.in_errors_total'], ['AttemptFails', 'tcp.attempt_fails_total'], ['EstabResets', 'tcp.resets_total']] as const) {
        if (snmp[k] !== undefined) into.counter(name, snmp[k]);
      }
      const sock = await readFile(`${paths.proc}/net/sockstat`, 'utf8').catch(() => '');
      const tw = /TCP: .*\btw (\d+)/.exec(sock);
      if (tw) into.gauge('tcp.time_wait', Number(tw[1]));
    },
  };
}

export function createConnectionsCollector(paths: ProcPaths): Collector {
  return {
    name: 'connections',
    cadence: 'slow',
    async collect(into) {
      const tables = await Promise.all(['tcp', 'tcp6'].map((t) => readFile(`${paths.proc}/net/${t}`, 'utf8').catch(() => '')));
      const { states, summary } = summarizeConnections(tables.flatMap(parseProcNetTcp));
      for (const s of ['listen', 'syn_recv', 'close_wait', 'fin_wait1', 'fin_wait2']) into.gauge(`tcp.${s}`, states[s] ?? 0);
      into.conns(summary);
    },
  };
}
