/** The Rips filtration as an implicit space of simplices: diameters, facets and zero-persistence apparent pairs. */
import { BinomialTable } from './binomial.js';
import { Cofacets, type SimplexSpace } from './cofacets.js';
import type { DenseDistances } from './distance.js';

/**
 * Apparent pairs (Bauer 2021, "Ripser"): `(σ, τ)` where `τ` is the oldest cofacet of `σ`
 * and `σ` the youngest facet of `τ`. Those with equal diameters are zero-persistence pairs
 * of the reduced matrix that can be read off without any reduction, which is what lets
 * most columns be skipped. "Oldest" and "youngest" use the filtration order: diameter, then
 * larger index first.
 */
export class RipsSpace implements SimplexSpace {
  readonly n: number;
  readonly d: Float64Array;
  readonly binom: BinomialTable;
  private readonly cofacets: Cofacets;
  private readonly verts: Int32Array;

  constructor(
    distances: DenseDistances,
    /** Largest diameter in the filtration; always finite, so infinite distances are never edges. */
    readonly threshold: number,
    maxDim: number,
  ) {
    this.n = distances.n;
    this.d = distances.d;
    this.binom = new BinomialTable(this.n, maxDim + 2);
    this.cofacets = new Cofacets(this);
    this.verts = new Int32Array(maxDim + 3);
  }

  /** Diameter of simplex `index` of dimension `dim`. */
  diameter(index: number, dim: number): number {
    const v = this.verts;
    this.binom.vertices(index, dim, v);
    let diameter = 0;
    for (let i = 0; i <= dim; i++) for (let j = 0; j < i; j++) diameter = Math.max(diameter, this.d[v[i]! * this.n + v[j]!]!);
    return diameter;
  }

  /**
   * The youngest facet of `τ` if it has τ's diameter, else -1. Facets come in ascending index
   * order by removing the largest vertex first; the first one with τ's diameter is the youngest.
   */
  zeroPivotFacet(diameter: number, index: number, dim: number): number {
    const { verts: v, d, n } = this;
    const table = this.binom.table;
    const stride = this.binom.stride;
    this.binom.vertices(index, dim, v);
    let above = 0;
    let below = index - table[(dim + 1) * stride + v[0]!]!;
    for (let i = 0; i <= dim; i++) {
      let facetDiameter = 0;
      for (let a = 0; a <= dim; a++) {
        if (a === i) continue;
        for (let b = 0; b < a; b++) if (b !== i) facetDiameter = Math.max(facetDiameter, d[v[a]! * n + v[b]!]!);
      }
      if (facetDiameter === diameter) return above + below;
      if (i < dim) {
        above += table[(dim - i) * stride + v[i]!]!;
        below -= table[(dim - i) * stride + v[i + 1]!]!;
      }
    }
    return -1;
  }

  /** The oldest cofacet of `σ` if it has σ's diameter, else -1 (cofacets come in descending index order). */
  zeroPivotCofacet(diameter: number, index: number, dim: number): number {
    if (dim === 1) return this.zeroPivotCofacetOfEdge(diameter, index);
    const c = this.cofacets;
    c.start(diameter, index, dim);
    while (c.next()) if (c.diameter === diameter) return c.index;
    return -1;
  }

  /** `zeroPivotCofacet` for an edge {a > b}: the largest w within `length` of both. */
  private zeroPivotCofacetOfEdge(length: number, index: number): number {
    const { n, d, verts } = this;
    this.binom.vertices(index, 1, verts);
    const a = verts[0]!;
    const b = verts[1]!;
    const ra = a * n;
    const rb = b * n;
    for (let w = n - 1; w >= 0; w--) {
      if (d[ra + w]! > length || d[rb + w]! > length || w === a || w === b) continue;
      const t = this.binom.table;
      const s = this.binom.stride;
      if (w > a) return t[3 * s + w]! + t[2 * s + a]! + b;
      if (w > b) return t[3 * s + a]! + t[2 * s + w]! + b;
      return t[3 * s + a]! + t[2 * s + b]! + w;
    }
    return -1;
  }

  /** The facet `σ` with `(σ, τ)` a zero-persistence apparent pair, else -1; `σ` has τ's diameter. */
  zeroApparentFacet(diameter: number, index: number, dim: number): number {
    const facet = this.zeroPivotFacet(diameter, index, dim);
    return facet >= 0 && this.zeroPivotCofacet(diameter, facet, dim - 1) === index ? facet : -1;
  }

  /** The cofacet `τ` with `(σ, τ)` a zero-persistence apparent pair, else -1. */
  zeroApparentCofacet(diameter: number, index: number, dim: number): number {
    const cofacet = this.zeroPivotCofacet(diameter, index, dim);
    return cofacet >= 0 && this.zeroPivotFacet(diameter, cofacet, dim + 1) === index ? cofacet : -1;
  }

  isInZeroApparentPair(diameter: number, index: number, dim: number): boolean {
    return this.zeroApparentCofacet(diameter, index, dim) >= 0 || this.zeroApparentFacet(diameter, index, dim) >= 0;
  }
}
