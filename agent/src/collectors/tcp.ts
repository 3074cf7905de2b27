/**
 * TCP totals every tick, from two small files: /proc/net/snmp (established count, opens,
 * retransmits, resets) and /proc/net/sockstat (TIME_WAIT). The full tables are the slow
 * `connections` collector's job.
 */
import { readFile } from 'node:fs/promises';
import { METRIC } from '@aura/protocol';
import type { Collector, ProcPaths } from './types.js';

/** Parse the two "Tcp:" rows (names, then values) of /proc/net/snmp (pure). */
export function parseSnmpTcp(text: string): Record<string, number> {
  const rows = text.split('\n').filter((l) => l.startsWith('Tcp:'));
  if (rows.length < 2) return {};
  const names = rows[0]!.trim().split(/\s+/).slice(1);
  const values = rows[1]!.trim().split(/\s+/).slice(1).map(Number);
  const out: Record<string, number> = {};
  names.forEach((n, i) => {
    if (Number.isFinite(values[i])) out[n] = values[i]!;
  });
  return out;
}

/** Sockets in TIME_WAIT, from /proc/net/sockstat's "TCP:" line (pure). */
export function parseSockstatTimeWait(text: string): number | undefined {
  const m = /^TCP:.*\btw (\d+)/m.exec(text);
  return m ? Number(m[1]) : undefined;
}

/** Kernel counter → our counter name. */
const SNMP_COUNTERS = [
  ['ActiveOpens', 'tcp.active_opens_total'],
  ['PassiveOpens', 'tcp.passive_opens_total'],
  ['AttemptFails', 'tcp.attempt_fails_total'],
  ['EstabResets', 'tcp.resets_total'],
  ['RetransSegs', 'tcp.retransmits_total'],
  ['InErrs', 'tcp.in_errors_total'],
] as const;

export function createTcpCollector(paths: ProcPaths): Collector {
  return {
    name: 'tcp',
    cadence: 'fast',
    async collect(into) {
      const snmp = parseSnmpTcp(await readFile(`${paths.proc}/net/snmp`, 'utf8'));
      // CurrEstab counts ESTABLISHED and CLOSE-WAIT (RFC 1213 tcpCurrEstab), IPv4 and IPv6 alike.
      if (snmp.CurrEstab !== undefined) into.gauge(METRIC.tcpEstablished, snmp.CurrEstab);
      for (const [k, name] of SNMP_COUNTERS) if (snmp[k] !== undefined && snmp[k] >= 0) into.counter(name, snmp[k]);
      const tw = parseSockstatTimeWait(await readFile(`${paths.proc}/net/sockstat`, 'utf8').catch(() => ''));
      if (tw !== undefined) into.gauge('tcp.time_wait', tw);
    },
  };
}
