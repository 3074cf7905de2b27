/**
 * `aura ph` against the Ripser binary and GUDHI's RipsComplex: whole processes on the same
 * random 4-D clouds (H0 + H1), rounds of hyperfine runs, medians and ratios.
 *
 *   npx tsx bench/ph.ts [--sizes 100,200,400,800] [--rounds 5] [--runs 3]
 *
 * Needs hyperfine, the `ripser` binary and python3 with gudhi (Debian: hyperfine, ripser,
 * python3-gudhi); a missing peer is reported and left out.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { ROOT, median } from './lib.js';

const { values: flags } = parseArgs({
  options: { sizes: { type: 'string', default: '100,200,400,800' }, rounds: { type: 'string', default: '5' }, runs: { type: 'string', default: '3' } },
});
const SIZES = flags.sizes.split(',').map(Number);
const ROUNDS = Number(flags.rounds);
const RUNS = Number(flags.runs);
const OUT = join(ROOT, '.bench/ph');
const DIM = 4;
mkdirSync(OUT, { recursive: true });

// Node reads NODE_EXTRA_CA_CERTS at every start (tens of ms for a big bundle); `aura ph`
// never opens a TLS connection, so every measured process runs without it.
const ENV = Object.fromEntries(Object.entries(process.env).filter(([k]) => k !== 'NODE_EXTRA_CA_CERTS')) as Record<string, string>;

const works = (cmd: string, args: string[]) => spawnSync(cmd, args, { stdio: 'ignore' }).status === 0;
const PYTHON = ['/usr/bin/python3', 'python3'].find((p) => works(p, ['-c', 'import gudhi']));
const HAS_RIPSER = works('ripser', ['--help']);
if (!works('hyperfine', ['--version'])) throw new Error('hyperfine is needed (apt-get install hyperfine)');

/** mulberry32, so every run measures the same clouds. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function writeCloud(n: number): string {
  const next = random(1000 + n);
  const lines = Array.from({ length: n }, () => Array.from({ length: DIM }, () => next().toFixed(9)).join(','));
  const path = join(OUT, `cloud-${n}.csv`);
  writeFileSync(path, `${lines.join('\n')}\n`);
  return path;
}

// The runner is bench/ph-runner.ts (server/src/commands/ph.ts without the rest of the CLI), bundled to one CommonJS file.
const RUNNER = join(OUT, 'ph-runner.cjs');
execFileSync(join(ROOT, 'node_modules/.bin/esbuild'), [
  join(ROOT, 'bench/ph-runner.ts'),
  '--bundle',
  '--platform=node',
  '--format=cjs',
  '--target=node20',
  `--outfile=${RUNNER}`,
  `--tsconfig=${join(ROOT, 'tsconfig.base.json')}`,
  '--log-level=warning',
]);

// GUDHI is given Ripser's default cut, the enclosing radius (same diagrams); without it, it
// would build all C(n, 3) triangles.
const GUDHI = join(OUT, 'gudhi-rips.py');
writeFileSync(
  GUDHI,
  `import sys, numpy as np, gudhi
pts = np.loadtxt(sys.argv[1], delimiter=',', ndmin=2)
d = np.sqrt(((pts[:, None, :] - pts[None, :, :]) ** 2).sum(-1))
st = gudhi.RipsComplex(points=pts, max_edge_length=d.max(axis=1).min()).create_simplex_tree(max_dimension=2)
st.compute_persistence(homology_coeff_field=2, min_persistence=0)
for k in (0, 1):
    for b, e in st.persistence_intervals_in_dimension(k): print(k, b, e)
`,
);

interface Peer {
  name: string;
  command: (csv: string) => string;
  runs: (n: number) => number;
}
const PEERS: Peer[] = [
  { name: 'aura ph', command: (csv) => `node ${RUNNER} ${csv} --dim 1`, runs: () => RUNS },
  ...(HAS_RIPSER ? [{ name: 'ripser', command: (csv: string) => `ripser --format point-cloud --dim 1 ${csv}`, runs: () => RUNS }] : []),
  ...(PYTHON ? [{ name: 'GUDHI', command: (csv: string) => `${PYTHON} ${GUDHI} ${csv}`, runs: (n: number) => (n >= 800 ? 1 : RUNS) }] : []),
];
if (!HAS_RIPSER) console.log('ripser binary not found: left out');
if (!PYTHON) console.log('python3 cannot import gudhi: GUDHI left out');

/** The diagrams must agree before their times mean anything: same number of pairs per dimension. */
function checkSameOutput(csv: string): void {
  const ours = JSON.parse(execFileSync('node', [RUNNER, csv, '--dim', '1'], { env: ENV, encoding: 'utf8' })) as { dimensions: unknown[][] };
  if (!HAS_RIPSER) return;
  const text = execFileSync('ripser', ['--format', 'point-cloud', '--dim', '1', csv], { encoding: 'utf8' });
  const counts = text.split('persistence intervals in dim ').slice(1).map((s) => s.split('\n').filter((l) => l.startsWith(' [')).length);
  const mine = ours.dimensions.map((d) => d.length);
  if (counts.join() !== mine.join()) throw new Error(`${csv}: pairs per dimension differ, ours ${mine} vs ripser ${counts}`);
}

