/**
 * Per-host window analysis, in process: AURA's whole step (host vectors → state cloud → H0+H1
 * diagrams with representatives → Betti numbers, entropy, landscape norms → Wasserstein distance
 * to the host's baseline → drift → readings) against GUDHI doing only its part of that work
 * (RipsComplex + persistence + `wasserstein_distance` H0 and H1 to the same baseline) on the very
 * same clouds, in its own process, timed per window inside Python. Target (issue 3): ≤ 5 ms
 * median at 60–120 points.
 *
 *   npx tsx bench/window.ts [--points 60,120] [--windows 300]
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { stateCloud } from '@aura/analysis/features';
import { analyseBatch, initialHostState } from '../server/src/analysis/analyse-host.js';
import type { HostAnalysisState } from '../server/src/analysis/types.js';
import { ROOT, machine, median, quantile } from './lib.js';
import { hostWindows } from './window-data.js';

const { values: flags } = parseArgs({ options: { points: { type: 'string', default: '60,120' }, windows: { type: 'string', default: '300' } } });
const SIZES = flags.points.split(',').map(Number);
const WINDOWS = Number(flags.windows);
const WARMUP = 60;
const OUT = join(ROOT, '.bench/window');
mkdirSync(OUT, { recursive: true });
const PYTHON = ['/usr/bin/python3', 'python3'].find((p) => spawnSync(p, ['-c', 'import gudhi, gudhi.wasserstein'], { stdio: 'ignore' }).status === 0);

const GUDHI = `
import json, sys, time
import numpy as np
import gudhi
from gudhi.wasserstein import wasserstein_distance
clouds = json.load(open(sys.argv[1]))
def diagrams(points):
    pts = np.array(points)
    d = np.sqrt(((pts[:, None, :] - pts[None, :, :]) ** 2).sum(-1))
    radius = d.max(axis=1).min()
    st = gudhi.RipsComplex(points=pts, max_edge_length=radius).create_simplex_tree(max_dimension=2)
    st.compute_persistence()
    return [np.array([p for p in st.persistence_intervals_in_dimension(k) if np.isfinite(p[1])]).reshape(-1, 2) for k in (0, 1)]
base = diagrams(clouds[0])
times = []
for c in clouds:
    t0 = time.perf_counter()
    dg = diagrams(c)
    w = wasserstein_distance(dg[0], base[0], order=1, internal_p=np.inf) + wasserstein_distance(dg[1], base[1], order=1, internal_p=np.inf)
    times.append((time.perf_counter() - t0) * 1000)
print(json.dumps(times))
`;
writeFileSync(join(OUT, 'gudhi-window.py'), GUDHI);

const rows = [];
for (const points of SIZES) {
  // Several hosts, so the clouds are not all alike; each host carries its own state as in the server.
  const windows = [0, 1, 2].flatMap((h) => hostWindows(`bench-${h}`, points, Math.ceil((WINDOWS + WARMUP) / 3)));
  const states = new Map<string, HostAnalysisState>();
  const aura: number[] = [];
  const clouds: number[][][] = [];
  for (const [i, w] of windows.entries()) {
    const state = states.get(w.hostId) ?? initialHostState();
    const t0 = performance.now();
    const [r] = await analyseBatch([{ hostId: w.hostId, ts: w.ts, timestamps: w.timestamps, values: w.values, state }], null);
    const ms = performance.now() - t0;
    states.set(w.hostId, r!.state);
    if (i >= WARMUP) {
      aura.push(ms);
      // The same cloud AURA analysed, for the peer.
      const c = stateCloud(w, { scales: state.topology.scales }).points;
      clouds.push(Array.from({ length: c.data.length / c.dim }, (_, p) => Array.from(c.data.subarray(p * c.dim, (p + 1) * c.dim))));
    }
  }
  let gudhi: number[] = [];
  if (PYTHON) {
    const file = join(OUT, `clouds-${points}.json`);
    writeFileSync(file, JSON.stringify(clouds));
    const r = spawnSync(PYTHON, [join(OUT, 'gudhi-window.py'), file], { encoding: 'utf8', maxBuffer: 64 << 20 });
    if (r.status !== 0) throw new Error(`gudhi failed: ${r.stderr}`);
    gudhi = (JSON.parse(r.stdout) as number[]).slice(1);
  }
  const row = {
    points,
    dims: clouds[0]![0]!.length,
    windows: aura.length,
    auraMedianMs: round(median(aura)),
    auraP90Ms: round(quantile(aura, 0.9)),
    gudhiMedianMs: gudhi.length ? round(median(gudhi)) : null,
    gudhiOverAura: gudhi.length ? round(median(gudhi) / median(aura)) : null,
    pass: median(aura) <= 5,
  };
  console.log(JSON.stringify(row));
  rows.push(row);
}
console.log(JSON.stringify({ bench: 'window', machine: machine(), rows }));

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}
