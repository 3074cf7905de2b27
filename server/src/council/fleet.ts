/**
 * The fleet as the council sees it: each host's newest sample time, the fleet's event-time clock
 * and who talks to whom. Fed by the server (ingest events) or by a replay; no I/O, no wall clock.
 */
import type { ConnSummary, HostFacts } from '@aura/protocol';
import type { FleetContext } from './types.js';

/** Up to this many hosts may run ahead of the rest without moving the fleet clock. */
const MAX_AHEAD = 2;

/**
 * The fleet clock from every host's newest sample time (unix ms): the (f+1)-th newest, with f up
 * to two but never more than a minority of the fleet, so one or two hosts whose clocks run
 * ahead cannot make the others look silent. Null for an empty fleet.
 * @example fleetClock([100, 5000, 101, 99, 102]) // 101: 5000 and 102 are set aside
 */
export function fleetClock(lastSeen: Iterable<number>): number | null {
  const top: number[] = [];
  let n = 0;
  for (const t of lastSeen) {
    n++;
    if (top.length < MAX_AHEAD + 1) top.push(t);
    else if (t > top[top.length - 1]!) top[top.length - 1] = t;
    else continue;
    top.sort((a, b) => b - a);
  }
  if (n === 0) return null;
  const f = Math.min(MAX_AHEAD, Math.floor((n - 1) / 2));
  return top[f]!;
}

/**
 * The edges from one host (FleetContext.edges is sorted by `from`).
 * @example peersOf(fleet.edges, 'web-1') // [{ from: 'web-1', to: 'db-1', count: 4 }]
 */
export function peersOf(edges: FleetContext['edges'], hostId: string): FleetContext['edges'] {
  let lo = 0;
  let hi = edges.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (edges[mid]!.from < hostId) lo = mid + 1;
    else hi = mid;
  }
  let end = lo;
  while (end < edges.length && edges[end]!.from === hostId) end++;
  return edges.slice(lo, end);
}

export interface FleetTracker {
  /** A host's inventory (its addresses name it in others' connection summaries) and interval. */
  noteHost(hostId: string, facts: HostFacts | null, intervalMs: number): void;
  /** A host's newest stored sample (unix ms); older times are ignored. */
  noteSamples(hostId: string, newestTs: number): void;
  /** A host's newest connection summary. */
  noteConns(hostId: string, summary: ConnSummary): void;
  /** The fleet clock (unix ms), or null before any sample. */
  now(): number | null;
  /** The context for a decision (shared, read-only: do not mutate). */
  context(): FleetContext;
  forget(hostId: string): void;
}

/**
 * @example
 * const fleet = createFleetTracker();
 * fleet.noteHost('web-1', facts, 5000);
 * fleet.noteSamples('web-1', 1767225600000);
 * council.decide({ ...input, fleet: fleet.context() });
 */
export function createFleetTracker(opts: { edgesEveryMs?: number } = {}): FleetTracker {
  // Who talks to whom changes over minutes: the edge list is rebuilt at most this often (fleet time).
  const edgesEvery = opts.edgesEveryMs ?? 10_000;
  let edgesBuiltAt: number | null = null;
  // Only hosts with a sample; `context()` hands this object out as is (read-only by contract).
  const hosts: Record<string, { lastSeen: number; intervalMs: number }> = {};
  let count = 0;
  const intervals = new Map<string, number>();
  const addressOwner = new Map<string, string>();
  const ownAddresses = new Map<string, string[]>();
  const conns = new Map<string, ConnSummary>();
  let edges: FleetContext['edges'] = [];
  let edgesDirty = false;
  // The newest few hosts, newest first: enough for the clock, kept as samples arrive (each
  // host's newest time only grows, so the top is exact without rescanning the fleet).
  let top: Array<{ id: string; ts: number }> = [];
  let topDirty = false;

  const rebuildEdges = () => {
    const out: Array<{ from: string; to: string; count: number }> = [];
    for (const [from, summary] of conns) {
      const counts = new Map<string, number>();
      for (const r of summary.remotes) {
        const to = addressOwner.get(r.addr);
        if (to !== undefined && to !== from) counts.set(to, (counts.get(to) ?? 0) + r.count);
      }
      for (const [to, n] of counts) out.push({ from, to, count: n });
    }
    // Sorted by `from`, so a host finds its own edges by binary search (peersOf).
    edges = out.sort((a, b) => (a.from < b.from ? -1 : a.from > b.from ? 1 : 0));
    edgesDirty = false;
  };
  const clock = (): number | null => {
    if (topDirty) {
      top = Object.entries(hosts)
        .map(([id, h]) => ({ id, ts: h.lastSeen }))
        .sort((a, b) => b.ts - a.ts)
        .slice(0, MAX_AHEAD + 1);
      topDirty = false;
    }
    if (count === 0) return null;
    return top[Math.min(MAX_AHEAD, Math.floor((count - 1) / 2), top.length - 1)]!.ts;
  };
  const dropAddresses = (id: string) => {
    for (const a of ownAddresses.get(id) ?? []) if (addressOwner.get(a) === id) addressOwner.delete(a);
    ownAddresses.delete(id);
  };

  return {
    noteHost(id, facts, intervalMs) {
      intervals.set(id, intervalMs);
      const h = hosts[id];
      if (h) hosts[id] = { lastSeen: h.lastSeen, intervalMs };
      dropAddresses(id);
      // Interface addresses may carry a prefix length ("10.0.0.5/24").
      const addrs = (facts?.interfaces ?? []).flatMap((i) => i.addresses.map((a) => a.split('/')[0]!)).filter((a) => a && a !== '127.0.0.1' && a !== '::1');
      ownAddresses.set(id, addrs);
      for (const a of addrs) addressOwner.set(a, id);
      edgesDirty = true;
    },
    noteSamples(id, ts) {
      const h = hosts[id];
      if (h && ts <= h.lastSeen) return;
      if (!h) count++;
      hosts[id] = { lastSeen: ts, intervalMs: intervals.get(id) ?? h?.intervalMs ?? 0 };
      if (topDirty) return;
      const i = top.findIndex((e) => e.id === id);
      if (i >= 0) top[i]!.ts = ts;
      else if (top.length < MAX_AHEAD + 1) top.push({ id, ts });
      else if (ts > top[top.length - 1]!.ts) top[top.length - 1] = { id, ts };
      else return;
      top.sort((a, b) => b.ts - a.ts);
    },
    noteConns(id, summary) {
      if (conns.get(id) === summary) return;
      conns.set(id, summary);
      edgesDirty = true;
    },
    now: clock,
    context() {
      const now = clock() ?? 0;
      if (edgesDirty && (edgesBuiltAt === null || now - edgesBuiltAt >= edgesEvery || now < edgesBuiltAt)) {
        rebuildEdges();
        edgesBuiltAt = now;
      }
      return { now, hosts, edges };
    },
    forget(id) {
      if (hosts[id]) count--;
      delete hosts[id];
      intervals.delete(id);
      conns.delete(id);
      dropAddresses(id);
      edgesDirty = true;
      topDirty = true;
    },
  };
}
