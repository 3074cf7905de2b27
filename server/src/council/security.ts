/**
 * Security: listening ports the host never had, remote endpoints unusual for its history,
 * connection storms and process-count explosions against the host's own baseline.
 */
import { SEVERITIES } from '@aura/protocol';
import { z } from 'zod';
import { baselineSchema, learn, ratio } from './baseline.js';
import { depth } from './levels.js';
import { NOVELTY_MS } from './network.js';
import { fmt, newestWindow, nowValue } from './series.js';
import type { Analyser } from './types.js';
import { LevelMemory, votesFrom, type Finding } from './vote.js';

const seenSchema = z.record(z.string(), z.object({ first: z.number(), last: z.number() }));
const memorySchema = z.object({
  levels: z.record(z.string(), z.enum(SEVERITIES)),
  /** When the first connection summary came (learning starts). */
  since: z.number().nullable(),
  ports: seenSchema,
  remotes: seenSchema,
  conns: baselineSchema.optional(),
  procs: baselineSchema.optional(),
});
type SecurityMemory = z.infer<typeof memorySchema>;

/** Connection summaries older than this are not "now" any more. */
const STALE_CONNS_MS = 10 * 60_000;
/** Bounded histories: the busiest remotes of a host are few; scanners and clients churn. */
const MAX_REMOTES = 1024;
const MAX_PORTS = 1024;
const FORGET_MS = 7 * 86_400_000;
const CONN_FLOOR = 50;
const PROC_FLOOR = 50;
/** A storm or an explosion adds at least this many connections or processes. */
const MIN_EXCESS = 100;

export const securityAnalyser: Analyser<SecurityMemory> = {
  name: 'security',
  memorySchema,
  initialMemory: () => ({ levels: {}, since: null, ports: {}, remotes: {} }),
  analyse(input, ctx) {
    const o = ctx.options;
    const T = o.thresholds;
    const m = ctx.memory;
    const now = ctx.now;
    const mem = new LevelMemory(m.levels);
    const findings: Finding[] = [];
    const seen: string[] = [];
    const conns = input.conns && now - input.conns.ts <= STALE_CONNS_MS ? input.conns : null;
    if (conns && m.since === null) m.since = conns.ts;
    const learned = m.since !== null && now - m.since >= o.learnFor;
    const isNew = (s: { first: number } | undefined) => learned && (s === undefined || now - s.first < NOVELTY_MS);

    if (conns) {
      const { listening, remotes } = conns.summary;
      seen.push(`${listening.length} listening ports, ${remotes.length} remote endpoints`);
      const newPorts = listening.filter((p) => isNew(m.ports[p]));
      if (newPorts.length > 0) {
        const privileged = newPorts.some((p) => p < 1024);
        findings.push({
          kind: 'ports',
          severity: newPorts.length >= 3 || privileged ? 'warning' : 'watch',
          confidence: 0.6,
          evidence: `new listening port${newPorts.length > 1 ? 's' : ''} ${newPorts.slice(0, 10).join(', ')} (not in ${historyText(now, m.since)} of history)`,
          recommendation: `see what listens (ss -ltnp 'sport = :${newPorts[0]}'); if nobody deployed it, isolate the host`,
        });
      }
      let total = 0;
      let fresh = 0;
      const freshAddrs: string[] = [];
      for (const r of remotes) {
        total += r.count;
        if (isNew(m.remotes[r.addr])) {
          fresh += r.count;
          freshAddrs.push(r.addr);
        }
      }
      const share = total ? fresh / total : 0;
      const unusual = freshAddrs.length >= 20 && share >= 0.8 ? 'warning' : freshAddrs.length >= 5 && share >= 0.5 ? 'watch' : 'ok';
      if (unusual !== 'ok') {
        findings.push({
          kind: 'connections',
          severity: unusual,
          confidence: 0.4 + 0.4 * share,
          evidence: `${Math.round(share * 100)}% of connections go to ${freshAddrs.length} remote addresses new to this host (${freshAddrs.slice(0, 5).join(', ')})`,
          recommendation: 'check where the host connects (ss -tnp state established); unexpected destinations can mean exfiltration or a compromised service',
        });
      }
      if (m.conns && learned && total - m.conns.mean >= MIN_EXCESS) {
        const r = ratio(m.conns, total, CONN_FLOOR);
        const l = mem.above('storm', r, T.connStorm, o.hysteresis);
        if (l !== 'ok') {
          const top = remotes[0];
          findings.push({
            kind: 'connections',
            severity: l,
            confidence: 0.55 + 0.35 * depth(r, T.connStorm, l),
            evidence: `connection storm: ${total} connections, ${fmt(r)}× the usual ${Math.round(m.conns.mean)}${top ? `; busiest ${top.addr}:${top.port} with ${top.count}` : ''}`,
            recommendation: 'find the source (ss -tn state established | awk \'{print $5}\' | sort | uniq -c | sort -n | tail) and block or rate-limit it',
          });
        }
      }
      m.conns = learn(m.conns, total, conns.ts);
      for (const p of listening) m.ports[p] = { first: m.ports[p]?.first ?? (learned ? conns.ts : conns.ts - NOVELTY_MS), last: conns.ts };
      for (const r of remotes) m.remotes[r.addr] = { first: m.remotes[r.addr]?.first ?? (learned ? conns.ts : conns.ts - NOVELTY_MS), last: conns.ts };
      prune(m.ports, now, MAX_PORTS);
      prune(m.remotes, now, MAX_REMOTES);
    }

    const procs = nowValue(newestWindow(input.recent, o.nowWindow), 'proc.count');
    if (procs !== undefined) {
      seen.push(`${Math.round(procs)} processes`);
      if (m.procs && now - m.procs.since >= o.learnFor && procs - m.procs.mean >= MIN_EXCESS) {
        const r = ratio(m.procs, procs, PROC_FLOOR);
        const l = mem.above('procs', r, T.processes, o.hysteresis);
        if (l !== 'ok') {
          findings.push({
            kind: 'processes',
            severity: l,
            confidence: 0.55 + 0.35 * depth(r, T.processes, l),
            evidence: `${Math.round(procs)} processes, ${fmt(r)}× the usual ${Math.round(m.procs.mean)}`,
            recommendation: 'a fork bomb or a runaway spawner: find the parent (ps -eo ppid= | sort | uniq -c | sort -n | tail) and stop it',
          });
        }
      }
      m.procs = learn(m.procs, procs, now);
    }
    m.levels = mem.next;
    const data = seen.length === 0 ? 0 : learned || procs !== undefined ? 0.7 : 0.3;
    const okText = seen.length ? [seen.join(', ') + (learned ? '' : ' (still learning what is usual)')] : ['no connection summary or process count'];
    return votesFrom('security', findings, okText, data);
  },
};

function historyText(now: number, since: number | null): string {
  const h = since === null ? 0 : (now - since) / 3_600_000;
  return h >= 48 ? `${Math.round(h / 24)} days` : `${Math.max(1, Math.round(h))} h`;
}

function prune(map: Record<string, { first: number; last: number }>, now: number, max: number): void {
  for (const [k, v] of Object.entries(map)) if (now - v.last > FORGET_MS) delete map[k];
  const keys = Object.keys(map);
  if (keys.length <= max) return;
  keys.sort((a, b) => map[a]!.last - map[b]!.last);
  for (const k of keys.slice(0, keys.length - max)) delete map[k];
}
