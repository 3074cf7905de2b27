/** Alerts, their history and what each channel was told, in `aura.db`: prepared statements per table. */
import type { AlertEventView, AlertState, Severity } from '@aura/protocol';
import type { Db } from '../store/index.js';

export interface AlertRow {
  id: number;
  fingerprint: string;
  host_id: string;
  kind: string;
  state: AlertState;
  severity: Severity;
  summary: string;
  /** JSON of the CouncilDecision that last changed the alert. */
  decision: string | null;
  /** Event time, unix ms. */
  starts_at: number;
  fired_at: number | null;
  resolved_at: number | null;
  updated_at: number;
  /** Wall clock, unix ms. */
  acked_at: number | null;
  acked_by: string | null;
  ack_comment: string | null;
}

export interface NoticeRow {
  alert_id: number;
  channel_id: string;
  event: 'firing' | 'resolved';
  severity: Severity;
  sent_at: number;
}

export interface AlertQuery {
  states: AlertState[];
  host?: string | undefined;
  kind?: string | undefined;
  limit: number;
}

export class AlertStore {
  private readonly stmt;

  constructor(readonly db: Db) {
    this.stmt = {
      active: db.prepare("SELECT * FROM alert WHERE host_id = ? AND state != 'resolved'"),
      get: db.prepare('SELECT * FROM alert WHERE id = ?'),
      insert: db.prepare(`INSERT INTO alert (fingerprint, host_id, kind, state, severity, summary, decision, starts_at, fired_at, resolved_at, updated_at)
        VALUES (@fingerprint, @host_id, @kind, @state, @severity, @summary, @decision, @starts_at, @fired_at, NULL, @updated_at)`),
      update: db.prepare(`UPDATE alert SET state = @state, severity = @severity, summary = @summary, decision = @decision, fired_at = @fired_at,
        resolved_at = @resolved_at, updated_at = @updated_at WHERE id = @id`),
      ack: db.prepare('UPDATE alert SET acked_at = ?, acked_by = ?, ack_comment = ? WHERE id = ?'),
      event: db.prepare('INSERT INTO alert_event (alert_id, ts, type, severity, detail) VALUES (?, ?, ?, ?, ?)'),
      history: db.prepare('SELECT ts, type, severity, detail FROM alert_event WHERE alert_id = ? ORDER BY id'),
      // Firing alerts, and resolved ones a channel still believes firing (their resolve is owed).
      toNotify: db.prepare(`SELECT * FROM alert WHERE host_id = ? AND (state = 'firing'
        OR (state = 'resolved' AND id IN (SELECT alert_id FROM alert_notice WHERE event = 'firing'))) ORDER BY id`),
      notices: db.prepare('SELECT n.* FROM alert_notice n JOIN alert a ON a.id = n.alert_id WHERE a.host_id = ?'),
      noticesOf: db.prepare('SELECT * FROM alert_notice WHERE alert_id = ?'),
      setNotice: db.prepare('INSERT OR REPLACE INTO alert_notice (alert_id, channel_id, event, severity, sent_at) VALUES (?, ?, ?, ?, ?)'),
      dueRepeats: db.prepare(`SELECT DISTINCT a.host_id FROM alert a JOIN alert_notice n ON n.alert_id = a.id
        WHERE a.state = 'firing' AND a.acked_at IS NULL AND n.event = 'firing' AND n.sent_at <= ?`),
      activeHosts: db.prepare("SELECT DISTINCT host_id FROM alert WHERE state != 'resolved'"),
      owedHosts: db.prepare(`SELECT DISTINCT host_id FROM alert WHERE state = 'firing'
        OR (state = 'resolved' AND id IN (SELECT alert_id FROM alert_notice WHERE event = 'firing'))`),
      pruneAlerts: db.prepare("DELETE FROM alert WHERE state = 'resolved' AND (resolved_at < ? OR (fired_at IS NULL AND resolved_at < ?))"),
      pruneEvents: db.prepare('DELETE FROM alert_event WHERE alert_id NOT IN (SELECT id FROM alert)'),
      pruneNotices: db.prepare('DELETE FROM alert_notice WHERE alert_id NOT IN (SELECT id FROM alert)'),
      loadCouncil: db.prepare('SELECT host_id, state FROM council_state'),
      saveCouncil: db.prepare('INSERT OR REPLACE INTO council_state (host_id, state, updated_at) VALUES (?, ?, ?)'),
    };
  }

