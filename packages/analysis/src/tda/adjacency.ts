/** Adjacency bitsets of the growing 1-skeleton: common neighbours of an edge in O(n / 32). */

/**
 * While H0 sweeps the edges in filtration order, the oldest cofacet of edge {a, b} with
 * the edge's own length L is the triangle {a, b, w} for the largest w adjacent to both at
 * scale L. With every edge of length ≤ L already set, that w is the highest bit of
 * `row(a) & row(b)`: a word scan from the top instead of n distance lookups.
 */
export class Adjacency {
  private readonly words: number;
  private readonly bits: Int32Array;

  constructor(n: number) {
    this.words = (n + 31) >>> 5;
    this.bits = new Int32Array(n * this.words);
  }

  add(a: number, b: number): void {
    this.bits[a * this.words + (b >>> 5)]! |= 1 << (b & 31);
    this.bits[b * this.words + (a >>> 5)]! |= 1 << (a & 31);
  }

  /** The largest vertex adjacent to both `a` and `b`, or -1. */
  largestCommonNeighbor(a: number, b: number): number {
    const bits = this.bits;
    const ra = a * this.words;
    const rb = b * this.words;
    for (let k = this.words - 1; k >= 0; k--) {
      const common = bits[ra + k]! & bits[rb + k]!;
      if (common !== 0) return (k << 5) + 31 - Math.clz32(common);
    }
    return -1;
  }
}
