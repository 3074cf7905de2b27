/**
 * The alert lifecycle in event time: the council's per-kind concerns become alerts (pending →
 * firing → resolved, one active alert per host + kind), grouped per host for notifications
 * (group wait, group interval, repeat interval), muted by silences, quietened by
 * acknowledgements. Every change and the notifications it causes are one transaction.
 */
import { randomUUID } from 'node:crypto';
import { SILENT_KIND, severityRank, type AlertView, type Concern, type CouncilDecision, type Severity } from '@aura/protocol';
import type { Logger } from 'pino';
import type { EnqueueItem, Notification, Outbox, StoredChannel } from '../notify/index.js';
import type { ChannelStore } from '../notify/index.js';
import type { Db } from '../store/index.js';
import type { AlertingConfig } from './config.js';
import { planGroup } from './plan.js';
import type { SilenceStore } from './silences.js';
import type { AlertRow, AlertStore } from './store.js';
import { labelsOf, toAlertView, toNotifiedAlert } from './view.js';

export interface EngineDeps {
  db: Db;
  store: AlertStore;
  silences: SilenceStore;
  channels: ChannelStore;
  outbox: Outbox;
  config: AlertingConfig;
  hostname(hostId: string): string;
  /** Where users open the dashboard (known once the server listens). */
  dashboardUrl(): string;
  log: Logger;
  /** Called after each committed change (the bus's `alert.changed`). */
  onChange(view: AlertView): void;
  wallNow?: () => number;
}

export class AlertNotFound extends Error {}
export class AlertConflict extends Error {}

interface Group {
  nextFlushAt: number | null;
  lastFlushAt: number | null;
}

/** Resolved alerts are pruned at most this often (event time). */
const PRUNE_EVERY_MS = 3_600_000;

export class AlertEngine {
  private readonly groups = new Map<string, Group>();
  /** Hosts with an active (pending or firing) alert: a calm host's calm decision needs no transaction. */
  private readonly busyHosts: Set<string>;
  private lastTick: number | null = null;
  private lastPrune = Number.NEGATIVE_INFINITY;
  private readonly wallNow: () => number;

  constructor(private readonly d: EngineDeps) {
    this.wallNow = d.wallNow ?? Date.now;
    this.busyHosts = new Set(d.store.hostsActive());
  }

  /**
   * Apply a council decision for a host. Analysis decisions carry every kind but `silent`;
   * sweep decisions (`silentOnly`) carry only `silent`.
   */
  apply(hostId: string, decision: CouncilDecision, opts: { silentOnly?: boolean } = {}): void {
    const ts = Math.round(decision.ts * 1000);
    const changed: AlertRow[] = [];
    const concerns = decision.concerns ?? [{ kind: decision.kind, severity: decision.decision, raw: decision.decision, since: decision.ts, pending: null }];
    const at = severityRank(this.d.config.alertAt);
    const relevant = concerns.some((c) => severityRank(c.severity) >= at || severityRank(c.pending?.severity ?? 'ok') >= at);
    if (!relevant && !this.busyHosts.has(hostId)) return;
    this.d.db.transaction(() => {
      const active = new Map(this.d.store.active(hostId).map((a) => [a.kind, a]));
      const seen = new Set<string>();
      for (const c of concerns) {
        if ((c.kind === SILENT_KIND) !== Boolean(opts.silentOnly)) continue;
        seen.add(c.kind);
        const a = this.step(hostId, active.get(c.kind), c, decision, ts);
        if (a) changed.push(...a);
      }
      if (!opts.silentOnly) {
        for (const [kind, a] of active) {
          if (seen.has(kind) || kind === SILENT_KIND) continue;
          const r = this.step(hostId, a, { kind, severity: 'ok', raw: 'ok', since: decision.ts, pending: null }, decision, ts);
          if (r) changed.push(...r);
        }
      }
      if (this.d.store.active(hostId).length) this.busyHosts.add(hostId);
      else this.busyHosts.delete(hostId);
    })();
    this.emit(changed);
  }

