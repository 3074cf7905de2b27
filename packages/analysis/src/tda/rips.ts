/** Vietoris–Rips persistent homology, exact, with Ripser's methods: cohomology, clearing, apparent and emergent pairs. */
import { assembleColumns } from './assemble.js';
import { denseDistances, enclosingRadius, euclideanDistances, type DenseDistances } from './distance.js';
import { reduceColumns } from './reduce.js';
import { RipsSpace } from './space.js';
import type { Diagram, DistanceMatrix, PersistenceDiagrams, PersistencePair, PointCloud, RipsOptions } from './types.js';
import { zeroDimensional } from './zero-dim.js';

/**
 * Persistence diagrams of the Vietoris–Rips filtration of a point cloud (Euclidean distance),
 * with coefficients in Z/2 (Ripser's default). Pairs of zero length are left out, as Ripser
 * and GUDHI do; essential classes die at `Infinity`. Each diagram is sorted by birth, then death.
 *
 * @example
 * const square = [[0, 0], [1, 0], [1, 1], [0, 1]];
 * ripsPersistence(square, { maxDim: 1 }).dimensions;
 * // → [[[0, 1], [0, 1], [0, 1], [0, Infinity]], [[1, 1.4142135623730951]]]
 */
export function ripsPersistence(cloud: PointCloud, options: RipsOptions = {}): PersistenceDiagrams {
  return persistence(euclideanDistances(cloud), options);
}

/**
 * The same from a distance matrix (full, lower-triangular rows, or `{ lower }`); `Infinity`
 * entries are missing edges.
 *
 * @example
 * ripsPersistenceOfDistances({ lower: [1, 2, 1] }, { maxDim: 0 }).dimensions;
 * // → [[[0, 1], [0, 1], [0, Infinity]]]
 */
export function ripsPersistenceOfDistances(matrix: DistanceMatrix, options: RipsOptions = {}): PersistenceDiagrams {
  return persistence(denseDistances(matrix), options);
}

function persistence(distances: DenseDistances, options: RipsOptions): PersistenceDiagrams {
  const maxDim = options.maxDim ?? 1;
  if (!Number.isInteger(maxDim) || maxDim < 0) throw new RangeError(`maxDim must be a non-negative integer, got ${maxDim}`);
  const requested = options.threshold ?? Infinity;
  if (Number.isNaN(requested)) throw new RangeError('threshold must be a number, got NaN');
  // Past the enclosing radius nothing changes (see RipsOptions.threshold); a finite cut also
  // keeps infinite distances out of the complex.
  const threshold = Math.min(requested, enclosingRadius(distances), Number.MAX_VALUE);
  const space = new RipsSpace(distances, threshold, maxDim);
  const dimensions: Diagram[] = Array.from({ length: maxDim + 1 }, () => []);
  const reps: number[][] | null = options.representatives ? Array.from({ length: maxDim + 1 }, () => []) : null;
  const zero = zeroDimensional(space, dimensions[0]!, maxDim >= 1, reps?.[0] ?? null);
  let simplices = zero.edges;
  let columns = zero.columns;
  for (let dim = 1; dim <= maxDim; dim++) {
    const pivots = reduceColumns(space, columns, dim, dimensions[dim]!, reps?.[dim] ?? null);
    if (dim < maxDim) {
      const next = assembleColumns(space, simplices, dim, pivots, dim + 1 < maxDim);
      columns = next.columns;
      if (next.simplices) simplices = next.simplices;
    }
  }
  if (reps) return withSimplices(space, dimensions, reps);
  for (const diagram of dimensions) diagram.sort(byBirthThenDeath);
  return { dimensions };
}

/** Sorts each diagram together with its pairs' simplices, decoded to vertex lists. */
function withSimplices(space: RipsSpace, dimensions: Diagram[], reps: number[][]): PersistenceDiagrams {
  const out: PersistenceDiagrams = { dimensions: [], simplices: [] };
  const verts = new Int32Array(dimensions.length + 2);
  const decode = (index: number, dim: number): number[] => {
    space.binom.vertices(index, dim, verts);
    return Array.from(verts.subarray(0, dim + 1));
  };
  dimensions.forEach((diagram, dim) => {
    const order = diagram.map((_, i) => i).sort((i, j) => byBirthThenDeath(diagram[i]!, diagram[j]!) || i - j);
    const r = reps[dim]!;
    out.dimensions.push(order.map((i) => diagram[i]!));
    out.simplices!.push(
      order.map((i) => ({ birth: dim === 0 ? [r[2 * i]!] : decode(r[2 * i]!, dim), death: r[2 * i + 1]! < 0 ? null : decode(r[2 * i + 1]!, dim + 1) })),
    );
  });
  return out;
}

function byBirthThenDeath(a: PersistencePair, b: PersistencePair): number {
  return a[0] - b[0] || (a[1] === b[1] ? 0 : a[1] < b[1] ? -1 : 1);
}
