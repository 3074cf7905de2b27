/**
 * Per-host analysis on every new window of event time, off the ingest path: committed samples
 * feed each host's ring of host vectors; a host whose newest sample enters a new step is due; due
 * hosts go to the worker pool in batches as fast as it accepts them. A host is never in two jobs
 * at once, and a host due again while its job runs is analysed once more afterwards, on its
 * newest window (coalesced), so a slow pool delays analysis but never queues without bound.
 */
import { FEATURE_COUNT, hostVector } from '@aura/analysis/features';
import type { CouncilDecision, HostAnalysis, HostFacts, HostId } from '@aura/protocol';
import type { Logger } from 'pino';
import type { CommittedBatch, ServerEvents } from '../events.js';
import { loadAnalysis, saveAnalysis, writeDecisionIfChanged, writeTopologyRow, type Catalog, type HostPool } from '../store/index.js';
import { initialHostState, restoreHostState } from './analyse-host.js';
import { HostSeries } from './host-series.js';
import type { WorkerPool } from './pool.js';
import type { AnalysisJob, AnalysisJobResult, HostAnalysisState, HostResult } from './types.js';

export interface SchedulerConfig {
  /** Event time between two analyses of a host (ms). */
  stepMs: number;
  /** Event time a window covers (ms). */
  windowMs: number;
  /** Most points in a window (longer windows are thinned evenly). */
  maxPoints: number;
  /** Hosts per job. */
  batch: number;
  /** Persist a host's analysis state every this many windows (and on close). */
  persistEvery: number;
}

/** The council's hook: called on the main thread with each finished analysis (council: null). */
export type Decide = (hostId: HostId, analysis: HostAnalysis) => CouncilDecision | null;

export interface SchedulerStats {
  analysed: number;
  failed: number;
  /** Hosts due and waiting for the pool. */
  due: number;
  inFlight: number;
  /** Worker time per host of the last completed job (ms). */
  lastHostMs: number;
}

interface HostEntry {
  series: HostSeries;
  state: HostAnalysisState;
  latest: HostAnalysis | null;
  missing: string[];
  cores: number | undefined;
  lastStep: number;
  sincePersist: number;
  /** Windows between persists: shorter the first time, by host id, so hosts do not all persist in the same round. */
  persistAfter: number;
  busy: boolean;
}

export interface SchedulerDeps {
  pool: WorkerPool<AnalysisJob, AnalysisJobResult>;
  hosts: HostPool;
  catalog: Catalog;
  events: ServerEvents;
  log: Logger;
  config: SchedulerConfig;
  decide?: Decide;
}

export class AnalysisScheduler {
  readonly stats: SchedulerStats = { analysed: 0, failed: 0, due: 0, inFlight: 0, lastHostMs: 0 };
  private readonly hosts = new Map<HostId, HostEntry>();
  private readonly due = new Set<HostId>();
  private readonly scratch = new Float64Array(FEATURE_COUNT);
  private pumping = false;
  private readonly results: HostResult[] = [];
  private draining = false;
  private closed = false;
  private readonly onCommitted = (id: HostId, batch: CommittedBatch) => this.ingest(id, batch);
  /** Called with each host's worker time (ms), for /metrics. */
  onHostMs: ((ms: number) => void) | undefined;

  constructor(private readonly deps: SchedulerDeps) {
    deps.events.on('samples.committed', this.onCommitted);
  }

  /** The latest analysis of a host and what is missing from it (loaded from its file when not in memory). */
  latest(id: HostId): { analysis: HostAnalysis | null; missing: string[] } {
    const entry = this.hosts.get(id);
    if (entry) return { analysis: entry.latest, missing: entry.missing };
    const stored = loadAnalysis(this.deps.hosts.get(id)).latest;
    return { analysis: stored, missing: stored ? [] : ['no window analysed yet'] };
  }

  private ingest(id: HostId, batch: CommittedBatch): void {
    if (this.closed || batch.rows.length === 0) return;
    const entry = this.hosts.get(id) ?? this.open(id);
    for (const row of batch.rows) entry.series.push(row.ts, hostVector(row.names, row.values, entry.cores, this.scratch));
    const step = Math.floor(entry.series.newest / this.deps.config.stepMs);
    if (step > entry.lastStep) {
      this.due.add(id);
      this.pump();
    }
  }

  /** First sight of a host since start: its stored state, and its ring warmed from its newest samples. */
  private open(id: HostId): HostEntry {
    const cfg = this.deps.config;
    const host = this.deps.hosts.get(id);
    const stored = loadAnalysis(host);
    const entry: HostEntry = {
      series: new HostSeries(Math.max(2 * cfg.maxPoints, 240)),
      state: stored.state === undefined ? initialHostState(id) : restoreHostState(stored.state, id),
      latest: stored.latest,
      missing: [],
      cores: coresOf(this.deps.catalog, id),
      lastStep: stored.latest ? Math.floor((stored.latest.ts * 1000) / cfg.stepMs) : -Infinity,
      sincePersist: 0,
      persistAfter: 1 + (hashOf(id) % Math.max(1, cfg.persistEvery)),
      busy: false,
    };
    for (const row of host.recentRows(entry.series.capacity)) entry.series.push(row.ts, hostVector(row.names, row.values, entry.cores, this.scratch));
    this.hosts.set(id, entry);
    return entry;
  }

