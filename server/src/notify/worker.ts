/**
 * The delivery worker: sends due outbox rows, each order key strictly in order, with backoff
 * and jitter between attempts, Retry-After honoured (429 pauses the whole channel), a circuit
 * breaker per channel, a bounded number of requests in flight per channel, and a record of
 * every attempt. Rows left pending by a crash are simply sent again after a restart (receivers
 * deduplicate on the idempotency key). Wall clock throughout.
 */
import type { ChannelView } from '@aura/protocol';
import type { Logger } from 'pino';
import type { Agent } from 'undici';
import type { DeliveryConfig } from '../alerts/config.js';
import { backoffDelay } from './backoff.js';
import { CircuitBreaker } from './breaker.js';
import type { ChannelStore } from './channels.js';
import type { Outbox, OutboxRow } from './outbox.js';
import { sendRequest, type SendResult } from './send.js';
import type { TargetPolicy } from './ssrf.js';
import type { Notification, Notifier, StoredChannel } from './types.js';

export interface WorkerDeps {
  outbox: Outbox;
  channels: ChannelStore;
  notifiers: Record<StoredChannel['type'], Notifier>;
  dispatcher: Agent;
  policy: TargetPolicy;
  config: DeliveryConfig;
  log: Logger;
  now?: () => number;
  random?: () => number;
}

interface ChannelRuntime {
  breaker: CircuitBreaker;
  pausedUntil: number | null;
  inFlight: number;
}

export class DeliveryWorker {
  private readonly runtime = new Map<string, ChannelRuntime>();
  private readonly inFlight = new Map<number, Promise<void>>();
  private timer: NodeJS.Timeout | undefined;
  private scheduled = false;
  private stopped = true;
  private readonly now: () => number;

  constructor(private readonly d: WorkerDeps) {
    this.now = d.now ?? Date.now;
  }

  start(): void {
    this.stopped = false;
    this.d.outbox.onEnqueue = () => this.kick();
    this.kick();
  }

