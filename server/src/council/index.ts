/**
 * The council: five analysers vote on each host's window, a weighted quorum tolerant of one
 * faulty voter decides per alert kind, and `for` durations with hysteresis keep decisions from
 * flapping. Pure: no I/O, no clock; its memory of each host lives inside and can be snapshotted.
 * The analysis pipeline, `aura replay` and the server's alert engine all use this one door.
 */
import { SEVERITIES, severityRank, type AnalyserName, type Concern, type CouncilDecision, type Severity, type Vote } from '@aura/protocol';
import { z } from 'zod';
import { KINDS, NO_KIND } from './kinds.js';
import { networkAnalyser } from './network.js';
import { resolveCouncilOptions, type CouncilOptions, type CouncilOptionsInput } from './options.js';
import { performanceAnalyser } from './performance.js';
import { predictorAnalyser } from './predictor.js';
import { tally, type KindTally } from './quorum.js';
import { resourcesAnalyser } from './resources.js';
import { securityAnalyser } from './security.js';
import { silentDecision, silentHosts } from './silence.js';
import { isIdle, kindStateSchema, restartTimers, standing, stepKind, toConcern } from './smoothing.js';
import type { Analyser, CouncilInput, FleetContext } from './types.js';

export type { Analyser, AnalyserContext, CouncilInput, FleetContext, RecentSample } from './types.js';
export { DEFAULT_COUNCIL_OPTIONS, DEFAULT_THRESHOLDS, resolveCouncilOptions, type CouncilOptions, type CouncilOptionsInput, type Levels, type Thresholds } from './options.js';
export { KINDS, NO_KIND, type Kind } from './kinds.js';
export { createFleetTracker, fleetClock, peersOf, type FleetTracker } from './fleet.js';
export { silentAfterFor } from './silence.js';

/** The five analysers, in the order their votes are listed. */
export const DEFAULT_ANALYSERS: readonly Analyser[] = [
  resourcesAnalyser,
  networkAnalyser,
  securityAnalyser,
  performanceAnalyser,
  predictorAnalyser,
] as Analyser[];

const severity = z.enum(SEVERITIES);
const hostStateSchema = z.object({
  /** Event time of the newest decision (unix ms). */
  lastTs: z.number().nullable(),
  /** The newest decision's level and kind. */
  level: severity,
  kind: z.string(),
  kinds: z.record(z.string(), kindStateSchema),
  analysers: z.record(z.string(), z.unknown()),
  silent: z.object({ severity, since: z.number() }).nullable(),
});
export type HostCouncilState = z.infer<typeof hostStateSchema>;

export interface CouncilSnapshot {
  version: 1;
  hosts: Record<string, HostCouncilState>;
}

export interface Council {
  readonly options: CouncilOptions;
  /** Decide for one host and window. A window not newer than the host's last one is judged without changing any state. */
  decide(input: CouncilInput): CouncilDecision;
  /** Hosts that fell silent on the fleet clock, or reported again, since the last sweep. */
  sweep(fleet: FleetContext): Array<{ hostId: string; decision: CouncilDecision }>;
  snapshot(): CouncilSnapshot;
  /** Load a snapshot; returns what had to be dropped (unreadable parts start afresh). */
  restore(snapshot: unknown): string[];
  exportHost(hostId: string): HostCouncilState | undefined;
  /** Load one host's state; returns a warning when (part of) it was unreadable. */
  importHost(hostId: string, state: unknown): string | undefined;
  forget(hostId: string): void;
}

/**
 * @example
 * const council = createCouncil({ for: { warning: 300_000 } });
 * const decision = council.decide(input); // { ts, decision: 'warning', kind: 'memory', summary, votes, concerns }
 */
