/** Enumerates the cofacets of a simplex straight from its index: no simplex is ever materialised. */
import type { BinomialTable } from './binomial.js';

/** What an enumeration needs: the distances and the binomial table. */
export interface SimplexSpace {
  readonly n: number;
  readonly d: Float64Array;
  readonly binom: BinomialTable;
}

/**
 * Walks the cofacets `σ ∪ {w}` of a simplex `σ` for `w` from `n − 1` down to 0, which is
 * descending index order. Each step is O(dim): the new index is `above + C(w, ·) + below`,
 * where `above` / `below` sum the terms of the vertices of `σ` above / below `w`, updated
 * as `w` passes a vertex. The cofacet's diameter is σ's diameter or a new distance to `w`.
 */
export class Cofacets {
  /** The current cofacet, after `next()` returned true. */
  diameter = 0;
  index = 0;
  private readonly verts: Int32Array;
  private readonly rows: Int32Array;
  private readonly table: Float64Array;
  private readonly stride: number;
  private k = 0;
  private p = 0;
  private w = 0;
  private above = 0;
  private below = 0;
  private base = 0;
  private all = true;
  private dim = 0;

  /** Filled by `collect`: (diameter, index) pairs. */
  readonly buffer: Float64Array;

  constructor(private readonly space: SimplexSpace) {
    this.buffer = new Float64Array(2 * Math.max(1, space.n));
    this.verts = new Int32Array(space.binom.maxK + 1);
    this.rows = new Int32Array(space.binom.maxK + 1);
    this.table = space.binom.table;
    this.stride = space.binom.stride;
  }

  /**
   * Starts on simplex (`diameter`, `index`) of dimension `dim`. With `all = false` only the
   * cofacets whose new vertex is above every vertex of σ are visited: each simplex of the
   * next dimension is then met exactly once over all of its facets.
   */
  start(diameter: number, index: number, dim: number, all = true): void {
    this.space.binom.vertices(index, dim, this.verts);
    for (let i = 0; i <= dim; i++) this.rows[i] = this.verts[i]! * this.space.n;
    this.base = diameter;
    this.k = dim + 1;
    this.dim = dim;
    this.p = 0;
    this.w = this.space.n - 1;
    this.above = 0;
    this.below = index;
    this.all = all;
  }

  next(): boolean {
    const { verts, table, stride, k } = this;
    let w = this.w;
    let p = this.p;
    while (p < k && w === verts[p]) {
      if (!this.all) return false;
      // w passes a vertex of σ: that vertex moves up one position in the cofacet.
      const pos = this.dim + 1 - p;
      this.above += table[(pos + 1) * stride + w]!;
      this.below -= table[pos * stride + w]!;
      p++;
      w--;
    }
    if (w < 0) return false;
    this.p = p;
    this.w = w - 1;
    this.index = this.above + table[(this.dim + 2 - p) * stride + w]! + this.below;
    const d = this.space.d;
    const rows = this.rows;
    let diameter = this.base;
    for (let i = 0; i < k; i++) {
      const x = d[rows[i]! + w]!;
      if (x > diameter) diameter = x;
    }
    this.diameter = diameter;
    return true;
  }

  /**
   * Writes into `buffer` the cofacets of simplex (`diameter`, `index`) with diameter ≤
   * `threshold` that are not older than (`minDiameter`, `minIndex`), in descending index
   * order, and returns how many. One call walks the whole coboundary in a tight loop; edges,
   * the common case, get a loop of their own with the index formula spelled out.
   */
  collect(diameter: number, index: number, dim: number, threshold: number, minDiameter: number, minIndex: number): number {
    if (dim !== 1) return this.collectGeneric(diameter, index, dim, threshold, minDiameter, minIndex);
    const { n, d, binom } = this.space;
    const t = this.table;
    const stride = this.stride;
    const out = this.buffer;
    binom.vertices(index, 1, this.verts);
    const a = this.verts[0]!;
    const b = this.verts[1]!;
    const ra = a * n;
    const rb = b * n;
    let count = 0;
    // Triangle {x > y > z} has index C(x, 3) + C(y, 2) + z. With w above a, between a and b,
    // and below b (three segments), only one term varies: C(w, 3), C(w, 2), then C(w, 1) = w.
    for (let segment = 0; segment < 3; segment++) {
      const from = segment === 0 ? n - 1 : segment === 1 ? a - 1 : b - 1;
      const to = segment === 0 ? a : segment === 1 ? b : -1;
      const term = (3 - segment) * stride;
      const constant = segment === 0 ? t[2 * stride + a]! + b : segment === 1 ? t[3 * stride + a]! + b : t[3 * stride + a]! + t[2 * stride + b]!;
      for (let w = from; w > to; w--) {
        let cd = diameter;
        const da = d[ra + w]!;
        const db = d[rb + w]!;
        if (da > cd) cd = da;
        if (db > cd) cd = db;
        if (cd > threshold || cd < minDiameter) continue;
        const ci = constant + t[term + w]!;
        if (cd === minDiameter && ci > minIndex) continue;
        out[2 * count] = cd;
        out[2 * count++ + 1] = ci;
      }
    }
    return count;
  }

  private collectGeneric(diameter: number, index: number, dim: number, threshold: number, minDiameter: number, minIndex: number): number {
    const out = this.buffer;
    let count = 0;
    this.start(diameter, index, dim);
    while (this.next()) {
      const cd = this.diameter;
      if (cd > threshold || cd < minDiameter || (cd === minDiameter && this.index > minIndex)) continue;
      out[2 * count] = cd;
      out[2 * count++ + 1] = this.index;
    }
    return count;
  }
}