  /** One concern against its active alert; returns the rows it changed. */
  private step(hostId: string, a: AlertRow | undefined, c: Concern, decision: CouncilDecision, ts: number): AlertRow[] | undefined {
    const s = this.d.store;
    const at = this.d.config.alertAt;
    const fires = severityRank(c.severity) >= severityRank(at);
    const leans = !fires && c.pending !== null && severityRank(c.pending.severity) >= severityRank(at);
    const summary = c.kind === SILENT_KIND ? decision.summary : kindSummary(c.kind, fires ? c.severity : (c.pending?.severity ?? c.severity), decision);
    const json = JSON.stringify(decision);
    const out: AlertRow[] = [];
    if (a && a.updated_at > ts) return undefined; // an older decision (a replay catching up) does not undo a newer one
    if (fires) {
      if (!a) {
        const row = s.insert({ fingerprint: `${hostId}/${c.kind}`, host_id: hostId, kind: c.kind, state: 'firing', severity: c.severity, summary, decision: json, starts_at: ts, fired_at: ts, updated_at: ts });
        s.event(row.id, ts, 'firing', c.severity, summary);
        this.touch(hostId, ts);
        return [row];
      }
      const next: AlertRow = { ...a, severity: c.severity, summary, decision: json, updated_at: ts };
      if (a.state === 'pending') {
        next.state = 'firing';
        next.fired_at = ts;
        s.event(a.id, ts, 'firing', c.severity, summary);
        this.touch(hostId, ts);
      } else if (c.severity !== a.severity) {
        const up = severityRank(c.severity) > severityRank(a.severity);
        s.event(a.id, ts, up ? 'escalated' : 'deescalated', c.severity, summary);
        if (up) this.touch(hostId, ts);
      }
      s.update(next);
      return [next];
    }
    if (leans) {
      const severity = c.pending!.severity;
      if (a?.state === 'firing') out.push(this.close(a, ts));
      if (!a || a.state === 'firing') {
        const since = Math.round(c.pending!.since * 1000);
        const row = s.insert({ fingerprint: `${hostId}/${c.kind}`, host_id: hostId, kind: c.kind, state: 'pending', severity, summary, decision: json, starts_at: since, fired_at: null, updated_at: ts });
        s.event(row.id, ts, 'pending', severity, summary);
        return [...out, row];
      }
      const next: AlertRow = { ...a, severity, summary, decision: json, updated_at: ts };
      s.update(next);
      return [next];
    }
    if (!a) return undefined;
    return [this.close(a, ts)];
  }

  /** Resolve an alert (a pending one that never fired is cancelled, never notified); it keeps the decision it fired on. */
  private close(a: AlertRow, ts: number): AlertRow {
    const next: AlertRow = { ...a, state: 'resolved', resolved_at: ts, updated_at: ts };
    this.d.store.update(next);
    this.d.store.event(a.id, ts, a.state === 'firing' ? 'resolved' : 'cancelled', a.severity, a.state === 'firing' ? 'the council no longer holds it' : 'cleared before it fired');
    if (a.state === 'firing') this.touch(a.host_id, ts);
    return next;
  }

  /** A notifiable change in a host's group: schedule its flush (group wait for a new group, else group interval). */
  private touch(hostId: string, ts: number): void {
    let g = this.groups.get(hostId);
    if (!g) this.groups.set(hostId, (g = { nextFlushAt: null, lastFlushAt: null }));
    if (g.nextFlushAt !== null) return;
    const { groupWait, groupInterval } = this.d.config;
    g.nextFlushAt = g.lastFlushAt === null || ts - g.lastFlushAt >= groupInterval ? ts + groupWait : g.lastFlushAt + groupInterval;
  }

  /** After a restart: look at every host that may owe a notification (the diff sends only what is missing). */
  recover(now: number): void {
    for (const h of this.d.store.hostsOwed()) this.touch(h, now);
  }

  /**
   * Advance to event time `now` (unix ms): silences that started or ended, reminders due, group
   * flushes due, pruning. Driven by the fleet clock (samples arriving), never the wall clock.
   */
  tick(now: number): void {
    const from = this.lastTick ?? now;
    if (this.lastTick !== null && now <= this.lastTick) return;
    this.lastTick = now;
    try {
      if (this.d.silences.changedBetween(from, now)) for (const h of this.d.store.hostsOwed()) this.touch(h, now);
      for (const h of this.d.store.hostsDueRepeat(now - this.d.config.repeatInterval)) {
        this.touch(h, now);
        this.groups.get(h)!.nextFlushAt = Math.min(this.groups.get(h)!.nextFlushAt ?? now, now);
      }
      for (const [host, g] of this.groups) if (g.nextFlushAt !== null && g.nextFlushAt <= now) this.flush(host, now);
      if (now - this.lastPrune >= PRUNE_EVERY_MS) {
        this.lastPrune = now;
        this.d.store.prune(now - this.d.config.retention, now);
        this.d.silences.prune(now, now - this.d.config.retention);
      }
    } catch (err) {
      this.d.log.error({ err: (err as Error).message }, 'alert tick failed; will retry at the next one');
    }
  }