  active(hostId: string): AlertRow[] {
    return this.stmt.active.all(hostId) as AlertRow[];
  }

  get(id: number): AlertRow | undefined {
    return this.stmt.get.get(id) as AlertRow | undefined;
  }

  insert(a: Omit<AlertRow, 'id' | 'resolved_at' | 'acked_at' | 'acked_by' | 'ack_comment'>): AlertRow {
    const id = Number(this.stmt.insert.run(a).lastInsertRowid);
    return this.get(id)!;
  }

  update(a: AlertRow): void {
    this.stmt.update.run({ id: a.id, state: a.state, severity: a.severity, summary: a.summary, decision: a.decision, fired_at: a.fired_at, resolved_at: a.resolved_at, updated_at: a.updated_at });
  }

  ack(id: number, at: number, by: string, comment: string): void {
    this.stmt.ack.run(at, by, comment, id);
  }

  event(alertId: number, ts: number, type: AlertEventView['type'], severity: Severity, detail: string): void {
    this.stmt.event.run(alertId, ts, type, severity, detail);
  }

  history(alertId: number): AlertEventView[] {
    return (this.stmt.history.all(alertId) as Array<Omit<AlertEventView, 'ts'> & { ts: number }>).map((e) => ({ ...e, ts: e.ts / 1000 }));
  }

  /** Alerts, newest first, by state (and host, kind). */
  list(q: AlertQuery): AlertRow[] {
    const where = [`state IN (${q.states.map(() => '?').join(',')})`];
    const args: unknown[] = [...q.states];
    if (q.host) {
      where.push('host_id = ?');
      args.push(q.host);
    }
    if (q.kind) {
      where.push('kind = ?');
      args.push(q.kind);
    }
    return this.db.prepare(`SELECT * FROM alert WHERE ${where.join(' AND ')} ORDER BY COALESCE(resolved_at, updated_at) DESC, id DESC LIMIT ?`).all(...args, q.limit) as AlertRow[];
  }

  toNotify(hostId: string): AlertRow[] {
    return this.stmt.toNotify.all(hostId) as AlertRow[];
  }

  /** What each channel was told about the host's alerts, keyed `alertId:channelId`. */
  notices(hostId: string): Map<string, NoticeRow> {
    return new Map((this.stmt.notices.all(hostId) as NoticeRow[]).map((n) => [`${n.alert_id}:${n.channel_id}`, n]));
  }

  noticesOf(alertId: number): NoticeRow[] {
    return this.stmt.noticesOf.all(alertId) as NoticeRow[];
  }

  setNotice(n: NoticeRow): void {
    this.stmt.setNotice.run(n.alert_id, n.channel_id, n.event, n.severity, n.sent_at);
  }

  /** Hosts with a firing, unacknowledged alert last sent at or before `sentBefore` (event ms). */
  hostsDueRepeat(sentBefore: number): string[] {
    return (this.stmt.dueRepeats.all(sentBefore) as Array<{ host_id: string }>).map((r) => r.host_id);
  }

  /** Hosts with a pending or firing alert. */
  hostsActive(): string[] {
    return (this.stmt.activeHosts.all() as Array<{ host_id: string }>).map((r) => r.host_id);
  }

  /** Hosts with firing alerts or owed resolves. */
  hostsOwed(): string[] {
    return (this.stmt.owedHosts.all() as Array<{ host_id: string }>).map((r) => r.host_id);
  }

  /** Forget resolved alerts older than `resolvedBefore`, and pending ones that never fired after a day. */
  prune(resolvedBefore: number, now: number): number {
    return this.db.transaction(() => {
      const n = this.stmt.pruneAlerts.run(resolvedBefore, now - 86_400_000).changes;
      if (n > 0) {
        this.stmt.pruneEvents.run();
        this.stmt.pruneNotices.run();
      }
      return n;
    })();
  }

  loadCouncil(): Array<{ hostId: string; state: unknown }> {
    return (this.stmt.loadCouncil.all() as Array<{ host_id: string; state: string }>).map((r) => {
      let state: unknown = null;
      try {
        state = JSON.parse(r.state);
      } catch {
        // Unreadable: the council starts this host afresh.
      }
      return { hostId: r.host_id, state };
    });
  }

  saveCouncil(entries: ReadonlyArray<[hostId: string, state: unknown]>, nowMs: number): void {
    this.db.transaction(() => {
      for (const [id, s] of entries) this.stmt.saveCouncil.run(id, JSON.stringify(s), nowMs);
    })();
  }
}
