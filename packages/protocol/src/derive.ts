/**
 * From two consecutive full samples to the dotted metric vocabulary: gauges pass through,
 * counters become rates and CPU ticks become percentages. Pure; used by the server's ingest and
 * by the agent's `--once`.
 */
import { CPU_FIELDS } from './metrics.js';
import type { Sample } from './sample.js';

/** Rates across a longer gap are not computed: the average would hide what happened (a gap is a gap). */
export const MAX_RATE_GAP_MS = 10 * 60_000;

/** Last name segment of a counter → derived segment; everything per second. */
const RATE_RULES = new Map<string, string>([
  ['rx_bytes_total', 'rx_bps'],
  ['tx_bytes_total', 'tx_bps'],
  ['rx_packets_total', 'rx_pps'],
  ['tx_packets_total', 'tx_pps'],
  ['rx_errors_total', 'rx_errors'],
  ['tx_errors_total', 'tx_errors'],
  ['rx_drops_total', 'rx_drops'],
  ['tx_drops_total', 'tx_drops'],
  ['read_bytes_total', 'read_bps'],
  ['write_bytes_total', 'write_bps'],
  ['reads_total', 'read_iops'],
  ['writes_total', 'write_iops'],
]);

/** How one counter name turns into a derived metric; parsed once per name and remembered. */
type Plan =
  | { kind: 'rate'; out: string; scale: number }
  | { kind: 'cpu'; group: string; field: string }
  | { kind: 'util'; out: string }
  | { kind: 'none' };

/** Names are few and repeat every sample; the bound only guards against unbounded name churn. */
const MAX_PLANS = 200_000;
const plans = new Map<string, Plan>();

function planFor(name: string): Plan {
  let plan = plans.get(name);
  if (plan) return plan;
  const dot = name.lastIndexOf('.');
  const last = name.slice(dot + 1);
  const base = name.slice(0, dot);
  const rule = RATE_RULES.get(last);
  if (rule !== undefined) plan = { kind: 'rate', out: `${base}.${rule}`, scale: 1 };
  else if (last.endsWith('_ticks') && name.startsWith('cpu.')) plan = { kind: 'cpu', group: base, field: last.slice(0, -6) };
  else if (last === 'io_time_ms_total') plan = { kind: 'util', out: `${base}.util_pct` };
  else if (last.endsWith('_seconds_total')) plan = { kind: 'rate', out: `${base}.${last.slice(0, -14)}_pct`, scale: 100 };
  else if (last.endsWith('_total')) plan = { kind: 'rate', out: `${base}.${last.slice(0, -6)}_per_s`, scale: 1 };
  else plan = { kind: 'none' };
  if (plans.size >= MAX_PLANS) plans.clear();
  plans.set(name, plan);
  return plan;
}

/** Receives each derived metric; lets the store fill its arrays without an intermediate object. */
export type MetricSink = (name: string, value: number) => void;

/**
 * Derive the vocabulary for `cur`, using `prev` (the host's previous sample) for rates.
 * A counter that went down was reset and counts from zero, as in Prometheus's rate().
 * @example deriveMetrics(prev, cur)['cpu.total'] // 12.5
 */
export function deriveMetrics(prev: Sample | undefined, cur: Sample): Record<string, number> {
  const out: Record<string, number> = {};
  deriveInto(prev, cur, (name, value) => {
    out[name] = value;
  });
  return out;
}

/** deriveMetrics, streaming: gauges first, then rates, then CPU percentages. */
export function deriveInto(prev: Sample | undefined, cur: Sample, sink: MetricSink): void {
  for (const name in cur.gauges) sink(name, cur.gauges[name]!);
  const dtMs = prev ? cur.ts - prev.ts : 0;
  if (!prev || dtMs <= 0 || dtMs > MAX_RATE_GAP_MS) return;
  const dt = dtMs / 1000;
  const before = prev.counters;
  let cpuGroups: Map<string, Record<string, number>> | undefined;
  for (const name in cur.counters) {
    const p = before[name];
    if (p === undefined) continue;
    const value = cur.counters[name]!;
    const inc = value >= p ? value - p : value;
    const plan = planFor(name);
    if (plan.kind === 'rate') sink(plan.out, (inc / dt) * plan.scale);
    else if (plan.kind === 'cpu') {
      cpuGroups ??= new Map();
      let g = cpuGroups.get(plan.group);
      if (!g) cpuGroups.set(plan.group, (g = {}));
      g[plan.field] = inc;
    } else if (plan.kind === 'util') sink(plan.out, Math.min(100, (inc / dtMs) * 100));
  }
  if (cpuGroups) for (const [group, ticks] of cpuGroups) cpuPercentages(group, ticks, sink);
}

/** CPU names per group, built once (string building per sample is what made derivation slow). */
const cpuNames = new Map<string, { total: string; user: string; system: string; iowait: string; steal: string }>();

function cpuPercentages(group: string, d: Partial<Record<string, number>>, sink: MetricSink): void {
  let all = 0;
  for (const f of CPU_FIELDS) all += d[f] ?? 0;
  if (all <= 0) return;
  let names = cpuNames.get(group);
  if (!names) {
    if (cpuNames.size >= MAX_PLANS) cpuNames.clear();
    names = { total: `${group}.total`, user: `${group}.user`, system: `${group}.system`, iowait: `${group}.iowait`, steal: `${group}.steal` };
    cpuNames.set(group, names);
  }
  const k = 100 / all;
  sink(names.total, (all - (d.idle ?? 0) - (d.iowait ?? 0)) * k);
  // Per core only the total, to keep wide machines from flooding the store.
  if (group.startsWith('cpu.core.')) return;
  sink(names.user, ((d.user ?? 0) + (d.nice ?? 0)) * k);
  sink(names.system, ((d.system ?? 0) + (d.irq ?? 0) + (d.softirq ?? 0)) * k);
  sink(names.iowait, (d.iowait ?? 0) * k);
  sink(names.steal, (d.steal ?? 0) * k);
}
