/**
 * The durable outbox: a notification is a row written in the same transaction as the alert
 * change that caused it, and stays until delivered, given up or cancelled. Rows with the same
 * order key (one alert, or one host's group, on one channel) go out strictly one after another.
 * Every attempt is logged. Times are wall clock (unix ms).
 */
import type { DeliveryView } from '@aura/protocol';
import type { Db } from '../store/index.js';
import type { Notification } from './types.js';

export interface OutboxRow {
  id: number;
  channel_id: string;
  order_key: string;
  event: string;
  idempotency_key: string;
  payload: string;
  state: 'pending' | 'delivered' | 'failed' | 'cancelled';
  attempts: number;
  created_at: number;
  next_attempt_at: number;
  last_error: string | null;
  done_at: number | null;
}

export interface EnqueueItem {
  channelId: string;
  orderKey: string;
  event: string;
  notification: Notification;
}

interface DeliveryRow {
  id: number;
  outbox_id: number | null;
  channel_id: string;
  ts: number;
  attempt: number;
  status: number | null;
  ok: number;
  error: string | null;
  duration_ms: number;
  idempotency_key: string;
  event: string;
}

export function toDeliveryView(r: DeliveryRow): DeliveryView {
  return { id: r.id, outboxId: r.outbox_id, ts: r.ts / 1000, attempt: r.attempt, status: r.status, ok: r.ok === 1, error: r.error, durationMs: Math.round(r.duration_ms * 10) / 10, idempotencyKey: r.idempotency_key, event: r.event };
}

export class Outbox {
  private readonly stmt;
  /** Called after rows are enqueued (the delivery worker wakes up). */
  onEnqueue: () => void = () => undefined;

  constructor(readonly db: Db) {
    this.stmt = {
      insert: db.prepare(
        "INSERT INTO outbox (channel_id, order_key, event, idempotency_key, payload, state, created_at, next_attempt_at) VALUES (?, ?, ?, ?, ?, 'pending', ?, ?)",
      ),
      // The head of each order key, when due.
      due: db.prepare(`
        SELECT o.* FROM outbox o
        WHERE o.state = 'pending' AND o.next_attempt_at <= ?
          AND o.id = (SELECT MIN(id) FROM outbox p WHERE p.state = 'pending' AND p.order_key = o.order_key)
        ORDER BY o.id LIMIT ?`),
      // Only heads count: rows queued behind another of their key wait for it, not for their own time.
      nextDue: db.prepare(`
        SELECT MIN(o.next_attempt_at) AS t FROM outbox o
        WHERE o.state = 'pending' AND o.id = (SELECT MIN(id) FROM outbox p WHERE p.state = 'pending' AND p.order_key = o.order_key)`),
      delivered: db.prepare("UPDATE outbox SET state = 'delivered', attempts = attempts + 1, done_at = ?, last_error = NULL WHERE id = ?"),
      retry: db.prepare('UPDATE outbox SET attempts = attempts + ?, next_attempt_at = ?, last_error = ? WHERE id = ?'),
      failed: db.prepare("UPDATE outbox SET state = 'failed', attempts = attempts + 1, done_at = ?, last_error = ? WHERE id = ?"),
      log: db.prepare(
        'INSERT INTO delivery (outbox_id, channel_id, ts, attempt, status, ok, error, duration_ms, idempotency_key, event) VALUES (@outboxId, @channelId, @ts, @attempt, @status, @ok, @error, @durationMs, @key, @event)',
      ),
      counts: db.prepare('SELECT state, COUNT(*) AS n FROM outbox WHERE channel_id = ? GROUP BY state'),
      deliveries: db.prepare('SELECT * FROM delivery WHERE channel_id = ? ORDER BY id DESC LIMIT ?'),
      lastDelivery: db.prepare('SELECT * FROM delivery WHERE channel_id = ? ORDER BY id DESC LIMIT 1'),
      get: db.prepare('SELECT * FROM outbox WHERE id = ?'),
      pruneOutbox: db.prepare("DELETE FROM outbox WHERE state != 'pending' AND done_at < ?"),
      pruneDelivery: db.prepare('DELETE FROM delivery WHERE ts < ?'),
    };
  }

  /** Insert notifications (call inside the transaction that changes the alerts). */
  enqueue(items: readonly EnqueueItem[], nowMs: number): number[] {
    const ids = items.map((it) => Number(this.stmt.insert.run(it.channelId, it.orderKey, it.event, it.notification.idempotencyKey, JSON.stringify(it.notification), nowMs, nowMs).lastInsertRowid));
    if (ids.length) queueMicrotask(() => this.onEnqueue());
    return ids;
  }

  due(nowMs: number, limit = 200): OutboxRow[] {
    return this.stmt.due.all(nowMs, limit) as OutboxRow[];
  }

  nextDueAt(): number | null {
    return (this.stmt.nextDue.get() as { t: number | null }).t;
  }

  get(id: number): OutboxRow | undefined {
    return this.stmt.get.get(id) as OutboxRow | undefined;
  }

  delivered(id: number, nowMs: number): void {
    this.stmt.delivered.run(nowMs, id);
  }

  /** Try again at `atMs`; `counted` false when the attempt never left (breaker, pause). */
  retry(id: number, atMs: number, error: string, counted = true): void {
    this.stmt.retry.run(counted ? 1 : 0, atMs, error, id);
  }

  failed(id: number, error: string, nowMs: number): void {
    this.stmt.failed.run(nowMs, error, id);
  }

  log(d: { outboxId: number | null; channelId: string; ts: number; attempt: number; status: number | null; ok: boolean; error: string | null; durationMs: number; key: string; event: string }): void {
    this.stmt.log.run({ ...d, ok: d.ok ? 1 : 0 });
  }

  counts(channelId: string): { pending: number; failed: number; delivered: number } {
    const out = { pending: 0, failed: 0, delivered: 0 };
    for (const r of this.stmt.counts.all(channelId) as Array<{ state: string; n: number }>) if (r.state in out) out[r.state as keyof typeof out] = r.n;
    return out;
  }

  deliveries(channelId: string, limit: number): DeliveryView[] {
    return (this.stmt.deliveries.all(channelId, limit) as DeliveryRow[]).map(toDeliveryView);
  }

  lastDelivery(channelId: string): DeliveryView | null {
    const r = this.stmt.lastDelivery.get(channelId) as DeliveryRow | undefined;
    return r ? toDeliveryView(r) : null;
  }

  /** Forget finished notifications and delivery records older than `beforeMs`. */
  prune(beforeMs: number): void {
    this.stmt.pruneOutbox.run(beforeMs);
    this.stmt.pruneDelivery.run(beforeMs);
  }
}
