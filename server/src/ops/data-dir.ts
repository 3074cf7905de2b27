/**
 * The data directory as the operations commands (token, backup, restore) see it: resolved like
 * `aura serve` resolves it, and guarded against root creating SQLite side files (-wal, -shm) that
 * the server's own user could then not open.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { loadServerConfig } from '../config/index.js';
import { UsageError } from '../commands/io.js';

/** `--data`, else AURA_DATA, else the config file's `data`, else ./data (as `aura serve`). */
export function resolveDataDir(flags: { data?: string | undefined; config?: string | undefined }, env: NodeJS.ProcessEnv): string {
  return resolve(loadServerConfig({ data: flags.data, config: flags.config }, env).data);
}

/** The catalog file of a data directory that must exist already. */
export function requireCatalog(dataDir: string): string {
  const file = join(dataDir, 'aura.db');
  if (!existsSync(file)) throw new UsageError(`no AURA data at ${dataDir} (aura.db is missing): pass --data DIR or set AURA_DATA (example: --data /var/lib/aura)`);
  return file;
}

function userName(uid: number): string {
  try {
    const line = readFileSync('/etc/passwd', 'utf8').split('\n').find((l) => l.split(':')[2] === String(uid));
    return line?.split(':')[0] ?? String(uid);
  } catch {
    return String(uid);
  }
}

/**
 * Refuse to run as root on files another user owns: SQLite would create -wal/-shm files owned by
 * root, and the server (running as its own user) could no longer open its databases.
 * @example assertSameOwner('/var/lib/aura', 'token list')
 */
export function assertSameOwner(path: string, command: string, uid = process.getuid?.()): void {
  if (uid !== 0) return;
  let p = resolve(path);
  while (!existsSync(p) && dirname(p) !== p) p = dirname(p);
  const owner = statSync(p).uid;
  if (owner === 0) return;
  const name = userName(owner);
  throw new UsageError(`${p} belongs to ${name}, not root: run this as its owner (example: sudo -u ${name} aura ${command}), so the databases keep one owner`);
}
