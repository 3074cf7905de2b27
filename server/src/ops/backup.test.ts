import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { T0, batchFrame, helloFrame, netSample, startTestServer, tempDir, type TestServer } from '../testing.js';
import { backupDataDir, restoreDataDir, verifyBackup } from './backup.js';

let t: TestServer | undefined;
const dirs: Array<{ remove(): void }> = [];
afterEach(async () => {
  await t?.stop();
  t = undefined;
  for (const d of dirs.splice(0)) d.remove();
});

function dir(): string {
  const d = tempDir('aura-backup-');
  dirs.push(d);
  return d.dir;
}

function rows(file: string): number[] {
  const db = new Database(file, { readonly: true });
  try {
    return (db.prepare('SELECT ts FROM sample ORDER BY ts').all() as Array<{ ts: number }>).map((r) => r.ts);
  } finally {
    db.close();
  }
}

async function ingest(server: TestServer, hostId: string, n: number): Promise<void> {
  const a = server.agent();
  await a.opened;
  a.send(helloFrame(hostId));
  await a.expect('welcome');
  for (let seq = 1; seq <= n; seq++) {
    a.send(batchFrame(seq, [netSample(T0 + seq * 5000, seq * 100)]));
    await a.expect('ack');
  }
  await a.close();
}

describe('backup and restore', () => {
  it('backs up a live data directory (catalog and every host file), restores it, and a server on it has every sample', async () => {
    t = await startTestServer();
    await ingest(t, 'bk-a', 5);
    await ingest(t, 'bk-b', 3);
    const out = join(dir(), 'backup');
    const manifest = await backupDataDir(t.dir, out);
    expect(manifest.files.map((f) => f.path)).toEqual(['aura.db', 'hosts/bk-a.db', 'hosts/bk-b.db']);
    // Each copy is one self-contained file: no -wal or -shm beside it.
    expect(readdirSync(join(out, 'hosts')).sort()).toEqual(['bk-a.db', 'bk-b.db']);
    expect(rows(join(out, 'hosts/bk-a.db'))).toHaveLength(5);

    const data = join(dir(), 'restored');
    restoreDataDir(out, data);
    await t.stop();
    t = await startTestServer({}, data);
    const hosts = await t.json<{ hosts: Array<{ id: string }> }>('/api/v1/hosts');
    expect(hosts.hosts.map((h) => h.id).sort()).toEqual(['bk-a', 'bk-b']);
    expect(rows(join(data, 'hosts/bk-b.db'))).toEqual([T0 + 5000, T0 + 10_000, T0 + 15_000]);
  });

  it('refuses a non-empty target, damaged or unfinished backups; --force moves the old data aside', async () => {
    t = await startTestServer();
    await ingest(t, 'bk-c', 2);
    const out = join(dir(), 'backup');
    await backupDataDir(t.dir, out);
    await expect(backupDataDir(t.dir, out)).rejects.toThrow(/is not empty/);
    await t.stop(false);

    const data = dir();
    writeFileSync(join(data, 'keep.txt'), 'operator notes');
    expect(() => restoreDataDir(out, data)).toThrow(/is not empty: .*--force/);
    const r = restoreDataDir(out, data, { force: true });
    expect(readFileSync(join(r.movedAside!, 'keep.txt'), 'utf8')).toBe('operator notes');
    expect(existsSync(join(data, 'hosts/bk-c.db'))).toBe(true);

    // A flipped byte in a host file: the SHA-256 check names the file.
    const f = join(out, 'hosts/bk-c.db');
    const bytes = readFileSync(f);
    bytes[bytes.length - 100]! ^= 0xff;
    writeFileSync(f, bytes);
    expect(() => verifyBackup(out)).toThrow(/bk-c\.db does not match its SHA-256/);
    const empty = dir();
    expect(() => restoreDataDir(empty, join(dir(), 'x'))).toThrow(/has no manifest\.json/);
  });
});
