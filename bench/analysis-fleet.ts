/**
 * 1,000 hosts analysed end to end: the server's own scheduler, worker pool and host files. Every
 * host has a full window and a learned baseline (states from earlier windows); one more sample
 * per host makes them all due in the same instant, and the clock stops when the last analysis is
 * stored and published. Side by side in the same run: the same 1,000 analyses one after the other
 * on the main thread (no pool), and the pool at 1 and 2 workers. Target (issue 3): ≤ 1 s.
 *
 *   npx tsx bench/analysis-fleet.ts [--hosts 1000] [--workers 1,2] [--rounds 3] [--nice 10]
 *   (BENCH_POINTS=120 for windows of 120 points; the server's default is 60)
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { FEATURE_COUNT } from '@aura/analysis/features';
import { toHostId, type HostAnalysis, type HostId } from '@aura/protocol';
import { createLogger } from '../server/src/log.js';
import { analyseBatch, initialHostState, startAnalysis, type HostAnalysisState } from '../server/src/analysis/index.js';
import { ServerEvents } from '../server/src/events.js';
import { Catalog, HostPool, saveAnalysis } from '../server/src/store/index.js';
import { machine, median } from './lib.js';
import { hostWindows, type BenchWindow } from './window-data.js';

const { values: flags } = parseArgs({ options: { hosts: { type: 'string', default: '1000' }, workers: { type: 'string', default: '1,2' }, rounds: { type: 'string', default: '3' }, nice: { type: 'string', default: '10' } } });
const HOSTS = Number(flags.hosts);
const WORKERS = flags.workers.split(',').map(Number);
const ROUNDS = Number(flags.rounds);
const POINTS = Number(process.env.BENCH_POINTS ?? 60);
const LEARNED = 50;
const DISTINCT = 10;

// Ten distinct hosts with learned states; the fleet reuses them (each host its own copy).
const templates: Array<{ windows: BenchWindow[]; state: HostAnalysisState }> = [];
for (let h = 0; h < DISTINCT; h++) {
  const windows = hostWindows(`fleet-${h}`, POINTS, LEARNED + ROUNDS + 1);
  let state = initialHostState();
  for (const w of windows.slice(0, LEARNED)) state = (await analyseBatch([{ hostId: w.hostId, ts: w.ts, timestamps: w.timestamps, values: w.values, state }], null))[0]!.state;
  templates.push({ windows, state });
}
const fleet = Array.from({ length: HOSTS }, (_, i) => ({ id: toHostId(`fleet-${String(i).padStart(5, '0')}`), t: templates[i % DISTINCT]! }));

/** The committed batch a host's agent would have produced for window k (names/values of the host vector). */
function rowsOf(w: BenchWindow, from = 0) {
  const names = ['cpu.total', 'cpu.iowait', 'cpu.steal', 'load.1', 'mem.used_pct', 'swap.used_pct', 'disk./.used_pct', 'disk./.inodes_used_pct', 'net.eth0.rx_bps', 'net.eth0.tx_bps', 'net.eth0.rx_errors', 'net.eth0.rx_drops', 'diskio.sda.read_bps', 'diskio.sda.write_bps', 'tcp.established', 'proc.count'];
  const rows = [];
  for (let i = from; i < w.timestamps.length; i++) rows.push({ ts: w.timestamps[i]!, names, values: Array.from(w.values.subarray(i * FEATURE_COUNT, (i + 1) * FEATURE_COUNT)) });
  return rows;
}

async function round(workers: number, k: number): Promise<number> {
  const dir = mkdtempSync(join(tmpdir(), 'aura-bench-fleet-'));
  const catalog = new Catalog(join(dir, 'aura.db'));
  const pool = new HostPool(dir, 20_000);
  const events = new ServerEvents();
  for (const h of fleet) saveAnalysis(pool.get(h.id), h.t.state, null);
  const analysis = startAnalysis(
    { hosts: pool, catalog, events, log: createLogger('silent') },
    { workers, queue: 64, stepMs: 60_000, windowMs: 600_000, maxPoints: POINTS, batch: 32, persistEvery: 10, nice: Number(flags.nice) },
  );
  // Fill every host's ring with window k (not yet due: the step is marked as analysed)…
  const w = (h: (typeof fleet)[number]) => h.t.windows[LEARNED + k]!;
  for (const h of fleet) events.emit('samples.committed', h.id, { written: POINTS - 12, rows: rowsOf(w(h)).slice(0, POINTS - 12) });
  await waitFor(fleet.length, events); // the first sight of each host analyses once; let it pass
  // …then the next minute of samples for all hosts at once.
  const done = waitFor(fleet.length, events);
  const t0 = performance.now();
  for (const h of fleet) events.emit('samples.committed', h.id, { written: 12, rows: rowsOf(w(h), POINTS - 12) });
  await done;
  const ms = performance.now() - t0;
  await analysis.close();
  catalog.close();
  pool.closeAll();
  rmSync(dir, { recursive: true, force: true });
  return ms;
}

function waitFor(count: number, events: ServerEvents): Promise<void> {
  const seen = new Set<string>();
  return new Promise((resolve) => {
    const on = (a: HostAnalysis) => {
      seen.add(a.hostId);
      if (seen.size >= count) {
        events.off('analysis.done', on);
        resolve();
      }
    };
    events.on('analysis.done', on);
  });
}

/** The peer: the same analyses one by one on this thread (no pool, no store, no model). */
async function sequential(k: number): Promise<number> {
  const t0 = performance.now();
  for (const h of fleet) {
    const win = h.t.windows[LEARNED + k]!;
    await analyseBatch([{ hostId: h.id as HostId, ts: win.ts, timestamps: win.timestamps, values: win.values, state: structuredClone(h.t.state) }], null);
  }
  return performance.now() - t0;
}

const results: Record<string, number[]> = { sequential: [] };
for (let r = 0; r < ROUNDS; r++) {
  results.sequential!.push(await sequential(r));
  for (const n of WORKERS) (results[`workers=${n}`] ??= []).push(await round(n, r));
}
const seq = median(results.sequential!);
const rows = Object.entries(results).map(([name, xs]) => ({ name, medianMs: Math.round(median(xs)), runs: xs.map(Math.round), speedupOverSequential: Math.round((seq / median(xs)) * 100) / 100 }));
for (const row of rows) console.log(JSON.stringify(row));
console.log(JSON.stringify({ bench: 'analysis-fleet', machine: machine(), hosts: HOSTS, points: POINTS, nice: Number(flags.nice), rows }));
