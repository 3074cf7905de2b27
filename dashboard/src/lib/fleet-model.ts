/**
 * The fleet as the dashboard holds it: the stream's snapshot plus coalesced updates, each host's
 * sparkline ring, and the sorted, filtered, searched list the fleet view shows. Pure: no DOM.
 */
import type { FleetEntry, Severity, SparkPoint } from '@aura/protocol';
import type { Sort, StatusFilter } from './route.js';

/** Sparkline points kept per host (matches the server's ring). */
export const RING = 40;
/** A connected host with no new sample for this long (server time) has gone silent. */
export const SILENT_AFTER_S = 60;
/** Hosts first seen this recently are marked new. */
export const NEW_FOR_S = 300;

export interface FleetHost extends FleetEntry {
  /** Server time of the last update that brought new samples (or lastSeen from the snapshot). */
  heardAt: number | null;
}

const RANK: Record<Severity, number> = { ok: 0, watch: 1, warning: 2, critical: 3 };

export class FleetModel {
  readonly hosts = new Map<string, FleetHost>();
  /** Server time of the newest message (the stream's clock, so a skewed browser clock does not matter). */
  serverTime = 0;
  /** Bumped on every change, so views know when to redraw. */
  version = 0;

  /** Replace everything with a `ready` snapshot. */
  reset(serverTime: number, hosts: FleetEntry[]): void {
    this.hosts.clear();
    this.serverTime = serverTime;
    for (const h of hosts) this.hosts.set(h.id, { ...h, points: h.points.slice(-RING), heardAt: h.lastSeen });
    this.version++;
  }

  /** Apply a `fleet` update: new values and only the new points per host. */
  update(serverTime: number, changed: FleetEntry[]): void {
    this.serverTime = Math.max(this.serverTime, serverTime);
    for (const h of changed) {
      const cur = this.hosts.get(h.id);
      const points: SparkPoint[] = cur ? cur.points.concat(h.points) : h.points.slice();
      if (points.length > RING) points.splice(0, points.length - RING);
      this.hosts.set(h.id, { ...h, points, heardAt: h.points.length > 0 ? serverTime : (cur?.heardAt ?? h.lastSeen) });
    }
    this.version++;
  }

  tick(serverTime: number): void {
    this.serverTime = Math.max(this.serverTime, serverTime);
  }

  isSilent(h: FleetHost): boolean {
    return !h.connected || h.heardAt === null || this.serverTime - h.heardAt > SILENT_AFTER_S;
  }

  isNew(h: FleetHost): boolean {
    return this.serverTime - h.firstSeen <= NEW_FOR_S;
  }

  /** The list to show: filtered by status, searched by id or hostname, sorted (worst first by default). */
  view(opts: { q: string; filter: StatusFilter; sort: Sort }): FleetHost[] {
    const q = opts.q.trim().toLowerCase();
    const out: FleetHost[] = [];
    for (const h of this.hosts.values()) {
      if (q && !h.id.toLowerCase().includes(q) && !h.hostname.toLowerCase().includes(q)) continue;
      if (!this.matches(h, opts.filter)) continue;
      out.push(h);
    }
    const byName = (a: FleetHost, b: FleetHost) => a.hostname.localeCompare(b.hostname) || a.id.localeCompare(b.id);
    const desc = (f: (h: FleetHost) => number | null) => (a: FleetHost, b: FleetHost) => (f(b) ?? -1) - (f(a) ?? -1) || byName(a, b);
    const cmp: Record<Sort, (a: FleetHost, b: FleetHost) => number> = {
      // Trouble first: silent hosts, then by the council's decision, then risk.
      status: (a, b) => Number(this.isSilent(b)) - Number(this.isSilent(a)) || rank(b) - rank(a) || (b.risk ?? -1) - (a.risk ?? -1) || byName(a, b),
      risk: desc((h) => h.risk),
      name: byName,
      cpu: desc((h) => h.cpu),
      mem: desc((h) => h.mem),
      disk: desc((h) => h.disk),
      seen: (a, b) => (a.lastSeen ?? -1) - (b.lastSeen ?? -1) || byName(a, b),
    };
    return out.sort(cmp[opts.sort]);
  }

  private matches(h: FleetHost, f: StatusFilter): boolean {
    switch (f) {
      case 'all':
        return true;
      case 'silent':
        return this.isSilent(h);
      case 'new':
        return this.isNew(h);
      case 'trouble':
        return this.isSilent(h) || rank(h) >= RANK.warning;
      default:
        return h.status === f;
    }
  }

  /** Counts per status for the summary bar. */
  counts(): Record<Severity | 'unknown' | 'silent', number> {
    const c = { ok: 0, watch: 0, warning: 0, critical: 0, unknown: 0, silent: 0 };
    for (const h of this.hosts.values()) {
      if (this.isSilent(h)) c.silent++;
      c[h.status ?? 'unknown']++;
    }
    return c;
  }
}

function rank(h: FleetHost): number {
  return h.status ? RANK[h.status] : -1;
}