export function createCouncil(input: CouncilOptionsInput = {}, given: readonly Analyser[] = DEFAULT_ANALYSERS): Council {
  const options = resolveCouncilOptions(input);
  const analysers = given.map((a) => (options.pin[a.name] ? pinned(a, options.pin[a.name]!) : a));
  const hosts = new Map<string, HostCouncilState>();
  const stateOf = (id: string): HostCouncilState => {
    let s = hosts.get(id);
    if (!s) hosts.set(id, (s = { lastTs: null, level: 'ok', kind: NO_KIND, kinds: {}, analysers: {}, silent: null }));
    return s;
  };

  function decide(inp: CouncilInput): CouncilDecision {
    const id = inp.analysis.hostId;
    const ts = inp.analysis.ts * 1000;
    const hs = stateOf(id);
    const advance = hs.lastTs === null || ts > hs.lastTs;
    const votes: Vote[] = [];
    for (const a of analysers) {
      const stored = hs.analysers[a.name] ?? a.initialMemory();
      const memory = advance ? stored : structuredClone(stored);
      try {
        votes.push(...a.analyse(inp, { options, memory, now: ts }));
      } catch (err) {
        // A crashing analyser is a silent voter; the quorum copes with one.
        votes.push({ analyser: a.name, severity: 'ok', confidence: 0, kind: NO_KIND, evidence: [`analyser failed: ${(err as Error).message}`], recommendation: '' });
      }
      if (advance) hs.analysers[a.name] = memory;
    }
    // After a gap nothing is pending any more (restartTimers), so only held levels get the exit quorum.
    const gap = advance && hs.lastTs !== null && ts - hs.lastTs > options.maxGap;
    const tallies = tally(votes, options.weights, options.quorum, (k) => (gap ? hs.kinds[k]?.level ?? 'ok' : standing(hs.kinds[k])));
    let states = hs.kinds;
    if (advance) {
      states = {};
      for (const k of new Set([...Object.keys(hs.kinds), ...tallies.keys()])) {
        const prev = hs.kinds[k];
        states[k] = stepKind(prev && gap ? restartTimers(prev) : prev, tallies.get(k)?.raw ?? 'ok', ts, options);
      }
      hs.kinds = Object.fromEntries(Object.entries(states).filter(([, s]) => !isIdle(s)));
      hs.lastTs = ts;
    }
    const concerns = Object.entries(states)
      .map(([k, s]) => toConcern(k, s))
      .sort((a, b) => rankConcern(b, tallies) - rankConcern(a, tallies) || a.kind.localeCompare(b.kind));
    const top = pickTop(concerns, hs.kind);
    const decision: Severity = top?.severity ?? 'ok';
    const kind = top && top.severity !== 'ok' ? top.kind : strongestKind(votes) ?? top?.kind ?? NO_KIND;
    if (advance) {
      hs.level = decision;
      hs.kind = kind;
    }
    return { ts: inp.analysis.ts, decision, kind, summary: summarise(decision, kind, votes, concerns, tallies), votes, concerns };
  }

  function sweep(fleet: FleetContext): Array<{ hostId: string; decision: CouncilDecision }> {
    const silent = silentHosts(fleet, options.silentAfter);
    const out: Array<{ hostId: string; decision: CouncilDecision }> = [];
    for (const [id, lastSeen] of silent) {
      const hs = stateOf(id);
      const sev: Severity = severityRank(hs.level) >= severityRank('warning') ? 'critical' : 'warning';
      if (hs.silent?.severity === sev) continue;
      hs.silent = { severity: sev, since: lastSeen };
      out.push({ hostId: id, decision: silentDecision(id, fleet, silent, sev) });
    }
    for (const [id, hs] of hosts) {
      if (!hs.silent || silent.has(id)) continue;
      hs.silent = null;
      out.push({ hostId: id, decision: silentDecision(id, fleet, silent, 'ok') });
    }
    return out;
  }

  function importHost(id: string, raw: unknown): string | undefined {
    const parsed = hostStateSchema.safeParse(raw);
    if (!parsed.success) {
      hosts.delete(id);
      return `council state of ${id} unreadable (${parsed.error.issues[0]?.message}); starting afresh`;
    }
    const s = parsed.data;
    const dropped: string[] = [];
    for (const a of analysers) {
      if (s.analysers[a.name] === undefined) continue;
      const m = a.memorySchema.safeParse(s.analysers[a.name]);
      if (m.success) s.analysers[a.name] = m.data;
      else {
        delete s.analysers[a.name];
        dropped.push(a.name);
      }
    }
    hosts.set(id, s);
    return dropped.length ? `council memory of ${dropped.join(', ')} for ${id} unreadable; relearning` : undefined;
  }

  return {
    options,
    decide,
    sweep,
    snapshot: () => ({ version: 1, hosts: Object.fromEntries([...hosts].map(([id, s]) => [id, structuredClone(s)])) }),
    restore(snapshot) {
      const parsed = z.object({ version: z.literal(1), hosts: z.record(z.string(), z.unknown()) }).safeParse(snapshot);
      if (!parsed.success) return [`council snapshot unreadable (${parsed.error.issues[0]?.message}); starting afresh`];
      hosts.clear();
      return Object.entries(parsed.data.hosts)
        .map(([id, s]) => importHost(id, s))
        .filter((w): w is string => w !== undefined);
    },
    exportHost: (id) => {
      const s = hosts.get(id);
      return s && structuredClone(s);
    },
    importHost,
    forget: (id) => void hosts.delete(id),
  };
}

