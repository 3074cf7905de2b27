/**
 * Feeds the council with what the server knows: each host's facts, its last minutes of samples
 * and newest connection summary, and the fleet (clock, last-seen, who talks to whom), kept from
 * ingest events. The analysis pipeline asks it for a host's CouncilInput (or a decision); until
 * a pipeline runs (`standalone`), it decides itself once per minute of each host's event time,
 * with the analysis parts left empty, and publishes `analysis.done`. The council's memory is
 * persisted in `aura.db`.
 */
import { hostFactsSchema, type ConnSummary, type CouncilDecision, type HostAnalysis, type HostFacts, type HostId } from '@aura/protocol';
import type { Logger } from 'pino';
import { createFleetTracker, type Council, type CouncilInput, type FleetTracker, type RecentSample } from '../council/index.js';
import type { CommittedBatch, ServerEvents } from '../events.js';
import type { Catalog, HostPool } from '../store/index.js';
import type { AlertStore } from './store.js';

export interface FeedOptions {
  events: ServerEvents;
  catalog: Catalog;
  pool: HostPool;
  council: Council;
  store: AlertStore;
  log: Logger;
  /** Decide per window without a pipeline (see the module comment). */
  standalone: boolean;
  windowMs?: number;
  /** How much history `recent` holds. */
  recentMs?: number;
  /** How often (wall clock) the council's memory is written. */
  persistEveryMs?: number;
}

type Row = CommittedBatch['rows'][number];

const MAX_RECENT = 240;
/** Connection summaries come on the agents' slow cadence; one read per host per 5 minutes of event time is plenty. */
const CONNS_EVERY_MS = 5 * 60_000;

export class CouncilFeed {
  readonly fleet: FleetTracker = createFleetTracker();
  private readonly recent = new Map<string, Row[]>();
  private readonly facts = new Map<string, HostFacts | null>();
  private readonly windows = new Map<string, number>();
  private readonly latestAnalysis = new Map<string, HostAnalysis>();
  /** Per host, the end (unix ms) of the newest window the council decided. */
  private readonly decided = new Map<string, number>();
  private readonly dirty = new Set<string>();
  private readonly connsStmts = new WeakMap<object, { get(): unknown }>();
  /** Each stored row as a record, built once (consecutive windows share rows). */
  private readonly records = new WeakMap<Row, RecentSample>();
  /** The newest connection summary per host and the event time it was read at. */
  private readonly conns = new Map<string, { readAt: number; value: { ts: number; summary: ConnSummary } | null }>();
  private readonly timer: NodeJS.Timeout;
  private readonly windowMs: number;
  private readonly recentMs: number;
  /** Called after each committed batch has been taken in (the alert engine's tick). */
  onSamples: () => void = () => undefined;

  constructor(private readonly o: FeedOptions) {
    this.windowMs = o.windowMs ?? 60_000;
    this.recentMs = o.recentMs ?? 2 * 60_000;
    for (const r of o.catalog.hosts()) {
      this.facts.set(r.id, parseFacts(r.facts));
      this.fleet.noteHost(r.id, this.facts.get(r.id)!, r.interval_ms);
      const seen = o.catalog.lastSeenOf(r);
      if (seen !== null) this.fleet.noteSamples(r.id, seen);
    }
    const warnings: string[] = [];
    for (const { hostId, state } of o.store.loadCouncil()) {
      const w = o.council.importHost(hostId, state);
      if (w) warnings.push(w);
    }
    if (warnings.length) o.log.warn({ warnings: warnings.slice(0, 10), count: warnings.length }, 'parts of the council memory were unreadable and start afresh');
    o.events.on('host.connected', (id) => this.refreshHost(id));
    o.events.on('samples.committed', (id, batch) => this.onCommitted(id, batch));
    this.timer = setInterval(() => this.persist(), o.persistEveryMs ?? 10_000);
    this.timer.unref();
  }

  /**
   * The council's input for one analysed window of a host: the analysis as given, the rest
   * from what the feed keeps.
   * @example const input = feed.inputFor({ hostId: 'web-1', ts: 1767225600, topology, forecasts, prediction });
   */
  inputFor(analysis: Omit<HostAnalysis, 'council'>): CouncilInput {
    const id = analysis.hostId;
    const end = analysis.ts * 1000;
    const rows = (this.recent.get(id) ?? []).filter((r) => r.ts <= end && r.ts > end - this.recentMs);
    const recent: RecentSample[] = rows.map((r) => {
      let rec = this.records.get(r);
      if (!rec) {
        const values: Record<string, number> = {};
        for (let i = 0; i < r.names.length; i++) values[r.names[i]!] = r.values[i]!;
        this.records.set(r, (rec = { ts: r.ts, values }));
      }
      return rec;
    });
    const conns = this.newestConns(id, end);
    if (conns) this.fleet.noteConns(id, conns.summary);
    return { analysis, facts: this.factsOf(id), recent, conns, fleet: this.fleet.context() };
  }

