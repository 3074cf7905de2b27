/** The combinatorial number system: a simplex is one integer, its vertices are recovered on demand. */

/**
 * Binomial coefficients `C(m, k)` for `m ≤ n`, `k ≤ maxK`, in one typed array.
 * A simplex with vertices `v_0 > v_1 > … > v_d` has the index `Σ C(v_i, d + 1 − i)`
 * (colexicographic order), so no object per simplex is ever needed.
 */
export class BinomialTable {
  readonly table: Float64Array;
  readonly stride: number;

  constructor(
    readonly n: number,
    readonly maxK: number,
  ) {
    this.stride = n + 1;
    const t = new Float64Array((maxK + 1) * this.stride);
    for (let m = 0; m <= n; m++) {
      t[m] = 1;
      for (let k = 1; k <= Math.min(m, maxK); k++) {
        t[k * this.stride + m] = t[(k - 1) * this.stride + m - 1]! + t[k * this.stride + m - 1]!;
      }
    }
    // Indices are doubles: they stay exact only below 2^53.
    if (t.some((c) => c > Number.MAX_SAFE_INTEGER)) {
      throw new RangeError(`too many simplices: C(${n}, ${maxK}) exceeds 2^53; lower maxDim or the number of points`);
    }
    this.table = t;
  }

  /** C(m, k); 0 when k > m. */
  get(m: number, k: number): number {
    return this.table[k * this.stride + m]!;
  }

  /** The largest vertex `v < upper` with `C(v, k) ≤ index` (binary search; C(·, k) is non-decreasing). */
  maxVertex(index: number, k: number, upper: number): number {
    const t = this.table;
    const row = k * this.stride;
    let lo = k - 1;
    let hi = upper - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if (t[row + mid]! <= index) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  /** Writes the `dim + 1` vertices of simplex `index` into `out`, largest first. */
  vertices(index: number, dim: number, out: Int32Array): void {
    let upper = this.n;
    let rest = index;
    let i = 0;
    for (let k = dim + 1; k >= 3; k--, i++) {
      const v = this.maxVertex(rest, k, upper);
      out[i] = v;
      rest -= this.table[k * this.stride + v]!;
      upper = v;
    }
    if (dim >= 1) {
      // C(v, 2) = v(v − 1)/2 ≤ rest inverts in closed form; the loops fix rounding.
      let v = Math.floor((1 + Math.sqrt(1 + 8 * rest)) / 2);
      while ((v * (v - 1)) / 2 > rest) v--;
      while (((v + 1) * v) / 2 <= rest && v + 1 < upper) v++;
      out[i++] = v;
      rest -= (v * (v - 1)) / 2;
    }
    out[i] = rest; // C(v, 1) = v
  }
}
