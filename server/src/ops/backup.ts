/**
 * Online backup and restore of a data directory. Every SQLite file (aura.db and each host file)
 * is copied through SQLite's backup API while the server keeps writing, so each copy is a
 * consistent snapshot of its file; each copy is checked with PRAGMA integrity_check and listed
 * with its SHA-256 in manifest.json, written last (a backup without one is incomplete).
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { z } from 'zod';

export const MANIFEST = 'manifest.json';

const manifestSchema = z.object({
  format: z.literal(1),
  createdAt: z.string(),
  source: z.string(),
  files: z.array(z.object({ path: z.string().regex(/^(aura\.db|hosts\/[^/]+\.db)$/), bytes: z.number().int().nonnegative(), sha256: z.string().regex(/^[0-9a-f]{64}$/) })),
});
export type BackupManifest = z.infer<typeof manifestSchema>;

/** Pages copied per backup step: big enough to finish quickly, small enough to yield between steps. */
const PAGES_PER_STEP = 1024;

function sha256File(path: string): string {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}

function isEmptyDir(dir: string): boolean {
  return !existsSync(dir) || (statSync(dir).isDirectory() && readdirSync(dir).length === 0);
}

/** The SQLite files of a data directory, catalog first (relative paths). */
export function dataFiles(dataDir: string): string[] {
  const hostsDir = join(dataDir, 'hosts');
  const hosts = existsSync(hostsDir) ? readdirSync(hostsDir).filter((f) => /^[^.][^/]*\.db$/.test(f)).sort() : [];
  return ['aura.db', ...hosts.map((f) => `hosts/${f}`)];
}

/** integrity_check of one file; throws naming the file when it is not "ok". */
export function checkIntegrity(file: string): void {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const rows = db.pragma('integrity_check') as Array<{ integrity_check: string }>;
    const verdict = rows.map((r) => r.integrity_check).join('; ');
    if (verdict !== 'ok') throw new Error(`${file} failed PRAGMA integrity_check: ${verdict.slice(0, 300)}`);
  } finally {
    db.close();
  }
}

export interface BackupOptions {
  /** Called after each file, e.g. to print progress. */
  onFile?: (done: number, total: number, path: string) => void;
}

/**
 * Back up `dataDir` into `outDir` (which must be empty or absent) while the server runs.
 * @example await backupDataDir('/var/lib/aura', '/backups/aura-2026-01-01')
 */
export async function backupDataDir(dataDir: string, outDir: string, opts: BackupOptions = {}): Promise<BackupManifest> {
  const src = resolve(dataDir);
  const out = resolve(outDir);
  if (!existsSync(join(src, 'aura.db'))) throw new Error(`no AURA data at ${src} (aura.db is missing)`);
  if (!isEmptyDir(out)) throw new Error(`${out} is not empty: back up into a new directory, so no earlier backup is overwritten`);
  mkdirSync(join(out, 'hosts'), { recursive: true, mode: 0o700 });
  const files = dataFiles(src);
  const manifest: BackupManifest = { format: 1, createdAt: new Date().toISOString(), source: src, files: [] };
  for (const [i, rel] of files.entries()) {
    const from = join(src, rel);
    const to = join(out, rel);
    const partial = `${to}.partial`;
    let db: Database.Database;
    try {
      db = new Database(from, { fileMustExist: true });
    } catch (err) {
      // A host file can vanish between listing and copying only if it was being created (renamed into place) or removed.
      if ((err as { code?: string }).code === 'SQLITE_CANTOPEN' && rel !== 'aura.db') continue;
      throw err;
    }
    try {
      db.pragma('busy_timeout = 5000');
      await db.backup(partial, { progress: () => PAGES_PER_STEP });
    } finally {
      db.close();
    }
    // The copy stands alone: rollback journal instead of WAL, so it is one file and needs no -wal beside it.
    const copy = new Database(partial);
    try {
      copy.pragma('journal_mode = DELETE');
    } finally {
      copy.close();
    }
    checkIntegrity(partial);
    renameSync(partial, to);
    manifest.files.push({ path: rel, bytes: statSync(to).size, sha256: sha256File(to) });
    opts.onFile?.(i + 1, files.length, rel);
  }
  writeFileSync(join(out, `${MANIFEST}.partial`), `${JSON.stringify(manifest, null, 2)}\n`, { mode: 0o600 });
  renameSync(join(out, `${MANIFEST}.partial`), join(out, MANIFEST));
  return manifest;
}

/** Read and check a backup's manifest and every file it lists (SHA-256 and integrity_check). */
export function verifyBackup(backupDir: string): BackupManifest {
  const dir = resolve(backupDir);
  const file = join(dir, MANIFEST);
  if (!existsSync(file)) throw new Error(`${dir} has no ${MANIFEST}: not an AURA backup, or the backup did not finish`);
  const parsed = manifestSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
  if (!parsed.success) throw new Error(`${file}: ${parsed.error.issues[0]?.path.join('.')}: ${parsed.error.issues[0]?.message}`);
  if (!parsed.data.files.some((f) => f.path === 'aura.db')) throw new Error(`${file} lists no aura.db`);
  for (const f of parsed.data.files) {
    const p = join(dir, f.path);
    if (!existsSync(p)) throw new Error(`${p} is listed in the manifest but missing`);
    const sum = sha256File(p);
    if (sum !== f.sha256) throw new Error(`${p} does not match its SHA-256 in the manifest (damaged or changed since the backup)`);
    checkIntegrity(p);
  }
  return parsed.data;
}

export interface RestoreResult {
  manifest: BackupManifest;
  /** Where the data that was there before went (with force). */
  movedAside?: string;
}

/**
 * Restore a verified backup into `dataDir`, which must be empty or absent unless `force`: then
 * what is there is moved aside (`<dataDir>.before-restore-<time>`), never deleted. Stop the
 * server first.
 * @example restoreDataDir('/backups/aura-2026-01-01', '/var/lib/aura')
 */
export function restoreDataDir(backupDir: string, dataDir: string, opts: { force?: boolean } = {}): RestoreResult {
  const manifest = verifyBackup(backupDir);
  const target = resolve(dataDir);
  if (!isEmptyDir(target) && !opts.force) {
    throw new Error(`${target} is not empty: restore into an empty directory, or pass --force to move what is there aside first`);
  }
  const staging = `${target}.restoring-${process.pid}`;
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(join(staging, 'hosts'), { recursive: true, mode: 0o750 });
  for (const f of manifest.files) {
    const to = join(staging, f.path);
    writeFileSync(to, readFileSync(join(resolve(backupDir), f.path)), { mode: 0o600 });
    checkIntegrity(to);
  }
  let movedAside: string | undefined;
  if (existsSync(target)) {
    if (isEmptyDir(target)) rmSync(target, { recursive: true });
    else {
      movedAside = `${target}.before-restore-${new Date().toISOString().replace(/[:.]/g, '-')}`;
      renameSync(target, movedAside);
    }
  }
  mkdirSync(dirname(target), { recursive: true });
  renameSync(staging, target);
  return movedAside ? { manifest, movedAside } : { manifest };
}
