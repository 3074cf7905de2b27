/** What the council reads and how an analyser plugs in. Plain JSON data: no I/O, no clock. */
import type { AnalyserName, ConnSummary, HostAnalysis, HostFacts, Vote } from '@aura/protocol';
import type { z } from 'zod';
import type { CouncilOptions } from './options.js';

/** One stored sample as derived values (the dotted vocabulary: `cpu.total`, `mem.used_pct`, …). */
export interface RecentSample {
  /** Unix milliseconds (event time). */
  ts: number;
  values: Readonly<Record<string, number>>;
}

/** What the server knows about the whole fleet at the moment of a decision. */
export interface FleetContext {
  /**
   * The fleet's event-time clock, unix ms: the newest sample time across hosts, ignoring the two
   * most advanced hosts so that one or two clocks running ahead cannot make the rest look silent
   * (see fleetClock in fleet.ts). A host is silent when its last sample is far behind this.
   */
  now: number;
  /** Every known host: its newest stored sample (unix ms) and its sampling interval (ms). */
  hosts: Readonly<Record<string, { lastSeen: number; intervalMs: number }>>;
  /**
   * Who talks to whom: established connections from one fleet host to another, from each host's
   * newest connection summary (remote addresses mapped to hosts by their interface addresses),
   * sorted by `from` (peersOf() finds one host's edges by binary search).
   */
  edges: ReadonlyArray<{ from: string; to: string; count: number }>;
}

/**
 * One decision's input, filled by the analysis pipeline (or `aura replay`) for one host and one
 * window of event time. Any part may be missing: each analyser votes on what is there.
 *
 * @example
 * council.decide({
 *   analysis: { hostId: 'web-1', ts: 1767225600, topology: null, forecasts: [], prediction: null },
 *   facts: hostFacts,                        // from the hello (catalog), or null
 *   recent: [{ ts: 1767225595000, values: { 'cpu.total': 41.5, 'mem.used_pct': 63 } }],
 *   conns: { ts: 1767225570000, summary: { listening: [22, 443], remotes: [] } },
 *   fleet: { now: 1767225600000, hosts: { 'web-1': { lastSeen: 1767225595000, intervalMs: 5000 } }, edges: [] },
 * });
 */
export interface CouncilInput {
  /** The host's analysis of this window without the council's part; `analysis.ts` (unix s) is the decision's event time. */
  analysis: Omit<HostAnalysis, 'council'>;
  /** The host's inventory (cores, memory, interfaces with speedMbps, filesystems), or null when unknown. */
  facts: HostFacts | null;
  /** The host's samples of the last few minutes (5 are plenty), oldest first. */
  recent: readonly RecentSample[];
  /** The newest connection summary the host sent (agents send one on their slow cadence), or null. */
  conns: { ts: number; summary: ConnSummary } | null;
  /** Fleet context, or null when deciding for a host on its own (e.g. `aura replay`). */
  fleet: FleetContext | null;
}

/** What an analyser gets besides the input: the options and its own memory of this host. */
export interface AnalyserContext<M> {
  options: CouncilOptions;
  /** This analyser's memory of this host (mutate it; the council keeps and snapshots it). */
  memory: M;
  /** Unix ms of the decision. */
  now: number;
}

/**
 * One analyser of the council. It returns one vote per concern (at most one per kind), or a
 * single `ok` vote (kind "none") when nothing worries it; confidence 0 means "no data to judge".
 */
export interface Analyser<M = unknown> {
  name: AnalyserName;
  /** Validates a restored memory; a memory that fails it is started afresh. */
  memorySchema: z.ZodType<M>;
  initialMemory(): M;
  analyse(input: CouncilInput, ctx: AnalyserContext<M>): Vote[];
}
