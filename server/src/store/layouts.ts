/** The per-host dictionary of metric names and row layouts, cached in memory. */
import type { Db } from './open.js';
import { packIds, unpackIds } from './values.js';

export interface Layout {
  id: number;
  names: string[];
  /** name → position in the value blob */
  index: Map<string, number>;
}

export class LayoutDictionary {
  private readonly metricIds = new Map<string, number>();
  private readonly names = new Map<number, string>();
  private readonly byKey = new Map<string, Layout>();
  private readonly byId = new Map<number, Layout>();
  private last: Layout | undefined;
  private readonly insertMetric;
  private readonly insertLayout;
  private readonly selectLayout;

  constructor(private readonly db: Db) {
    for (const r of db.prepare('SELECT id, name FROM metric').all() as Array<{ id: number; name: string }>) {
      this.metricIds.set(r.name, r.id);
      this.names.set(r.id, r.name);
    }
    this.insertMetric = db.prepare('INSERT INTO metric (name) VALUES (?)');
    this.insertLayout = db.prepare('INSERT INTO layout (ids) VALUES (?)');
    this.selectLayout = db.prepare('SELECT ids FROM layout WHERE id = ?');
  }

  /** Layout for these metric names in this order; created inside the caller's transaction if new. */
  layoutFor(names: readonly string[]): Layout {
    // Consecutive samples nearly always have the same names: compare before building a key.
    const last = this.last;
    if (last && last.names.length === names.length && names.every((n, i) => n === last.names[i])) return last;
    this.last = this.layoutForSlow(names);
    return this.last;
  }

  private layoutForSlow(names: readonly string[]): Layout {
    const ids = names.map((n) => this.metricId(n));
    const key = ids.join(',');
    let layout = this.byKey.get(key);
    if (!layout) {
      const blob = packIds(ids);
      const found = this.db.prepare('SELECT id FROM layout WHERE ids = ?').get(blob) as { id: number } | undefined;
      const id = found ? found.id : Number(this.insertLayout.run(blob).lastInsertRowid);
      layout = this.remember(id, ids, key);
    }
    return layout;
  }

  /** Layout by id (read from the file the first time). */
  get(id: number): Layout {
    let layout = this.byId.get(id);
    if (!layout) {
      const row = this.selectLayout.get(id) as { ids: Buffer } | undefined;
      if (!row) throw new Error(`layout ${id} is missing from the host database`);
      const ids = unpackIds(row.ids);
      layout = this.remember(id, ids, ids.join(','));
    }
    return layout;
  }

  /** Every metric name this host has ever reported. */
  allNames(): string[] {
    return [...this.metricIds.keys()];
  }

  /** Forget cached entries created by a transaction that rolled back. */
  reset(): void {
    this.last = undefined;
    this.metricIds.clear();
    this.names.clear();
    this.byKey.clear();
    this.byId.clear();
    for (const r of this.db.prepare('SELECT id, name FROM metric').all() as Array<{ id: number; name: string }>) {
      this.metricIds.set(r.name, r.id);
      this.names.set(r.id, r.name);
    }
  }

  private metricId(name: string): number {
    let id = this.metricIds.get(name);
    if (id === undefined) {
      id = Number(this.insertMetric.run(name).lastInsertRowid);
      this.metricIds.set(name, id);
      this.names.set(id, name);
    }
    return id;
  }

  private remember(id: number, ids: number[], key: string): Layout {
    const names = ids.map((i) => this.names.get(i) ?? `#${i}`);
    const layout: Layout = { id, names, index: new Map(names.map((n, i) => [n, i])) };
    this.byKey.set(key, layout);
    this.byId.set(id, layout);
    return layout;
  }
}
