/** `<data>/aura.db`: the host catalog and tokens (stored as SHA-256 hashes, never in clear). */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { HostFacts, HostId } from '@aura/protocol';
import { ALERTS_MIGRATION } from './alerts-schema.js';
import { migrate, openDb, type Db } from './open.js';

const CATALOG_MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE host (
    id TEXT PRIMARY KEY,
    hostname TEXT NOT NULL,
    machine_id TEXT NOT NULL,
    facts TEXT NOT NULL,
    agent_version TEXT NOT NULL,
    interval_ms INTEGER NOT NULL,
    first_seen INTEGER NOT NULL,
    last_seen INTEGER,
    last_connect INTEGER NOT NULL
  );
  CREATE TABLE token (
    id TEXT PRIMARY KEY,
    kind TEXT NOT NULL CHECK (kind IN ('agent', 'api')),
    name TEXT NOT NULL,
    hash TEXT NOT NULL UNIQUE,
    created INTEGER NOT NULL,
    revoked INTEGER
  );
  `,
  ALERTS_MIGRATION,
];

export type TokenKind = 'agent' | 'api';

export interface HostRow {
  id: HostId;
  hostname: string;
  machine_id: string;
  facts: string;
  agent_version: string;
  interval_ms: number;
  first_seen: number;
  last_seen: number | null;
  last_connect: number;
}

export interface TokenRow {
  id: string;
  kind: TokenKind;
  name: string;
  created: number;
  revoked: number | null;
}

/** Tokens are 32 random bytes, so a plain SHA-256 is enough (no password stretching needed). */
export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export function generateToken(kind: TokenKind): string {
  return `aura_${kind}_${randomBytes(24).toString('base64url')}`;
}

export class Catalog {
  readonly db: Db;
  private readonly stmt;
  private readonly pendingLastSeen = new Map<HostId, number>();

  constructor(file: string) {
    this.db = openDb(file);
    migrate(this.db, CATALOG_MIGRATIONS, file);
    this.stmt = {
      upsertHost: this.db.prepare(`
        INSERT INTO host (id, hostname, machine_id, facts, agent_version, interval_ms, first_seen, last_seen, last_connect)
        VALUES (@id, @hostname, @machine_id, @facts, @agent_version, @interval_ms, @now, NULL, @now)
        ON CONFLICT (id) DO UPDATE SET hostname = excluded.hostname, machine_id = excluded.machine_id,
          facts = excluded.facts, agent_version = excluded.agent_version, interval_ms = excluded.interval_ms,
          last_connect = excluded.last_connect`),
      lastSeen: this.db.prepare('UPDATE host SET last_seen = MAX(COALESCE(last_seen, 0), ?) WHERE id = ?'),
      hosts: this.db.prepare('SELECT * FROM host ORDER BY id'),
      host: this.db.prepare('SELECT * FROM host WHERE id = ?'),
      tokenByHash: this.db.prepare('SELECT id, kind, name, created, revoked FROM token WHERE hash = ?'),
      insertToken: this.db.prepare('INSERT INTO token (id, kind, name, hash, created) VALUES (?, ?, ?, ?, ?)'),
      tokens: this.db.prepare('SELECT id, kind, name, created, revoked FROM token ORDER BY created'),
      revoke: this.db.prepare('UPDATE token SET revoked = ? WHERE id = ? AND revoked IS NULL'),
      countTokens: this.db.prepare('SELECT COUNT(*) AS n FROM token WHERE kind = ? AND revoked IS NULL'),
    };
  }

  registerHost(id: HostId, facts: HostFacts, agentVersion: string, intervalMs: number, nowMs: number): void {
    this.stmt.upsertHost.run({
      id,
      hostname: facts.hostname,
      machine_id: facts.machineId,
      facts: JSON.stringify(facts),
      agent_version: agentVersion,
      interval_ms: intervalMs,
      now: nowMs,
    });
  }

  /** Remember a host's newest sample time; written in bulk by flushLastSeen(). */
  noteLastSeen(id: HostId, tsMs: number): void {
    const cur = this.pendingLastSeen.get(id);
    if (cur === undefined || tsMs > cur) this.pendingLastSeen.set(id, tsMs);
  }

  /** One transaction for every pending last-seen update (once a second, not once per batch). */
  flushLastSeen(): void {
    if (this.pendingLastSeen.size === 0) return;
    const pending = [...this.pendingLastSeen];
    this.pendingLastSeen.clear();
    this.db.transaction(() => {
      for (const [id, ts] of pending) this.stmt.lastSeen.run(ts, id);
    })();
  }

  /** Last-seen for a host including updates not yet flushed. */
  lastSeenOf(row: HostRow): number | null {
    const pending = this.pendingLastSeen.get(row.id);
    return pending !== undefined ? Math.max(pending, row.last_seen ?? 0) : row.last_seen;
  }

  hosts(): HostRow[] {
    return this.stmt.hosts.all() as HostRow[];
  }

  host(id: string): HostRow | undefined {
    return this.stmt.host.get(id) as HostRow | undefined;
  }

  createToken(kind: TokenKind, name: string, token = generateToken(kind)): { id: string; token: string } {
    const id = randomUUID();
    this.stmt.insertToken.run(id, kind, name, hashToken(token), Date.now());
    return { id, token };
  }

  /** Make sure a token given by the operator (env or config) is known; idempotent. */
  ensureToken(kind: TokenKind, name: string, token: string): void {
    const row = this.stmt.tokenByHash.get(hashToken(token)) as TokenRow | undefined;
    if (!row) this.createToken(kind, name, token);
    else if (row.kind !== kind) throw new Error(`the ${name} token is already registered as an ${row.kind} token; use a different value`);
  }

  /** The token's row if it is valid for this kind and not revoked. */
  verifyToken(kind: TokenKind, token: string): TokenRow | undefined {
    const row = this.stmt.tokenByHash.get(hashToken(token)) as TokenRow | undefined;
    return row && row.kind === kind && row.revoked === null ? row : undefined;
  }

  tokens(): TokenRow[] {
    return this.stmt.tokens.all() as TokenRow[];
  }

  revokeToken(id: string): boolean {
    return this.stmt.revoke.run(Date.now(), id).changes > 0;
  }

  activeTokenCount(kind: TokenKind): number {
    return (this.stmt.countTokens.get(kind) as { n: number }).n;
  }

  close(): void {
    this.flushLastSeen();
    this.db.close();
  }
}
