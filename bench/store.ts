/**
 * Store write throughput: metric values committed per second on one core, through the real
 * HostDb (one row per sample, values packed, 1-minute rollups, seq state), beside the naive peer
 * "one SQLite row per value" in the same run. Both use batched transactions in WAL mode.
 *
 *   pnpm exec tsx bench/store.ts [--hosts 50] [--seconds 8]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';
import { createHealthyHost } from '../packages/analysis/src/scenarios/index.js';
import { deriveMetrics, type Sample } from '../packages/protocol/src/index.js';
import { HostPool } from '../server/src/store/index.js';

const { values: flags } = parseArgs({ options: { hosts: { type: 'string' }, seconds: { type: 'string' }, batch: { type: 'string' } } });
const HOSTS = Number(flags.hosts ?? 50);
const SECONDS = Number(flags.seconds ?? 8);
const BATCH = Number(flags.batch ?? 12);

function makeBatches(hostIdx: number, start: number, count: number): Sample[][] {
  const host = createHealthyHost({ id: `bench-${hostIdx}`, peers: ['10.0.0.1', '10.0.0.2'] });
  const out: Sample[][] = [];
  for (let b = 0; b < count; b++) {
    const batch: Sample[] = [];
    for (let i = 0; i < BATCH; i++) batch.push(host.sample(start + (b * BATCH + i) * 5000));
    out.push(batch);
  }
  return out;
}

function benchAura(dir: string, batches: Sample[][][]): { values: number; seconds: number } {
  const pool = new HostPool(dir, 10_000);
  let values = 0;
  const t0 = performance.now();
  let round = 0;
  while (performance.now() - t0 < SECONDS * 1000 && round < batches[0]!.length) {
    for (let h = 0; h < batches.length; h++) values += pool.get(`h${h}` as never).writeBatch(batches[h]![round]!, 'bench-instance', round + 1).values;
    round++;
  }
  const seconds = (performance.now() - t0) / 1000;
  pool.closeAll();
  return { values, seconds };
}

/** The peer: a row per (timestamp, metric, value), as a naive schema would store it. */
function benchRowPerValue(dir: string, batches: Sample[][][]): { values: number; seconds: number } {
  const dbs = batches.map((_, h) => {
    const db = new Database(join(dir, `naive-${h}.db`));
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.exec('CREATE TABLE v (ts INTEGER NOT NULL, metric TEXT NOT NULL, value REAL NOT NULL, PRIMARY KEY (ts, metric)) WITHOUT ROWID');
    return { db, insert: db.prepare('INSERT OR IGNORE INTO v VALUES (?, ?, ?)'), prev: undefined as Sample | undefined };
  });
  let values = 0;
  const t0 = performance.now();
  let round = 0;
  while (performance.now() - t0 < SECONDS * 1000 && round < batches[0]!.length) {
    for (let h = 0; h < batches.length; h++) {
      const d = dbs[h]!;
      d.db.transaction(() => {
        for (const s of batches[h]![round]!) {
          const m = deriveMetrics(d.prev, s);
          d.prev = s;
          for (const [k, v] of Object.entries(m)) {
            d.insert.run(s.ts, k, v);
            values++;
          }
        }
      })();
    }
    round++;
  }
  const seconds = (performance.now() - t0) / 1000;
  for (const d of dbs) d.db.close();
  return { values, seconds };
}

const dir = mkdtempSync(join(tmpdir(), 'aura-bench-store-'));
try {
  const rounds = 400;
  process.stderr.write(`generating ${HOSTS} hosts × ${rounds} batches × ${BATCH} samples…\n`);
  const start = Date.UTC(2026, 0, 1);
  const batches = Array.from({ length: HOSTS }, (_, h) => makeBatches(h, start, rounds));
  const perSample = Object.keys(deriveMetrics(batches[0]![0]![0], batches[0]![0]![1]!)).length;
  // Interleave: aura, naive, aura, naive — the machine is shared and noisy.
  const aura: number[] = [];
  const naive: number[] = [];
  for (let rep = 0; rep < 3; rep++) {
    const a = benchAura(join(dir, `a${rep}`), batches);
    const n = process.env.ONLY_AURA ? a : benchRowPerValue(mkdtempSync(join(dir, `n${rep}`)), batches);
    aura.push(a.values / a.seconds);
    naive.push(n.values / n.seconds);
  }
  const median = (xs: number[]) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)]!;
  const result = {
    bench: 'store',
    hosts: HOSTS,
    batchSamples: BATCH,
    valuesPerSample: perSample,
    auraValuesPerSecond: Math.round(median(aura)),
    rowPerValueValuesPerSecond: Math.round(median(naive)),
    ratio: Math.round((median(aura) / median(naive)) * 10) / 10,
    target: 1_000_000,
    runs: { aura: aura.map(Math.round), rowPerValue: naive.map(Math.round) },
  };
  console.log(JSON.stringify(result));
} finally {
  rmSync(dir, { recursive: true, force: true });
}
