/** `/healthz` (the process answers) and `/readyz` (the store takes writes, the disk has room, analysis workers run). */
import { accessSync, constants, statfsSync } from 'node:fs';
import { Hono } from 'hono';
import type { RunningAnalysis } from '../../analysis/index.js';
import type { Catalog } from '../../store/index.js';

/** Below this much free space the server reports not ready (SQLite needs room for WAL and checkpoints). */
const MIN_FREE_BYTES = 64 * 1024 * 1024;

export interface HealthDeps {
  catalog: Catalog;
  dataDir: string;
  analysis?: RunningAnalysis | undefined;
}

export function checkReadiness(deps: HealthDeps): Record<string, string> {
  const checks: Record<string, string> = {};
  try {
    accessSync(deps.dataDir, constants.W_OK);
    // Taking the write lock proves the catalog is writable (not read-only, not locked by another process).
    deps.catalog.db.exec('BEGIN IMMEDIATE; ROLLBACK');
    checks.store = 'ok';
  } catch (err) {
    checks.store = `not writable: ${(err as Error).message}`;
  }
  try {
    const fs = statfsSync(deps.dataDir);
    const free = fs.bavail * fs.bsize;
    checks.disk = free >= MIN_FREE_BYTES ? 'ok' : `only ${Math.round(free / 1024 / 1024)} MiB free in the data directory`;
  } catch (err) {
    checks.disk = `unknown: ${(err as Error).message}`;
  }
  if (deps.analysis) {
    const pool = deps.analysis.pool;
    checks.analysis = pool.healthy ? 'ok' : `analysis workers keep crashing: ${pool.lastError ?? 'unknown error'}`;
  }
  return checks;
}

export function createHealthRoute(deps: HealthDeps): Hono {
  const app = new Hono();
  app.get('/healthz', (c) => c.json({ status: 'ok' }));
  app.get('/readyz', (c) => {
    const checks = checkReadiness(deps);
    const ready = Object.values(checks).every((v) => v === 'ok');
    return c.json({ status: ready ? 'ready' : 'not ready', checks }, ready ? 200 : 503);
  });
  return app;
}