  /** Send what the host's channels have not been told yet (one transaction with the outbox). */
  flush(hostId: string, now: number): void {
    const g = this.groups.get(hostId);
    const hostname = this.d.hostname(hostId);
    const dash = this.d.dashboardUrl();
    this.d.db.transaction(() => {
      const alerts = this.d.store.toNotify(hostId);
      const plans = planGroup({
        alerts,
        channels: this.d.channels.list(),
        notices: this.d.store.notices(hostId),
        labels: (a) => labelsOf(a, hostname),
        silenced: (a) => this.d.silences.muting(labelsOf(a, hostname), now).length > 0,
        now,
        repeatInterval: this.d.config.repeatInterval,
      });
      const firingCount = alerts.filter((a) => a.state === 'firing').length;
      const items: EnqueueItem[] = [];
      for (const { channel, changes } of plans) {
        const batches = channel.type === 'pagerduty' ? changes.map((c) => [c]) : [changes];
        for (const batch of batches) {
          const n = this.notification(hostId, hostname, batch.map((c) => toNotifiedAlert(c.alert, hostname, dash, c.change)), firingCount, now);
          items.push({ channelId: channel.id, orderKey: orderKey(channel, hostId, batch[0]!.alert), event: batch.map((c) => c.change).join(','), notification: n });
        }
        for (const c of changes) {
          this.d.store.setNotice({ alert_id: c.alert.id, channel_id: channel.id, event: c.change === 'resolved' ? 'resolved' : 'firing', severity: c.alert.severity, sent_at: now });
          this.d.store.event(c.alert.id, now, 'notified', c.alert.severity, `${c.change} → ${channel.name}`);
        }
      }
      this.d.outbox.enqueue(items, this.wallNow());
    })();
    if (g) {
      g.lastFlushAt = now;
      g.nextFlushAt = null;
    }
  }

  /**
   * Acknowledge: no more reminders; channels that were told it fires hear of it at once
   * (PagerDuty acknowledge). Acknowledging again updates who and why.
   * @throws AlertNotFound, AlertConflict (already resolved)
   */
  ack(id: number, by: string, comment: string): AlertRow {
    const wall = this.wallNow();
    let row: AlertRow | undefined;
    this.d.db.transaction(() => {
      const a = this.d.store.get(id);
      if (!a) throw new AlertNotFound(`no alert with id ${id}`);
      if (a.state === 'resolved') throw new AlertConflict(`alert ${id} is resolved already`);
      const first = a.acked_at === null;
      this.d.store.ack(id, wall, by, comment);
      this.d.store.event(id, wall, 'acknowledged', a.severity, `${by}${comment ? `: ${comment}` : ''}`);
      row = this.d.store.get(id)!;
      if (!first || a.state !== 'firing') return;
      const hostname = this.d.hostname(a.host_id);
      const told = new Set(this.d.store.noticesOf(id).filter((n) => n.event === 'firing').map((n) => n.channel_id));
      const items: EnqueueItem[] = [];
      for (const ch of this.d.channels.list()) {
        if (!told.has(ch.id) || !ch.enabled) continue;
        const n = this.notification(a.host_id, hostname, [toNotifiedAlert(row, hostname, this.d.dashboardUrl(), 'acknowledged')], 1, null);
        items.push({ channelId: ch.id, orderKey: orderKey(ch, a.host_id, a), event: 'acknowledged', notification: n });
      }
      this.d.outbox.enqueue(items, wall);
    })();
    this.emit([row!]);
    return row!;
  }

  view(a: AlertRow, now: number): AlertView {
    const hostname = this.d.hostname(a.host_id);
    const silencedBy = a.state === 'resolved' ? [] : this.d.silences.muting(labelsOf(a, hostname), now);
    return toAlertView(a, hostname, this.d.dashboardUrl(), silencedBy);
  }

  private notification(hostId: string, hostname: string, alerts: Notification['alerts'], firingCount: number, eventNow: number | null): Notification {
    return {
      version: 1,
      type: 'alerts',
      idempotencyKey: randomUUID(),
      groupKey: `host:${hostId}`,
      host: { id: hostId, hostname },
      status: firingCount > 0 ? 'firing' : 'resolved',
      alerts,
      firingCount,
      eventTime: eventNow === null ? (this.lastTick === null ? null : this.lastTick / 1000) : eventNow / 1000,
      createdAt: this.wallNow() / 1000,
      dashboardUrl: this.d.dashboardUrl(),
    };
  }

  private emit(rows: AlertRow[]): void {
    const now = this.lastTick ?? 0;
    for (const r of rows) {
      try {
        this.d.onChange(this.view(r, now));
      } catch (err) {
        this.d.log.warn({ err: (err as Error).message }, 'alert.changed listener failed');
      }
    }
  }
}

/** One alert's notifications on PagerDuty, one host's on the other channels: each in order. */
function orderKey(ch: StoredChannel, hostId: string, a: AlertRow): string {
  return ch.type === 'pagerduty' ? `${ch.id}|${a.fingerprint}` : `${ch.id}|host:${hostId}`;
}

/** The summary of one kind's alert from the votes on that kind. */
function kindSummary(kind: string, severity: Severity, d: CouncilDecision): string {
  const backers = d.votes.filter((v) => v.kind === kind && v.severity !== 'ok').map((v) => `${v.analyser}: ${v.evidence[0] ?? v.severity}`);
  return backers.length ? `${severity} on ${kind}: ${backers.join('; ')}` : d.summary;
}