  private pump(): void {
    if (this.pumping || this.closed) return;
    this.pumping = true;
    // Batches form after the current burst of commits, not one per commit.
    setImmediate(() => {
      this.pumping = false;
      const t0 = performance.now();
      while (this.due.size > 0 && this.deps.pool.accepting && !this.closed) {
        // Building jobs clones host states: a slice at a time, like applying results.
        if (performance.now() - t0 >= SLICE_MS) {
          this.pump();
          break;
        }
        const job = this.nextJob();
        if (job.hosts.length === 0) break;
        const running = this.deps.pool.submit(job);
        if (!running) {
          this.release(job);
          break;
        }
        this.stats.inFlight += job.hosts.length;
        running.then(
          (r) => this.finish(job, r),
          (err: Error) => this.fail(job, err),
        );
      }
      this.stats.due = this.due.size;
    });
  }

  private nextJob(): AnalysisJob {
    const cfg = this.deps.config;
    const job: AnalysisJob = { hosts: [] };
    for (const id of this.due) {
      if (job.hosts.length >= cfg.batch) break;
      const entry = this.hosts.get(id)!;
      if (entry.busy) continue;
      this.due.delete(id);
      entry.busy = true;
      const ts = entry.series.newest;
      entry.lastStep = Math.floor(ts / cfg.stepMs);
      const w = entry.series.window(ts - cfg.windowMs, cfg.maxPoints);
      job.hosts.push({ hostId: id, ts, timestamps: w.timestamps, values: w.values, state: entry.state });
    }
    return job;
  }

  private release(job: AnalysisJob): void {
    for (const h of job.hosts) {
      const entry = this.hosts.get(h.hostId as HostId)!;
      entry.busy = false;
      entry.lastStep = -Infinity;
      this.due.add(h.hostId as HostId);
    }
  }

  private finish(job: AnalysisJob, result: AnalysisJobResult): void {
    this.stats.inFlight -= job.hosts.length;
    if (result.hosts.length) this.stats.lastHostMs = result.hosts.reduce((s, r) => s + r.ms, 0) / result.hosts.length;
    for (const r of result.hosts) this.results.push(r);
    this.drain();
  }

  /**
   * Apply finished results a few milliseconds at a time (council decision, host-file writes,
   * publishing), yielding between slices so that ingest's acks never wait behind a whole
   * batch of them.
   */
  private drain(): void {
    if (this.draining || this.closed) return;
    const t0 = performance.now();
    let r: HostResult | undefined;
    while ((r = this.results.shift()) !== undefined) {
      this.apply(r);
      if (this.results.length > 0 && performance.now() - t0 >= SLICE_MS) {
        this.draining = true;
        setImmediate(() => {
          this.draining = false;
          this.drain();
        });
        return;
      }
    }
    this.pump();
  }

  private fail(job: AnalysisJob, err: Error): void {
    this.stats.inFlight -= job.hosts.length;
    this.stats.failed += job.hosts.length;
    this.deps.log.error({ hosts: job.hosts.length, err: err.message }, 'analysis job failed; those hosts keep their previous analysis');
    for (const h of job.hosts) {
      const entry = this.hosts.get(h.hostId as HostId);
      if (!entry) continue;
      entry.busy = false;
      entry.missing = [`analysis of the window ending ${new Date(h.ts).toISOString()} failed: ${err.message}`];
    }
    this.pump();
  }

  private apply(r: HostResult): void {
    const id = r.hostId as HostId;
    const entry = this.hosts.get(id);
    if (!entry) return;
    entry.busy = false;
    if (r.error) {
      this.stats.failed++;
      this.deps.log.error({ host: id, err: r.error }, 'analysis of a host failed');
      entry.missing = r.missing;
      return;
    }
    entry.state = r.state;
    this.stats.analysed++;
    this.onHostMs?.(r.ms);
    const analysis: HostAnalysis = { hostId: id, ts: r.ts / 1000, topology: r.topology, forecasts: r.forecasts, prediction: r.prediction, council: null };
    analysis.council = this.deps.decide?.(id, analysis) ?? null;
    entry.latest = analysis;
    entry.missing = r.missing;
    try {
      const db = this.deps.hosts.get(id);
      const persist = ++entry.sincePersist >= entry.persistAfter;
      // One commit per analysed window, whatever it writes.
      db.db.transaction(() => {
        if (r.topology) writeTopologyRow(db, r.ts, r.topology);
        if (analysis.council) writeDecisionIfChanged(db, analysis.council);
        if (persist) saveAnalysis(db, entry.state, entry.latest);
      })();
      if (persist) {
        entry.sincePersist = 0;
        entry.persistAfter = this.deps.config.persistEvery;
      }
    } catch (err) {
      this.deps.log.warn({ host: id, err: (err as Error).message }, 'could not store an analysis; the next window retries');
    }
    this.deps.events.emit('analysis.done', analysis);
  }

  /** Stop taking work and persist every host's state. */
  close(): void {
    this.closed = true;
    this.deps.events.off('samples.committed', this.onCommitted);
    let r: HostResult | undefined;
    while ((r = this.results.shift()) !== undefined) this.apply(r);
    for (const [id, entry] of this.hosts) {
      if (entry.sincePersist === 0) continue;
      try {
        saveAnalysis(this.deps.hosts.get(id), entry.state, entry.latest);
      } catch (err) {
        this.deps.log.warn({ host: id, err: (err as Error).message }, 'could not persist analysis state at shutdown');
      }
    }
  }
}

/** Main-thread time spent applying results before yielding to ingest. */
const SLICE_MS = 4;

/** A small stable hash of a host id (FNV-1a). */
function hashOf(id: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) h = Math.imul(h ^ id.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

function coresOf(catalog: Catalog, id: HostId): number | undefined {
  const row = catalog.host(id);
  if (!row) return undefined;
  try {
    return (JSON.parse(row.facts) as HostFacts).cpu.cores;
  } catch {
    return undefined;
  }
}