/** An analyser stuck at one severity on every kind (the drill of `options.pin`). */
function pinned(a: Analyser, severity: Severity): Analyser {
  return {
    ...a,
    analyse: () =>
      severity === 'ok'
        ? [{ analyser: a.name, severity, confidence: 1, kind: NO_KIND, evidence: ['pinned to ok (drill)'], recommendation: '' }]
        : KINDS.map((kind) => ({ analyser: a.name, severity, confidence: 1, kind, evidence: [`pinned to ${severity} (drill)`], recommendation: 'this vote is a drill: remove alerting.council.pin' })),
  };
}

function rankConcern(c: Concern, tallies: Map<string, KindTally>): number {
  return severityRank(c.severity) * 100 + severityRank(c.raw) * 10 + severityRank(c.pending?.severity ?? 'ok') + Math.min(0.99, tallies.get(c.kind)?.support ?? 0);
}

/** The strongest concern; on a tie the kind the host was already about keeps its place (no flip-flop). */
function pickTop(sorted: Concern[], previous: string): Concern | undefined {
  const first = sorted[0];
  if (!first) return undefined;
  const prev = sorted.find((c) => c.kind === previous);
  return prev && prev.severity === first.severity && severityRank(prev.raw) >= severityRank(first.raw) ? prev : first;
}

function strongestKind(votes: readonly Vote[]): string | undefined {
  let best: Vote | undefined;
  for (const v of votes) {
    if (v.severity === 'ok') continue;
    if (!best || severityRank(v.severity) > severityRank(best.severity) || (v.severity === best.severity && v.confidence > best.confidence)) best = v;
  }
  return best?.kind;
}

function summarise(decision: Severity, kind: string, votes: readonly Vote[], concerns: Concern[], tallies: Map<string, KindTally>): string {
  const lead = concerns.find((c) => c.kind === kind);
  const backers = votes.filter((v) => v.kind === kind && v.severity !== 'ok').map((v) => `${v.analyser}: ${v.evidence[0] ?? v.severity}`);
  if (decision !== 'ok') {
    const next = lead?.pending ? ` (${lead.pending.severity} pending: the quorum holds it, waiting out its for duration)` : '';
    return `${decision} on ${kind}: ${backers.join('; ')}${next}`;
  }
  const climbing = concerns.find((c) => c.pending);
  if (climbing?.pending) {
    const voters = tallies.get(climbing.kind)?.voters.join(' and ') ?? '';
    return `ok for now: ${voters} agree on ${climbing.pending.severity} for ${climbing.kind}, waiting out its for duration`;
  }
  const lone = votes.filter((v) => v.severity !== 'ok').map((v) => `${v.analyser} (${v.kind}, ${v.severity})`);
  if (lead && lead.severity === 'ok' && lead.raw !== 'ok') return `ok: ${kind} at ${lead.raw} is clearing`;
  return lone.length ? `ok: no second analyser backs ${lone.join(', ')}` : 'ok: every analyser sees the host as healthy';
}

export type { AnalyserName };
