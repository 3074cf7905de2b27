// Live oracles: fresh random clouds through the Ripser binary and GUDHI, when they are installed.
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { ripsPersistence, ripsPersistenceOfDistances } from './index.js';
import { diagramDifference, randomCloud, seeded, type JsonPair, fromJson } from './test-helpers.js';
import type { Diagram } from './types.js';

const works = (cmd: string, args: string[]) => spawnSync(cmd, args, { encoding: 'utf8' }).status === 0;
const PYTHON = ['/usr/bin/python3', 'python3'].find((p) => works(p, ['-c', 'import gudhi']));
const HAS_RIPSER = works('ripser', ['--help']);
const seed = Math.floor(Math.random() * 2 ** 31);

function ripser(input: string, format: string, maxDim: number): Diagram[] {
  const out = spawnSync('ripser', ['--format', format, '--dim', String(maxDim)], { input, encoding: 'utf8' }).stdout;
  const dims: Diagram[] = Array.from({ length: maxDim + 1 }, () => []);
  let current = -1;
  for (const line of out.split('\n')) {
    const header = /^persistence intervals in dim (\d+):/.exec(line);
    if (header) current = Number(header[1]);
    const pair = /^ \[([^,]+),([^)]*)\)/.exec(line);
    if (pair && current >= 0) dims[current]!.push([Number(pair[1]), pair[2]!.trim() === '' ? Infinity : Number(pair[2])]);
  }
  return dims;
}

/** Pairs shorter than the oracle's precision may exist on one side only (float32 ties). */
function expectSame(actual: Diagram[], expected: Diagram[], tolerance: number): void {
  const long = (d: Diagram) => d.filter(([b, e]) => e - b > tolerance * Math.max(1, Math.abs(b)));
  actual.forEach((d, dim) => expect(diagramDifference(long(d), long(expected[dim]!), tolerance), `H${dim}`).toBeNull());
}

describe.skipIf(!HAS_RIPSER)(`live: the Ripser binary on fresh random input (seed ${seed})${HAS_RIPSER ? '' : ' — SKIPPED: no ripser binary on PATH (apt-get install ripser)'}`, () => {
  it('agrees on random point clouds within float32 precision (1e-5)', () => {
    const random = seeded(seed);
    for (const [n, dim, maxDim] of [[80, 3, 1], [60, 4, 1], [30, 3, 2]] as const) {
      const cloud = randomCloud(random, n, dim);
      const text = cloud.map((p) => p.join(',')).join('\n');
      expectSame(ripsPersistence(cloud, { maxDim }).dimensions, ripser(text, 'point-cloud', maxDim), 1e-5);
    }
  });

  it('agrees exactly on integer distance matrices full of ties', () => {
    const random = seeded(seed + 1);
    const n = 30;
    const lower = Array.from({ length: (n * (n - 1)) / 2 }, () => 1 + Math.floor(random() * 6));
    const text = Array.from({ length: n }, (_, i) => lower.slice((i * (i - 1)) / 2, (i * (i + 1)) / 2).join(',')).join('\n');
    expectSame(ripsPersistenceOfDistances({ lower }, { maxDim: 2 }).dimensions, ripser(text, 'lower-distance', 2), 1e-9);
  });
});

describe.skipIf(!PYTHON)(`live: GUDHI's RipsComplex on a fresh random cloud (seed ${seed})${PYTHON ? '' : ' — SKIPPED: python3 cannot import gudhi (apt-get install python3-gudhi)'}`, () => {
  it('agrees within 1e-9', () => {
    const cloud = randomCloud(seeded(seed + 2), 50, 3);
    const script = `
import json, sys, gudhi
pts = json.load(sys.stdin)
st = gudhi.RipsComplex(points=pts).create_simplex_tree(max_dimension=3)
st.compute_persistence(homology_coeff_field=2, min_persistence=0)
print(json.dumps([[[b, None if d == float('inf') else d] for b, d in st.persistence_intervals_in_dimension(k)] for k in range(3)]))`;
    const run = spawnSync(PYTHON!, ['-c', script], { input: JSON.stringify(cloud), encoding: 'utf8' });
    expect(run.status, run.stderr).toBe(0);
    const expected = fromJson(JSON.parse(run.stdout) as JsonPair[][]);
    expectSame(ripsPersistence(cloud, { maxDim: 2 }).dimensions, expected, 1e-9);
  });
});
