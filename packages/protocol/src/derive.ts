/**
 * From two consecutive full samples to the dotted metric vocabulary: gauges pass through,
 * counters become rates and CPU ticks become percentages. Pure; used by the server's ingest and
 * by the agent's `--once`.
 */
import { CPU_FIELDS } from './metrics.js';
import type { Sample } from './sample.js';

/** Rates across a longer gap are not computed: the average would hide what happened (a gap is a gap). */
export const MAX_RATE_GAP_MS = 10 * 60_000;

/** Counter suffix → derived metric suffix and scale (per second unless noted). */
const RATE_RULES: Array<[suffix: string, out: string]> = [
  ['.rx_bytes_total', '.rx_bps'],
  ['.tx_bytes_total', '.tx_bps'],
  ['.rx_packets_total', '.rx_pps'],
  ['.tx_packets_total', '.tx_pps'],
  ['.rx_errors_total', '.rx_errors'],
  ['.tx_errors_total', '.tx_errors'],
  ['.rx_drops_total', '.rx_drops'],
  ['.tx_drops_total', '.tx_drops'],
  ['.read_bytes_total', '.read_bps'],
  ['.write_bytes_total', '.write_bps'],
  ['.reads_total', '.read_iops'],
  ['.writes_total', '.write_iops'],
];

/** Increase of a counter, treating a decrease as a reset to zero (as Prometheus's rate() does). */
function increase(prev: number | undefined, cur: number): number | undefined {
  if (prev === undefined) return undefined;
  return cur >= prev ? cur - prev : cur;
}

/**
 * Derive the vocabulary for `cur`, using `prev` (the host's previous sample) for rates.
 * @example deriveMetrics(prev, cur)['cpu.total'] // 12.5
 */
export function deriveMetrics(prev: Sample | undefined, cur: Sample): Record<string, number> {
  const out: Record<string, number> = { ...cur.gauges };
  const dtMs = prev ? cur.ts - prev.ts : 0;
  if (!prev || dtMs <= 0 || dtMs > MAX_RATE_GAP_MS) return out;
  const dt = dtMs / 1000;
  const cpuGroups = new Map<string, Partial<Record<string, number>>>();
  for (const [name, value] of Object.entries(cur.counters)) {
    const inc = increase(prev.counters[name], value);
    if (inc === undefined) continue;
    if (name.startsWith('cpu.') && name.endsWith('_ticks')) {
      const dot = name.lastIndexOf('.');
      const group = name.slice(0, dot);
      const field = name.slice(dot + 1, -'_ticks'.length);
      let g = cpuGroups.get(group);
      if (!g) cpuGroups.set(group, (g = {}));
      g[field] = inc;
      continue;
    }
    if (name.endsWith('.io_time_ms_total')) {
      out[name.slice(0, -'.io_time_ms_total'.length) + '.util_pct'] = Math.min(100, (inc / dtMs) * 100);
      continue;
    }
    const rule = RATE_RULES.find(([suffix]) => name.endsWith(suffix));
    if (rule) out[name.slice(0, -rule[0].length) + rule[1]] = inc / dt;
    else if (name.endsWith('_seconds_total')) out[name.slice(0, -'_seconds_total'.length) + '_pct'] = (inc / dt) * 100;
    else if (name.endsWith('_total')) out[name.slice(0, -'_total'.length) + '_per_s'] = inc / dt;
  }
  for (const [group, ticks] of cpuGroups) Object.assign(out, cpuPercentages(group, ticks));
  return out;
}

function cpuPercentages(group: string, d: Partial<Record<string, number>>): Record<string, number> {
  let all = 0;
  for (const f of CPU_FIELDS) all += d[f] ?? 0;
  if (all <= 0) return {};
  const pct = (v: number) => (v / all) * 100;
  const idle = (d.idle ?? 0) + (d.iowait ?? 0);
  const total = pct(all - idle);
  // Per core only the total, to keep wide machines from flooding the store.
  if (group.startsWith('cpu.core.')) return { [`${group}.total`]: total };
  return {
    [`${group}.total`]: total,
    [`${group}.user`]: pct((d.user ?? 0) + (d.nice ?? 0)),
    [`${group}.system`]: pct((d.system ?? 0) + (d.irq ?? 0) + (d.softirq ?? 0)),
    [`${group}.iowait`]: pct(d.iowait ?? 0),
    [`${group}.steal`]: pct(d.steal ?? 0),
  };
}
