/**
 * Theil–Sen speed against SciPy's `scipy.stats.theilslopes` on the same windows, measured side by
 * side in one run (medians of 7 rounds), plus the trace generator's throughput:
 *   npx tsx bench/trend.ts [--points 240]
 */
import { spawnSync } from 'node:child_process';
import { parseArgs } from 'node:util';
import { theilSen } from '../packages/analysis/src/forecast/index.js';
import { generateTrace } from '../packages/analysis/src/scenarios/index.js';
import { median } from './lib.js';

const { values } = parseArgs({ options: { points: { type: 'string' } } });
const n = Number(values.points ?? 240);
const CALLS = 200;
const ts = Float64Array.from({ length: n }, (_, i) => i * 60);
const ys = Float64Array.from({ length: n }, (_, i) => 50 + i * 0.01 + Math.sin(i) + (i % 37 === 0 ? 30 : 0));

const ours: number[] = [];
let sink = 0;
for (let round = 0; round < 7; round++) {
  const t0 = performance.now();
  for (let c = 0; c < CALLS; c++) sink += theilSen(ts, ys, 0, n, ts[n - 1]!).slope;
  ours.push((performance.now() - t0) / CALLS);
}
const py = `
import time, numpy as np
from scipy.stats import theilslopes
n=${n}; x=np.arange(n)*60.0; i=np.arange(n); y=50+i*0.01+np.sin(i)+np.where(i%37==0,30,0)
r=[]
for _ in range(7):
    t=time.perf_counter()
    for _ in range(${CALLS}): theilslopes(y, x)
    r.append((time.perf_counter()-t)/${CALLS}*1000)
r.sort(); print(r[3], theilslopes(y, x)[0])
`;
const res = spawnSync('python3', ['-c', py], { encoding: 'utf8' });
const oursMs = median(ours);
console.log(`Theil–Sen, ${n} points: ours ${oursMs.toFixed(3)} ms per fit (slope ${theilSen(ts, ys, 0, n, 0).slope.toExponential(4)})`);
if (res.status === 0) {
  const [pyMs, pySlope] = res.stdout.trim().split(/\s+/).map(Number);
  console.log(`  scipy.stats.theilslopes: ${pyMs!.toFixed(3)} ms per fit (slope ${pySlope!.toExponential(4)}); ratio ours/scipy = ${(oursMs / pyMs!).toFixed(2)}`);
} else console.log(`  scipy not available (${res.stderr.trim().split('\n').at(-1)}); install python3-scipy for the side-by-side figure`);

const gen: number[] = [];
for (let round = 0; round < 3; round++) {
  const t0 = performance.now();
  for (let s = 0; s < 10; s++) generateTrace({ seed: 1000 + s, scenario: s % 2 ? 'healthy' : 'memory_leak', days: 2 });
  gen.push((performance.now() - t0) / 20);
}
console.log(`generateTrace: ${median(gen).toFixed(1)} ms per host-day at 1-minute steps (${(1440 / median(gen) / 1000).toFixed(2)} M steps/s)`);
if (sink === 42) console.log('');