  /** Decide for an analysed window (what the pipeline calls before storing the analysis). */
  decide(analysis: Omit<HostAnalysis, 'council'>): CouncilDecision {
    const d = this.o.council.decide(this.inputFor(analysis));
    this.decided.set(analysis.hostId, Math.max(this.decided.get(analysis.hostId) ?? 0, analysis.ts * 1000));
    this.dirty.add(analysis.hostId);
    return d;
  }

  /** Hosts that fell silent or came back on the fleet clock. */
  sweep(): Array<{ hostId: string; decision: CouncilDecision }> {
    if (this.fleet.now() === null) return [];
    const out = this.o.council.sweep(this.fleet.context());
    for (const x of out) this.dirty.add(x.hostId);
    return out;
  }

  /** The newest analysis the feed itself made (standalone mode). */
  latest(hostId: string): HostAnalysis | undefined {
    return this.latestAnalysis.get(hostId);
  }

  persist(): void {
    if (this.dirty.size === 0) return;
    const entries: Array<[string, unknown]> = [];
    for (const id of this.dirty) {
      const s = this.o.council.exportHost(id);
      if (s) entries.push([id, s]);
    }
    try {
      this.o.store.saveCouncil(entries, Date.now());
      this.dirty.clear();
    } catch (err) {
      this.o.log.warn({ err: (err as Error).message }, 'saving the council memory failed; will retry');
    }
  }

  close(): void {
    clearInterval(this.timer);
    this.persist();
  }

  private refreshHost(id: HostId): void {
    const row = this.o.catalog.host(id);
    if (!row) return;
    this.facts.set(id, parseFacts(row.facts));
    this.fleet.noteHost(id, this.facts.get(id)!, row.interval_ms);
  }

  private factsOf(id: string): HostFacts | null {
    if (!this.facts.has(id)) this.refreshHost(id as HostId);
    return this.facts.get(id) ?? null;
  }

  private onCommitted(id: HostId, batch: CommittedBatch): void {
    try {
      if (batch.rows.length === 0) return;
      let rows = this.recent.get(id);
      if (!rows) this.recent.set(id, (rows = []));
      for (const r of batch.rows) {
        rows.push(r);
        this.fleet.noteSamples(id, r.ts);
        if (this.o.standalone) this.maybeDecide(id, r.ts);
      }
      // Rows are kept back to the last decided window, not only the newest sample: when analysis
      // lags behind ingest (a burst, time compressed in a simulation), its next window still finds
      // its samples. MAX_RECENT bounds the memory whatever the lag.
      const newest = rows[rows.length - 1]!.ts;
      const keepFrom = Math.min(newest, this.decided.get(id) ?? newest) - this.recentMs;
      let drop = 0;
      while (drop < rows.length - 1 && (rows[drop]!.ts < keepFrom || rows.length - drop > MAX_RECENT)) drop++;
      if (drop) rows.splice(0, drop);
      this.onSamples();
    } catch (err) {
      this.o.log.error({ err: (err as Error).stack, host: id }, 'council feed failed on a batch');
    }
  }

  /** Standalone: one decision when a host's samples cross into a new window. */
  private maybeDecide(id: HostId, ts: number): void {
    const w = Math.floor(ts / this.windowMs);
    const last = this.windows.get(id);
    this.windows.set(id, w);
    if (last === undefined || w <= last) return;
    const analysis: Omit<HostAnalysis, 'council'> = { hostId: id, ts: ts / 1000, topology: null, forecasts: [], prediction: null };
    const full: HostAnalysis = { ...analysis, council: this.decide(analysis) };
    this.latestAnalysis.set(id, full);
    this.o.events.emit('analysis.done', full);
  }

  private newestConns(id: string, at: number): { ts: number; summary: ConnSummary } | null {
    const cached = this.conns.get(id);
    if (cached && at >= cached.readAt && at - cached.readAt < CONNS_EVERY_MS) return cached.value;
    const read = this.readConns(id);
    // The same stored summary keeps its identity, so the fleet sees no change.
    const value = read && cached?.value && cached.value.ts === read.ts ? cached.value : read;
    this.conns.set(id, { readAt: at, value });
    return value;
  }

  private readConns(id: string): { ts: number; summary: ConnSummary } | null {
    try {
      const db = this.o.pool.get(id as HostId).db;
      let stmt = this.connsStmts.get(db);
      if (!stmt) this.connsStmts.set(db, (stmt = db.prepare('SELECT ts, data FROM conns ORDER BY ts DESC LIMIT 1')));
      const row = stmt.get() as { ts: number; data: string } | undefined;
      return row ? { ts: row.ts, summary: JSON.parse(row.data) as ConnSummary } : null;
    } catch {
      return null;
    }
  }
}

function parseFacts(json: string): HostFacts | null {
  try {
    const r = hostFactsSchema.safeParse(JSON.parse(json));
    return r.success ? r.data : null;
  } catch {
    return null;
  }
}
