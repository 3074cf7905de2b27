/** Read what the server stored, straight from the SQLite files (after the server has stopped). */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';

export function storedTimestamps(dataDir: string, hostId: string): number[] {
  const file = join(dataDir, 'hosts', `${hostId}.db`);
  if (!existsSync(file)) return [];
  const db = new Database(file, { readonly: true });
  try {
    return (db.prepare('SELECT ts FROM sample ORDER BY ts').all() as Array<{ ts: number }>).map((r) => r.ts);
  } finally {
    db.close();
  }
}

export function hostFiles(dataDir: string): string[] {
  const dir = join(dataDir, 'hosts');
  return existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.db')) : [];
}

/** Sample timestamps an agent logged at debug level ("sampled"), its ground truth. */
export function sampledTimestamps(lines: string[]): number[] {
  const out: number[] = [];
  for (const l of lines) {
    if (!l.includes('"msg":"sampled"')) continue;
    out.push((JSON.parse(l) as { ts: number }).ts);
  }
  return out;
}
