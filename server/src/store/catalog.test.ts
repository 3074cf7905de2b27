import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { HostFacts, HostId } from '@aura/protocol';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { helloFrame, tempDir } from '../testing.js';
import { Catalog, generateToken, hashToken } from './catalog.js';

let tmp: ReturnType<typeof tempDir>;
let catalog: Catalog;
let file: string;
beforeEach(() => {
  tmp = tempDir('aura-catalog-');
  file = join(tmp.dir, 'aura.db');
  catalog = new Catalog(file);
});
afterEach(() => {
  if (catalog.db.open) catalog.close();
  tmp.remove();
});

/** Every byte SQLite has written for the catalog: the file and any -wal / -shm beside it. */
const catalogBytes = () =>
  Buffer.concat(readdirSync(tmp.dir).filter((f) => f.startsWith('aura.db')).map((f) => readFileSync(join(tmp.dir, f))));

describe('Catalog tokens', () => {
  it('create, verify, list and revoke', () => {
    const { id, token } = catalog.createToken('api', 'ci');
    expect(token).toMatch(/^aura_api_[A-Za-z0-9_-]{32}$/);
    expect(catalog.verifyToken('api', token)).toMatchObject({ id, kind: 'api', name: 'ci', revoked: null });
    // Right token, wrong kind; a near miss; nothing.
    expect(catalog.verifyToken('agent', token)).toBeUndefined();
    expect(catalog.verifyToken('api', `${token}x`)).toBeUndefined();
    expect(catalog.verifyToken('api', '')).toBeUndefined();
    expect(catalog.tokens().map((t) => t.id)).toEqual([id]);
    expect(catalog.activeTokenCount('api')).toBe(1);

    expect(catalog.revokeToken(id)).toBe(true);
    expect(catalog.revokeToken(id)).toBe(false);
    expect(catalog.revokeToken('no-such-id')).toBe(false);
    expect(catalog.verifyToken('api', token)).toBeUndefined();
    expect(catalog.activeTokenCount('api')).toBe(0);
    expect(catalog.tokens()[0]!.revoked).toEqual(expect.any(Number));
  });

  it('stores SHA-256 hashes, never the tokens: not in the token table, not anywhere in the files', () => {
    const made = catalog.createToken('agent', 'fleet');
    const given = 'operator-chosen-api-token-1234567890';
    catalog.ensureToken('api', 'from env', given);
    const rows = catalog.db.prepare('SELECT * FROM token').all() as Array<Record<string, unknown>>;
    expect(rows).toHaveLength(2);
    expect(rows.map((r) => r.hash).sort()).toEqual([hashToken(made.token), hashToken(given)].sort());
    const cells = rows.flatMap((r) => Object.values(r).map(String));
    for (const t of [made.token, given]) expect(cells.some((c) => c.includes(t))).toBe(false);
    expect(Object.keys(rows[0]!).sort()).toEqual(['created', 'hash', 'id', 'kind', 'name', 'revoked']);

    const inFiles = () => {
      const bytes = catalogBytes();
      // The search itself works: the hash is found where the token is not.
      expect(bytes.includes(hashToken(given))).toBe(true);
      return [made.token, given].filter((t) => bytes.includes(t));
    };
    expect(inFiles()).toEqual([]); // while open (the WAL holds the newest pages)
    catalog.close();
    expect(inFiles()).toEqual([]); // after the checkpoint on close
  });

  it('hashToken is SHA-256 hex; generated tokens differ and carry their kind', () => {
    expect(hashToken('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    const a = generateToken('agent');
    expect(a.startsWith('aura_agent_')).toBe(true);
    expect(generateToken('agent')).not.toBe(a);
  });

  it('ensureToken is idempotent and refuses to reuse a token across kinds', () => {
    const t = 'operator-chosen-agent-token-123456';
    catalog.ensureToken('agent', 'from env', t);
    catalog.ensureToken('agent', 'from env', t);
    expect(catalog.tokens()).toHaveLength(1);
    expect(catalog.verifyToken('agent', t)).toBeDefined();
    expect(() => catalog.ensureToken('api', 'from env', t)).toThrow(/already registered as an agent token/);
    // Across restarts too.
    catalog.close();
    catalog = new Catalog(file);
    catalog.ensureToken('agent', 'from env', t);
    expect(catalog.tokens()).toHaveLength(1);
  });
});

describe('Catalog hosts', () => {
  const facts = helloFrame('web-1').host as HostFacts;
  const id = 'web-1' as HostId;

  it('registers and updates a host, keeping when it was first seen', () => {
    catalog.registerHost(id, facts, '0.1.0', 5000, 1_000_000);
    catalog.registerHost(id, { ...facts, hostname: 'web-1-renamed' }, '0.2.0', 10_000, 2_000_000);
    const row = catalog.host('web-1')!;
    expect(row).toMatchObject({ id, hostname: 'web-1-renamed', agent_version: '0.2.0', interval_ms: 10_000, first_seen: 1_000_000, last_connect: 2_000_000, last_seen: null });
    expect(JSON.parse(row.facts)).toMatchObject({ hostname: 'web-1-renamed', cpu: { cores: 4 } });
    expect(catalog.hosts().map((h) => h.id)).toEqual(['web-1']);
    expect(catalog.host('nope')).toBeUndefined();
  });

  it('last seen only moves forward, is visible before it is flushed, and survives a restart', () => {
    catalog.registerHost(id, facts, '0.1.0', 5000, 1);
    catalog.noteLastSeen(id, 5000);
    catalog.noteLastSeen(id, 3000);
    expect(catalog.host('web-1')!.last_seen).toBeNull();
    expect(catalog.lastSeenOf(catalog.host('web-1')!)).toBe(5000);
    catalog.flushLastSeen();
    expect(catalog.host('web-1')!.last_seen).toBe(5000);
    catalog.noteLastSeen(id, 4000);
    catalog.flushLastSeen();
    expect(catalog.host('web-1')!.last_seen).toBe(5000);
    catalog.noteLastSeen(id, 9000);
    catalog.close(); // flushes
    catalog = new Catalog(file);
    expect(catalog.host('web-1')!.last_seen).toBe(9000);
  });
});
