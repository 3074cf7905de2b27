/** Distance matrices for the Rips filtration: from points (Euclidean) or from given distances. */
import type { DistanceMatrix, PointCloud } from './types.js';

/** A dense symmetric distance matrix, `d[i * n + j]`; dense rows make coboundary scans contiguous. */
export interface DenseDistances {
  n: number;
  d: Float64Array;
  /** Set when known from building the matrix (see `enclosingRadius`). */
  radius?: number;
}

function isPacked(cloud: PointCloud): cloud is { data: Float64Array; dim: number } {
  return !Array.isArray(cloud) && 'data' in cloud;
}

/** Euclidean distances of a point cloud (√Σ(xᵢ − yᵢ)², in coordinate order, like GUDHI and Ripser). */
export function euclideanDistances(cloud: PointCloud): DenseDistances {
  let data: Float64Array;
  let dim: number;
  if (isPacked(cloud)) {
    ({ data, dim } = cloud);
    if (!Number.isInteger(dim) || dim < 1 || data.length % dim !== 0) {
      throw new RangeError(`packed points: ${data.length} values do not split into points of dimension ${dim}`);
    }
  } else {
    const rows = cloud as ReadonlyArray<ArrayLike<number>>;
    dim = rows.length ? rows[0]!.length : 1;
    data = new Float64Array(rows.length * dim);
    rows.forEach((row, i) => {
      if (row.length !== dim) throw new RangeError(`point ${i} has ${row.length} coordinates, expected ${dim}`);
      for (let c = 0; c < dim; c++) data[i * dim + c] = row[c]!;
    });
  }
  for (let i = 0; i < data.length; i++) {
    if (!Number.isFinite(data[i])) {
      throw new RangeError(`point ${Math.floor(i / dim)}, coordinate ${i % dim}: ${data[i]} is not a finite number`);
    }
  }
  const n = data.length / dim;
  const d = new Float64Array(n * n);
  return { n, d, radius: fillEuclidean(data, dim, n, d) };
}

/** Fills `d` and returns the enclosing radius, tracked on the way (one pass over the pairs, not two). */
function fillEuclidean(data: Float64Array, dim: number, n: number, d: Float64Array): number {
  const rowMax = new Float64Array(n);
  for (let i = 1; i < n; i++) {
    const pi = i * dim;
    const ri = i * n;
    let maxI = 0;
    for (let j = 0; j < i; j++) {
      const pj = j * dim;
      let s = 0;
      for (let c = 0; c < dim; c++) {
        const t = data[pi + c]! - data[pj + c]!;
        s += t * t;
      }
      const r = Math.sqrt(s);
      d[ri + j] = r;
      d[j * n + i] = r;
      if (r > maxI) maxI = r;
      if (r > rowMax[j]!) rowMax[j] = r;
    }
    rowMax[i] = maxI;
  }
  let radius = Infinity;
  for (let i = 0; i < n; i++) if (rowMax[i]! < radius) radius = rowMax[i]!;
  return radius;
}

function checked(value: number, i: number, j: number): number {
  if (Number.isNaN(value) || value < 0) throw new RangeError(`distance (${i}, ${j}) is ${value}; distances must be ≥ 0`);
  return value + 0; // turns −0 into +0, which sorts with the other zeros
}

/** A dense matrix from rows (full or lower-triangular) or from a flattened strict lower triangle. */
export function denseDistances(matrix: DistanceMatrix): DenseDistances {
  if (!Array.isArray(matrix)) {
    const lower = (matrix as { lower: ArrayLike<number> }).lower;
    // Solve n(n − 1)/2 = length for n.
    const n = Math.round((1 + Math.sqrt(1 + 8 * lower.length)) / 2);
    if ((n * (n - 1)) / 2 !== lower.length) {
      throw new RangeError(`a strict lower triangle has n(n−1)/2 entries; ${lower.length} is not such a number`);
    }
    const d = new Float64Array(n * n);
    for (let i = 1, k = 0; i < n; i++) {
      for (let j = 0; j < i; j++, k++) d[i * n + j] = d[j * n + i] = checked(lower[k]!, i, j);
    }
    return { n, d };
  }
  const rows = matrix as ReadonlyArray<ArrayLike<number>>;
  const n = rows.length;
  const d = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    const row = rows[i]!;
    if (row.length !== n && row.length !== i && row.length !== i + 1) {
      throw new RangeError(`distance row ${i} has ${row.length} entries; expected ${n} (full) or ${i} / ${i + 1} (lower-triangular)`);
    }
    for (let j = 0; j < i; j++) d[i * n + j] = d[j * n + i] = checked(row[j]!, i, j);
  }
  return { n, d };
}

/**
 * The enclosing radius `min_i max_j d(i, j)`: from that scale on the Rips complex is a cone
 * (every simplex plus the centre is a simplex), so no homology is born or survives past it.
 */
export function enclosingRadius({ n, d, radius: known }: DenseDistances): number {
  if (known !== undefined) return known;
  let radius = Infinity;
  for (let i = 0; i < n; i++) {
    let r = 0;
    for (let j = 0; j < n; j++) r = Math.max(r, d[i * n + j]!);
    radius = Math.min(radius, r);
  }
  return radius;
}