  /** Stop sending; requests in flight get `graceMs` to finish (their rows stay pending otherwise). */
  async stop(graceMs = 2000): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    const pending = [...this.inFlight.values()];
    if (pending.length) await Promise.race([Promise.allSettled(pending), new Promise((r) => setTimeout(r, graceMs).unref())]);
  }

  /** Look for due work soon (after enqueues, completions and timers). */
  kick(): void {
    if (this.stopped || this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      this.pump();
    });
  }

  /** Breaker and pause state for the channels API. */
  status(channelId: string): Pick<ChannelView, 'breaker' | 'pausedUntil'> {
    const rt = this.runtime.get(channelId);
    const now = this.now();
    if (!rt) return { breaker: { state: 'closed', failures: 0, openUntil: null }, pausedUntil: null };
    const b = rt.breaker;
    const state = b.state === 'open' && b.openUntil !== null && b.openUntil <= now ? 'half-open' : b.state;
    return {
      breaker: { state, failures: b.failures, openUntil: b.openUntil === null ? null : b.openUntil / 1000 },
      pausedUntil: rt.pausedUntil !== null && rt.pausedUntil > now ? rt.pausedUntil / 1000 : null,
    };
  }

  /** How many deliveries are running now. */
  get busy(): number {
    return this.inFlight.size;
  }

  private rt(channelId: string): ChannelRuntime {
    let r = this.runtime.get(channelId);
    if (!r) this.runtime.set(channelId, (r = { breaker: new CircuitBreaker(this.d.config.breaker), pausedUntil: null, inFlight: 0 }));
    return r;
  }

  private pump(): void {
    if (this.stopped) return;
    const now = this.now();
    let wakeAt: number | null = null;
    const wake = (t: number) => (wakeAt = wakeAt === null ? t : Math.min(wakeAt, t));
    const channels = new Map<string, StoredChannel | undefined>();
    try {
      for (const row of this.d.outbox.due(now)) {
        if (this.inFlight.has(row.id)) continue;
        if (!channels.has(row.channel_id)) channels.set(row.channel_id, this.d.channels.get(row.channel_id));
        const ch = channels.get(row.channel_id);
        if (!ch || !ch.enabled) {
          this.d.outbox.failed(row.id, ch ? 'channel disabled' : 'channel removed', now);
          continue;
        }
        const rt = this.rt(ch.id);
        if (rt.pausedUntil !== null && rt.pausedUntil > now) {
          wake(rt.pausedUntil);
          continue;
        }
        if (rt.inFlight >= this.d.config.concurrency) continue;
        if (!rt.breaker.allow(now)) {
          const until = rt.breaker.blockedUntil(now);
          if (until !== null) wake(until);
          continue;
        }
        this.send(row, ch, rt);
      }
      const next = this.d.outbox.nextDueAt();
      if (next !== null && next > now) wake(next);
    } catch (err) {
      this.d.log.error({ err: (err as Error).message }, 'delivery: reading the outbox failed; retrying in 1 s');
      wake(now + 1000);
    }
    clearTimeout(this.timer);
    if (wakeAt !== null) {
      this.timer = setTimeout(() => this.kick(), Math.max(10, wakeAt - this.now()));
      this.timer.unref();
    }
  }

  private send(row: OutboxRow, ch: StoredChannel, rt: ChannelRuntime): void {
    rt.inFlight++;
    const job = (async () => {
      let result: SendResult;
      try {
        const n = JSON.parse(row.payload) as Notification;
        const req = this.d.notifiers[ch.type].render(n, ch, this.now());
        result = await sendRequest(req, { dispatcher: this.d.dispatcher, policy: this.d.policy, timeoutMs: this.d.config.timeout, now: this.now });
      } catch (err) {
        result = { ok: false, status: null, retryable: false, error: `cannot render: ${(err as Error).message}`, durationMs: 0 };
      }
      if (this.stopped && !result.ok && result.retryable) {
        // Stopping: the row stays pending and is sent again after the restart.
        rt.breaker.release();
        return;
      }
      this.settle(row, ch, rt, result);
    })().finally(() => {
      rt.inFlight--;
      this.inFlight.delete(row.id);
      this.kick();
    });
    this.inFlight.set(row.id, job);
  }

  private settle(row: OutboxRow, ch: StoredChannel, rt: ChannelRuntime, r: SendResult): void {
    const now = this.now();
    const attempt = row.attempts + 1;
    try {
      this.d.outbox.db.transaction(() => {
        this.d.outbox.log({ outboxId: row.id, channelId: ch.id, ts: now, attempt, status: r.status, ok: r.ok, error: r.error, durationMs: r.durationMs, key: row.idempotency_key, event: row.event });
        if (r.ok) {
          this.d.outbox.delivered(row.id, now);
          rt.breaker.success();
          return;
        }
        if (!r.retryable) {
          this.d.outbox.failed(row.id, r.error ?? 'failed', now);
          this.d.log.error({ channel: ch.name, outbox: row.id, error: r.error }, 'notification refused by the receiver; not retried');
          return;
        }
        if (r.status === 429) {
          // The receiver is alive and asks us to slow down: pause the channel; for the breaker it is up.
          rt.pausedUntil = now + (r.retryAfterMs ?? backoffDelay(attempt, this.d.config.backoff.initial, this.d.config.backoff.max));
          rt.breaker.success();
        } else rt.breaker.failure(now);
        if (now - row.created_at >= this.d.config.maxAge) {
          this.d.outbox.failed(row.id, `gave up after ${attempt} attempts: ${r.error}`, now);
          this.d.log.error({ channel: ch.name, outbox: row.id, attempts: attempt, error: r.error }, 'notification not delivered within the maximum age; given up');
          return;
        }
        const wait = Math.max(backoffDelay(attempt, this.d.config.backoff.initial, this.d.config.backoff.max, this.d.random), r.retryAfterMs ?? 0);
        this.d.outbox.retry(row.id, now + wait, r.error ?? 'failed');
        this.d.log.warn({ channel: ch.name, outbox: row.id, attempt, error: r.error, retryInMs: wait }, 'notification delivery failed; will retry');
      })();
    } catch (err) {
      this.d.log.error({ err: (err as Error).message, outbox: row.id }, 'delivery: recording the outcome failed; the notification will be sent again');
    }
  }
}
