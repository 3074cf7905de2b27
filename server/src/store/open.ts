/** Opening SQLite files with the pragmas every AURA database uses, and numbered migrations. */
import Database from 'better-sqlite3';

export type Db = Database.Database;

/**
 * WAL with synchronous=NORMAL: a commit survives a crash or kill -9 of the server (the WAL is in
 * the OS page cache); only a power loss can take the last commits, which is the trade-off SQLite
 * documents for WAL and the one Prometheus's TSDB makes too. busy_timeout covers backup readers.
 */
export function openDb(file: string, options: { readonly?: boolean } = {}): Db {
  const readonly = options.readonly ?? false;
  const db = new Database(file, { readonly, fileMustExist: readonly });
  // One exec for all pragmas: opening is on the hot path when the pool of host files turns over.
  // A small page cache per file: thousands are open at once, and each one's hot set (the newest
  // pages of the sample and rollup tables) is a few dozen pages. Small WALs (checkpoint every 100
  // pages, truncated to 512 KiB): thousands of files must not each hold 4 MiB of WAL, and closing
  // an evicted file must not checkpoint megabytes.
  db.exec(
    `${readonly ? '' : 'PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA wal_autocheckpoint = 100; PRAGMA journal_size_limit = 524288;'}` +
      ' PRAGMA busy_timeout = 5000; PRAGMA cache_size = -128;',
  );
  return db;
}

/**
 * Apply numbered migrations (index i → user_version i+1) in one transaction each.
 * A file from a newer AURA (higher user_version) is refused rather than guessed at.
 */
export function migrate(db: Db, migrations: readonly string[], what: string): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > migrations.length) {
    throw new Error(`${what} has schema version ${current}, newer than this AURA understands (${migrations.length}); upgrade AURA`);
  }
  for (let v = current; v < migrations.length; v++) {
    db.transaction(() => {
      db.exec(migrations[v]!);
      db.pragma(`user_version = ${v + 1}`);
    })();
  }
}

/** SQLite error codes that mean "the store cannot take writes right now" rather than a bug. */
export function isStoreUnavailable(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^SQLITE_(FULL|IOERR|READONLY|CANTOPEN|BUSY|LOCKED|NOMEM|CORRUPT)/.test(code);
}
