/**
 * A bounded LRU of open host databases: 10,000 hosts must not need 30,000 file descriptors
 * (each WAL database holds three: the file, its -wal and its -shm).
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { HostId } from '@aura/protocol';
import { HostDb } from './host-db.js';

export class HostPool {
  private readonly open = new Map<HostId, HostDb>();
  readonly dir: string;
  /** Opens since start, for /metrics: a high rate means the pool is too small for the fleet. */
  opens = 0;

  /** `capacity` may change over time (it follows the open-file budget); it is read on every open. */
  constructor(dataDir: string, private readonly capacity: number | (() => number)) {
    this.dir = join(dataDir, 'hosts');
    mkdirSync(this.dir, { recursive: true });
  }

  fileOf(id: HostId): string {
    return join(this.dir, `${id}.db`);
  }

  /** The host's database, opened (and created) on demand; most recently used last. */
  get(id: HostId): HostDb {
    let db = this.open.get(id);
    if (db) {
      this.open.delete(id);
      this.open.set(id, db);
      return db;
    }
    db = new HostDb(this.fileOf(id));
    this.opens++;
    this.open.set(id, db);
    const cap = typeof this.capacity === 'number' ? this.capacity : this.capacity();
    while (this.open.size > cap) {
      const [oldestId, oldest] = this.open.entries().next().value as [HostId, HostDb];
      this.open.delete(oldestId);
      oldest.close();
    }
    return db;
  }

  get size(): number {
    return this.open.size;
  }

  /** Close one host's file (e.g. after an I/O error, so the next use reopens it cleanly). */
  evict(id: HostId): void {
    this.open.get(id)?.close();
    this.open.delete(id);
  }

  closeAll(): void {
    for (const db of this.open.values()) db.close();
    this.open.clear();
  }
}
