/**
 * False alerts on healthy hosts: the council against the same five analysers each allowed to
 * alert alone (what a set of single-signal threshold rules with the same `for` and clear times
 * would fire), over the same simulated fleet, in one run. Everything the hosts do is healthy
 * (daily cycles, noise, CPU bursts, log rotation), so every alert is a false one.
 *
 *   pnpm exec tsx bench/false-alerts.ts [--hosts 200] [--days 7] [--interval 60] [--scale 1]
 *
 * `--scale 0.6` multiplies every saturation threshold (CPU, memory, disk, load, iowait, …) by
 * 0.6: an over-eager configuration, to see how much noise the quorum absorbs.
 *
 * In-process (no ingest, no WebSockets): samples come from the scenario generator, are derived
 * like ingest derives them, and reach the council as the server's feed would hand them over.
 */
import { parseArgs } from 'node:util';
import { createHealthyHost, simAddress } from '@aura/analysis/scenarios';
import { ANALYSERS, deriveMetrics, severityRank, type ConnSummary, type Sample, type Severity } from '@aura/protocol';
import { createCouncil, DEFAULT_COUNCIL_OPTIONS, type RecentSample, type Thresholds } from '../server/src/council/index.js';
import { stepKind, type KindState } from '../server/src/council/smoothing.js';
import { machine } from './lib.js';

const { values } = parseArgs({ options: { hosts: { type: 'string' }, days: { type: 'string' }, interval: { type: 'string' }, scale: { type: 'string' } } });
const SCALE = Number(values.scale ?? 1);
const HOSTS = Number(values.hosts ?? 200);
const DAYS = Number(values.days ?? 7);
const INTERVAL_MS = Number(values.interval ?? 60) * 1000;
const WINDOW_MS = 60_000;
const RECENT_MS = 2 * 60_000;
const START = Date.UTC(2026, 0, 5);
const ALERT_AT = severityRank('warning');

const RISING = ['cpu', 'memory', 'swap', 'disk', 'inodes', 'diskBusy', 'load', 'iowait', 'steal', 'linkUse', 'netErrors', 'netDrops'] as const;
const thresholds = Object.fromEntries(
  RISING.map((k) => {
    const t = DEFAULT_COUNCIL_OPTIONS.thresholds[k];
    return [k, { watch: t.watch * SCALE, warning: t.warning * SCALE, critical: t.critical * SCALE }];
  }),
);
const council = createCouncil({ thresholds: thresholds as Partial<Thresholds> });
const o = council.options;
const ids = Array.from({ length: HOSTS }, (_, i) => `healthy-${String(i + 1).padStart(4, '0')}`);
const addresses = ids.map(simAddress);

let councilAlerts = 0;
const aloneAlerts: Record<string, number> = Object.fromEntries(ANALYSERS.map((a) => [a, 0]));
const kinds = new Map<string, number>();
const started = performance.now();
let decisions = 0;

for (let h = 0; h < HOSTS; h++) {
  const id = ids[h]!;
  const peers = [1, 2, 5].map((k) => addresses[(h + k) % HOSTS]!).filter((p) => p !== addresses[h]);
  const host = createHealthyHost({ id, peers });
  let prev: Sample | undefined;
  let conns: { ts: number; summary: ConnSummary } | null = null;
  const recent: RecentSample[] = [];
  let lastWindow = -1;
  const firing = new Map<string, boolean>();
  // Each analyser alone: its own votes, smoothed with the council's `for` and clear times.
  const alone = new Map<string, KindState>();
  const aloneFiring = new Map<string, boolean>();
  for (let ts = START; ts < START + DAYS * 86_400_000; ts += INTERVAL_MS) {
    const s = host.sample(ts);
    recent.push({ ts, values: deriveMetrics(prev, s) });
    prev = s;
    if (s.conns) conns = { ts, summary: s.conns };
    while (recent.length && recent[0]!.ts <= ts - RECENT_MS) recent.shift();
    const w = Math.floor(ts / WINDOW_MS);
    if (w <= lastWindow) continue;
    lastWindow = w;
    const d = council.decide({ analysis: { hostId: id, ts: ts / 1000, topology: null, forecasts: [], prediction: null }, facts: host.facts, recent, conns, fleet: null });
    decisions++;
    for (const c of d.concerns ?? []) {
      const up = severityRank(c.severity) >= ALERT_AT;
      if (up && !firing.get(c.kind)) {
        councilAlerts++;
        kinds.set(c.kind, (kinds.get(c.kind) ?? 0) + 1);
      }
      firing.set(c.kind, up);
    }
    for (const k of firing.keys()) if (!(d.concerns ?? []).some((c) => c.kind === k)) firing.set(k, false);
    const seen = new Set<string>();
    for (const v of d.votes) {
      if (v.kind === 'none' || v.confidence === 0) continue;
      const key = `${v.analyser}|${v.kind}`;
      seen.add(key);
      const st = stepKind(alone.get(key), v.severity as Severity, ts, o);
      alone.set(key, st);
      const up = severityRank(st.level) >= ALERT_AT;
      if (up && !aloneFiring.get(key)) aloneAlerts[v.analyser]!++;
      aloneFiring.set(key, up);
    }
    for (const [key, st] of alone) {
      if (seen.has(key)) continue;
      const next = stepKind(st, 'ok', ts, o);
      alone.set(key, next);
      aloneFiring.set(key, severityRank(next.level) >= ALERT_AT);
    }
  }
  council.forget(id);
}

const hostDays = HOSTS * DAYS;
const aloneTotal = Object.values(aloneAlerts).reduce((a, b) => a + b, 0);
const perDay = (n: number) => (n / hostDays).toFixed(4);
const secs = (performance.now() - started) / 1000;
process.stdout.write(
  [
    `machine: ${machine()}`,
    `fleet: ${HOSTS} healthy hosts × ${DAYS} days, a sample every ${INTERVAL_MS / 1000} s, thresholds × ${SCALE}, a decision per minute (${decisions} decisions in ${secs.toFixed(0)} s, ${((secs * 1e6) / decisions).toFixed(0)} µs each with sample generation)`,
    `council (quorum): ${councilAlerts} false alerts = ${perDay(councilAlerts)} per host-day${kinds.size ? ` (${[...kinds].map(([k, n]) => `${k} ${n}`).join(', ')})` : ''}`,
    `each analyser alone (single-signal rules, same for/clear): ${aloneTotal} = ${perDay(aloneTotal)} per host-day (${Object.entries(aloneAlerts).map(([a, n]) => `${a} ${n}`).join(', ')})`,
    `ratio single-signal / council: ${councilAlerts ? (aloneTotal / councilAlerts).toFixed(1) : `${aloneTotal} vs 0`}`,
    `target ≤ 0.1 per host-day: ${councilAlerts / hostDays <= 0.1 ? 'met' : 'missed'}`,
  ].join('\n') + '\n',
);
