/**
 * Silences in `aura.db`: matchers, start, end, author, comment. A silence mutes the alerts it
 * matches while the fleet's event time is inside [startsAt, endsAt); deleting one expires it
 * (it stays in the history). Times are unix ms.
 */
import { randomUUID } from 'node:crypto';
import type { Matcher, SilenceState, SilenceView } from '@aura/protocol';
import type { Db } from '../store/index.js';
import { matchesAll, type AlertLabels } from './matchers.js';

interface SilenceRow {
  id: string;
  matchers: string;
  starts_at: number;
  ends_at: number;
  created_by: string;
  comment: string;
  created_at: number;
}

export interface Silence {
  id: string;
  matchers: Matcher[];
  startsAt: number;
  endsAt: number;
  createdBy: string;
  comment: string;
  createdAt: number;
}

const fromRow = (r: SilenceRow): Silence => ({ id: r.id, matchers: JSON.parse(r.matchers) as Matcher[], startsAt: r.starts_at, endsAt: r.ends_at, createdBy: r.created_by, comment: r.comment, createdAt: r.created_at });

export function silenceState(s: Silence, now: number): SilenceState {
  if (now >= s.endsAt || s.endsAt <= s.startsAt) return 'expired';
  return now < s.startsAt ? 'pending' : 'active';
}

export function toSilenceView(s: Silence, now: number): SilenceView {
  return { id: s.id, matchers: s.matchers, startsAt: s.startsAt / 1000, endsAt: s.endsAt / 1000, createdBy: s.createdBy, comment: s.comment, createdAt: s.createdAt / 1000, state: silenceState(s, now) };
}

export class SilenceStore {
  private readonly stmt;
  /** Silences not yet expired, kept in memory (they are few and checked for every notification). */
  private live: Silence[];

  constructor(db: Db) {
    this.stmt = {
      insert: db.prepare('INSERT INTO silence (id, matchers, starts_at, ends_at, created_by, comment, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)'),
      all: db.prepare('SELECT * FROM silence ORDER BY starts_at DESC'),
      notExpired: db.prepare('SELECT * FROM silence WHERE ends_at > ?'),
      byId: db.prepare('SELECT * FROM silence WHERE id = ?'),
      end: db.prepare('UPDATE silence SET ends_at = ? WHERE id = ?'),
      prune: db.prepare('DELETE FROM silence WHERE ends_at < ?'),
    };
    this.live = (this.stmt.all.all() as SilenceRow[]).map(fromRow);
  }

  create(s: Omit<Silence, 'id'>): Silence {
    const silence = { ...s, id: randomUUID() };
    this.stmt.insert.run(silence.id, JSON.stringify(s.matchers), s.startsAt, s.endsAt, s.createdBy, s.comment, s.createdAt);
    this.live.push(silence);
    return silence;
  }

  get(id: string): Silence | undefined {
    const r = this.stmt.byId.get(id) as SilenceRow | undefined;
    return r && fromRow(r);
  }

  list(): Silence[] {
    return (this.stmt.all.all() as SilenceRow[]).map(fromRow);
  }

  /** End a silence now (a pending one ends before it starts). Returns the updated silence. */
  expire(id: string, now: number): Silence | undefined {
    const s = this.get(id);
    if (!s) return undefined;
    const end = Math.min(s.endsAt, now);
    this.stmt.end.run(end, id);
    const i = this.live.findIndex((x) => x.id === id);
    if (i >= 0) this.live[i] = { ...this.live[i]!, endsAt: end };
    return this.get(id);
  }

  /** Ids of the silences muting an alert with these labels at `now`. */
  muting(labels: AlertLabels, now: number): string[] {
    return this.live.filter((s) => s.startsAt <= now && now < s.endsAt && matchesAll(s.matchers, labels)).map((s) => s.id);
  }

  /** Whether any silence started or ended in (from, to]: groups must then be looked at again. */
  changedBetween(from: number, to: number): boolean {
    return this.live.some((s) => (s.startsAt > from && s.startsAt <= to) || (s.endsAt > from && s.endsAt <= to));
  }

  /** Drop expired silences from memory and, older than `before`, from the store. */
  prune(now: number, before: number): void {
    this.live = this.live.filter((s) => s.endsAt > now - 86_400_000);
    this.stmt.prune.run(before);
  }
}