/** Wall times of each run and the mean CPU time (user + system), in ms. */
function hyperfine(command: string, runs: number, warmup: number): { wall: number[]; cpu: number } {
  const json = join(OUT, 'hyperfine.json');
  execFileSync('hyperfine', ['-N', '--style', 'none', '--warmup', String(warmup), '--runs', String(runs), '--export-json', json, command], { env: ENV, stdio: 'ignore' });
  const result = (JSON.parse(readFileSync(json, 'utf8')) as { results: { times: number[]; user: number; system: number }[] }).results[0]!;
  return { wall: result.times.map((t) => t * 1000), cpu: (result.user + result.system) * 1000 };
}

const nproc = availableParallelism();
console.log(`machine: nproc ${nproc}, ${cpus()[0]?.model ?? 'unknown CPU'}, Node ${process.version}`);
console.log(`${ROUNDS} rounds; per round and size each peer runs in turn (hyperfine -N, ${RUNS} runs; GUDHI at 800 points: 1)\n`);
const rows: string[] = [];
for (const n of SIZES) {
  const csv = writeCloud(n);
  checkSameOutput(csv);
  const times = new Map<string, number[]>(PEERS.map((p) => [p.name, []]));
  const cpu = new Map<string, number[]>(PEERS.map((p) => [p.name, []]));
  for (let round = 0; round < ROUNDS; round++) {
    for (const peer of PEERS) {
      const result = hyperfine(peer.command(csv), peer.runs(n), round === 0 && peer.name !== 'GUDHI' ? 2 : 0);
      times.get(peer.name)!.push(...result.wall);
      cpu.get(peer.name)!.push(result.cpu);
    }
  }
  const m = (name: string) => (times.has(name) ? median(times.get(name)!) : Number.NaN);
  const c = (name: string) => (cpu.has(name) ? median(cpu.get(name)!) : Number.NaN);
  const [ours, ripser, gudhi] = [m('aura ph'), m('ripser'), m('GUDHI')];
  const row = `| ${n} | ${ours.toFixed(1)} | ${ripser.toFixed(1)} | ${gudhi.toFixed(0)} | ${(ours / ripser).toFixed(2)}× | ${(gudhi / ours).toFixed(1)}× | ${c('aura ph').toFixed(0)} / ${c('ripser').toFixed(0)} |`;
  rows.push(row);
  console.log(row);
}
console.log(`\n| points (4-D) | aura ph, ms | ripser, ms | GUDHI, ms | aura ph / ripser (target ≤ 2×) | GUDHI / aura ph (target ≥ 10×) | CPU ms, aura ph / ripser |`);
console.log('| ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
for (const row of rows) console.log(row);
