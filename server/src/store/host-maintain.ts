/**
 * Background upkeep of one host file, in small steps so ingest never stalls: 1-hour rollups of
 * dirty hours, and retention by event time (the host's newest sample), never the wall clock, so a
 * replayed old trace is not deleted as it arrives.
 */
import { aggregate, type HostDb, type RawRow } from './host-db.js';
import { HOUR_MS } from './host-schema.js';

export interface RetentionConfig {
  rawMs: number;
  minuteMs: number;
  hourMs: number;
}

/** Most hours rolled up, or chunks deleted, per call: bounds the time one call holds the write lock. */
const STEPS_PER_CALL = 8;
/** Retention deletes advance at most this much event time per statement (keeps each DELETE short). */
const DELETE_SPAN_MS = 6 * HOUR_MS;

/** Do a bounded amount of upkeep; returns true when more work remains. */
export function maintainHost(host: HostDb, retention: RetentionConfig): boolean {
  const db = host.db;
  let steps = 0;
  const dirty = db.prepare('SELECT ts FROM dirty_hour ORDER BY ts LIMIT ?').all(STEPS_PER_CALL) as Array<{ ts: number }>;
  const rows = db.prepare('SELECT ts, layout, n, v, c FROM rollup_1m WHERE ts >= ? AND ts < ? ORDER BY ts');
  const upsert = db.prepare('INSERT OR REPLACE INTO rollup_1h (ts, layout, n, v, c) VALUES (?, ?, ?, ?, ?)');
  const clear = db.prepare('DELETE FROM dirty_hour WHERE ts = ?');
  for (const { ts } of dirty) {
    db.transaction(() => {
      const minuteRows = rows.all(ts, ts + HOUR_MS) as Array<RawRow & { n: number; c: Buffer | null }>;
      const agg = aggregate(
        minuteRows.map((r) => ({ layout: host.layouts.get(r.layout), v: r.v, n: r.n, c: r.c })),
        'rollup',
      );
      if (agg) upsert.run(ts, host.layouts.layoutFor(agg.names).id, agg.n, agg.blob, agg.counts);
      clear.run(ts);
    })();
    steps++;
  }
  const newest = host.newestTs();
  if (newest === undefined) return dirty.length === STEPS_PER_CALL;
  let more = dirty.length === STEPS_PER_CALL;
  for (const [table, keep] of [
    ['sample', retention.rawMs],
    ['rollup_1m', retention.minuteMs],
    ['rollup_1h', retention.hourMs],
    ['conns', retention.rawMs],
    ['topology', retention.rawMs],
    ['decision', retention.minuteMs],
  ] as const) {
    if (steps >= STEPS_PER_CALL) return true;
    const cutoff = newest - keep;
    const oldest = (db.prepare(`SELECT MIN(ts) AS ts FROM ${table}`).get() as { ts: number | null }).ts;
    if (oldest === null || oldest >= cutoff) continue;
    const upTo = Math.min(cutoff, oldest + DELETE_SPAN_MS);
    db.prepare(`DELETE FROM ${table} WHERE ts < ?`).run(upTo);
    steps++;
    if (upTo < cutoff) more = true;
  }
  return more;
}
