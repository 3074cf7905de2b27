/**
 * What the fleet view needs of every host, kept in memory from the event bus, so a dashboard
 * with 1,000 hosts costs no query per host: liveness, the council's latest word, newest values
 * and a short sparkline ring. Changes are collected and taken once per flush (coalescing).
 */
import type { FleetEntry, HostAnalysis, HostId, SparkPoint } from '@aura/protocol';
import type { CommittedBatch } from '../../events.js';
import type { Catalog, HostRow } from '../../store/index.js';

/** Points kept per host for sparklines (40 samples: 200 s at the default 5 s interval). */
export const SPARK_POINTS = 40;

export interface FleetStateDeps {
  catalog: Catalog;
  isConnected: (id: HostId) => boolean;
}

interface Live {
  entry: Omit<FleetEntry, 'points'>;
  ring: SparkPoint[];
  fresh: SparkPoint[];
}

const round1 = (v: number | undefined): number | null => (v === undefined || !Number.isFinite(v) ? null : Math.round(v * 10) / 10);

/** cpu, memory and the fullest filesystem (inode use excluded) from one row of derived values. */
export function sparkPoint(tsMs: number, names: readonly string[], values: readonly number[]): SparkPoint {
  let cpu: number | undefined;
  let mem: number | undefined;
  let disk: number | undefined;
  for (let i = 0; i < names.length; i++) {
    const n = names[i]!;
    if (n === 'cpu.total') cpu = values[i];
    else if (n === 'mem.used_pct') mem = values[i];
    else if (n.startsWith('disk.') && n.endsWith('.used_pct') && !n.endsWith('.inodes_used_pct')) disk = Math.max(disk ?? -Infinity, values[i]!);
  }
  return [tsMs / 1000, round1(cpu), round1(mem), round1(disk)];
}

/**
 * @example
 *   const fleet = new FleetState({ catalog, isConnected });
 *   events.on('samples.committed', (id, b) => fleet.committed(id, b));
 *   const changed = fleet.takeChanges(); // once a second
 */
export class FleetState {
  private readonly hosts = new Map<string, Live>();
  private readonly dirty = new Set<string>();
  private loaded = false;

  constructor(private readonly deps: FleetStateDeps) {}

  private load(): void {
    if (this.loaded) return;
    this.loaded = true;
    for (const row of this.deps.catalog.hosts()) this.add(row);
  }

  private add(row: HostRow): Live {
    const live: Live = {
      entry: {
        id: row.id,
        hostname: row.hostname,
        connected: this.deps.isConnected(row.id),
        lastSeen: ((ms) => (ms === null ? null : ms / 1000))(this.deps.catalog.lastSeenOf(row)),
        firstSeen: row.first_seen / 1000,
        status: null,
        risk: null,
        ttfSeconds: null,
        cpu: null,
        mem: null,
        disk: null,
      },
      ring: [],
      fresh: [],
    };
    this.hosts.set(row.id, live);
    return live;
  }

  private get(id: string): Live | undefined {
    this.load();
    const live = this.hosts.get(id);
    if (live) return live;
    const row = this.deps.catalog.host(id);
    return row ? this.add(row) : undefined;
  }

  connected(id: HostId, connected: boolean): void {
    const live = this.get(id);
    if (!live) return;
    if (connected) {
      // A reconnect may carry a new hostname (the hello re-registers the host).
      const row = this.deps.catalog.host(id);
      if (row) live.entry.hostname = row.hostname;
    }
    live.entry.connected = connected;
    this.dirty.add(id);
  }

  committed(id: HostId, batch: CommittedBatch): void {
    if (batch.rows.length === 0) return;
    const live = this.get(id);
    if (!live) return;
    for (const r of batch.rows) {
      const p = sparkPoint(r.ts, r.names, r.values);
      live.ring.push(p);
      live.fresh.push(p);
      live.entry.lastSeen = p[0];
      if (p[1] !== null) live.entry.cpu = p[1];
      if (p[2] !== null) live.entry.mem = p[2];
      if (p[3] !== null) live.entry.disk = p[3];
    }
    if (live.ring.length > SPARK_POINTS) live.ring.splice(0, live.ring.length - SPARK_POINTS);
    if (live.fresh.length > SPARK_POINTS) live.fresh.splice(0, live.fresh.length - SPARK_POINTS);
    this.dirty.add(id);
  }

  analysed(a: HostAnalysis): void {
    const live = this.get(a.hostId);
    if (!live) return;
    live.entry.status = a.council?.decision ?? live.entry.status;
    live.entry.risk = a.prediction ? a.prediction.risk['4h'] : live.entry.risk;
    const forecastTtf = a.forecasts.map((f) => f.ttfSeconds).filter((t): t is number => t !== null);
    const ttf = [a.prediction?.ttfSeconds ?? null, ...forecastTtf].filter((t): t is number => t !== null);
    live.entry.ttfSeconds = ttf.length > 0 ? Math.min(...ttf) : null;
    this.dirty.add(a.hostId);
  }

  /** Every host with its sparkline ring (the `ready` message). */
  snapshot(): FleetEntry[] {
    this.load();
    return [...this.hosts.values()].map((l) => ({ ...l.entry, points: l.ring.slice() }));
  }

  /** Hosts changed since the last call, each with only its new points; empty when nothing changed. */
  takeChanges(): FleetEntry[] {
    const out: FleetEntry[] = [];
    for (const id of this.dirty) {
      const l = this.hosts.get(id);
      if (!l) continue;
      out.push({ ...l.entry, points: l.fresh });
      l.fresh = [];
    }
    this.dirty.clear();
    return out;
  }
}
