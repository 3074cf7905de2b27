/** Disjoint sets over 0..n−1 in typed arrays (union by rank, path halving), for H0. */

export class UnionFind {
  private readonly parent: Int32Array;
  private readonly rank: Uint8Array;

  constructor(n: number) {
    this.parent = new Int32Array(n);
    this.rank = new Uint8Array(n);
    for (let i = 0; i < n; i++) this.parent[i] = i;
  }

  find(x: number): number {
    const p = this.parent;
    while (p[x] !== x) {
      const grand = p[p[x]!]!;
      p[x] = grand;
      x = grand;
    }
    return x;
  }

  /** Joins the sets of two roots. */
  link(a: number, b: number): void {
    if (this.rank[a]! < this.rank[b]!) this.parent[a] = b;
    else {
      this.parent[b] = a;
      if (this.rank[a] === this.rank[b]) this.rank[a]!++;
    }
  }
}
