/** A binary min-heap of (diameter, index) pairs in one typed array: the working column of a reduction. */

/**
 * Entries are ordered the way the cohomology reduction wants its pivot first: smaller
 * diameter first, then larger combinatorial index (Ripser's simplex-wise refinement: by
 * diameter, then reverse colexicographic order). Coefficients are in Z/2, so two copies of
 * one simplex cancel; `popPivot` does that cancellation lazily.
 */
export class ColumnHeap {
  /** Interleaved (diameter, index) entries; callers may fill `data` directly after `reserve`. */
  data: Float64Array;
  size = 0;
  /** Set by `popPivot` / `pivot`. */
  pivotDiameter = 0;
  pivotIndex = -1;

  constructor(capacity = 1024) {
    this.data = new Float64Array(2 * capacity);
  }

  clear(): void {
    this.size = 0;
  }

  private grow(min: number): void {
    const next = new Float64Array(Math.max(2 * min, 2 * this.data.length));
    next.set(this.data.subarray(0, 2 * this.size));
    this.data = next;
  }

  /** Makes room for `extra` more entries; then write `data` past `size` and call `heapify`. */
  reserve(extra: number): Float64Array {
    if (2 * (this.size + extra) > this.data.length) this.grow(this.size + extra);
    return this.data;
  }

  /** Restores the heap order of all entries in O(size), cheaper than one push each. */
  heapify(): void {
    for (let i = (this.size >>> 1) - 1; i >= 0; i--) this.siftDown(i);
  }

  push(diameter: number, index: number): void {
    if (2 * this.size + 2 > this.data.length) this.grow(this.size + 1);
    const d = this.data;
    let i = this.size++;
    while (i > 0) {
      const p = (i - 1) >>> 1;
      const pd = d[2 * p]!;
      if (pd < diameter || (pd === diameter && d[2 * p + 1]! > index)) break;
      d[2 * i] = pd;
      d[2 * i + 1] = d[2 * p + 1]!;
      i = p;
    }
    d[2 * i] = diameter;
    d[2 * i + 1] = index;
  }

  private popTop(): void {
    const last = --this.size;
    if (last > 0) {
      this.data[0] = this.data[2 * last]!;
      this.data[1] = this.data[2 * last + 1]!;
      this.siftDown(0);
    }
  }

  private siftDown(start: number): void {
    const d = this.data;
    const n = this.size;
    const diameter = d[2 * start]!;
    const index = d[2 * start + 1]!;
    let i = start;
    for (;;) {
      let c = 2 * i + 1;
      if (c >= n) break;
      let cd = d[2 * c]!;
      let ci = d[2 * c + 1]!;
      if (c + 1 < n) {
        const rd = d[2 * c + 2]!;
        const ri = d[2 * c + 3]!;
        if (rd < cd || (rd === cd && ri > ci)) {
          c++;
          cd = rd;
          ci = ri;
        }
      }
      if (diameter < cd || (diameter === cd && index > ci)) break;
      d[2 * i] = cd;
      d[2 * i + 1] = ci;
      i = c;
    }
    d[2 * i] = diameter;
    d[2 * i + 1] = index;
  }

  /** Removes the pivot (first entry surviving Z/2 cancellation); false when the column is zero. */
  popPivot(): boolean {
    const d = this.data;
    while (this.size > 0) {
      const diameter = d[0]!;
      const index = d[1]!;
      // Copies of one simplex are adjacent in heap order: an odd number of them survives.
      let copies = 0;
      do {
        this.popTop();
        copies++;
      } while (this.size > 0 && d[1] === index);
      if (copies & 1) {
        this.pivotDiameter = diameter;
        this.pivotIndex = index;
        return true;
      }
    }
    this.pivotIndex = -1;
    return false;
  }

  /** Finds the pivot and leaves it in the column; false when the column is zero. */
  pivot(): boolean {
    if (!this.popPivot()) return false;
    this.push(this.pivotDiameter, this.pivotIndex);
    return true;
  }
}
