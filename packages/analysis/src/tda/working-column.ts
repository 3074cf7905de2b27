/** The working coboundary column: a heap for its oldest entries, an unsorted tail for the rest. */
import { ColumnHeap } from './heap.js';

/**
 * A reduction only ever looks at the oldest few entries of a column (its pivot, then the
 * next pivot after each addition), yet every addition brings a whole coboundary. So entries
 * up to a diameter `bound` go into a heap and the rest are appended, unsorted, to a tail in
 * O(1); when the heap runs dry the bound moves up (the window doubles each time) and the
 * tail entries under it move into the heap. Two copies of a simplex share a diameter, so
 * they always land on the same side and Z/2 cancellation stays exact.
 */
export class WorkingColumn {
  // Small at first on purpose: the growth paths then run while V8 still collects type
  // feedback, instead of deoptimising the hot loops later.
  private readonly heap = new ColumnHeap(8);
  private tail = new Float64Array(16);
  private tailSize = 0;
  private bound = 0;
  private birth = 0;
  private window = 0;

  /** Set by `pivot()`. */
  get pivotDiameter(): number {
    return this.heap.pivotDiameter;
  }

  get pivotIndex(): number {
    return this.heap.pivotIndex;
  }

  /** Empties the column for a new one whose simplex has diameter `birth`. */
  reset(birth: number): void {
    this.heap.clear();
    this.tailSize = 0;
    this.birth = birth;
    this.bound = birth;
    this.window = 0;
  }

  /** Adds `count` (diameter, index) pairs from `entries` as one batch. */
  addAll(entries: Float64Array, count: number): void {
    const heap = this.heap;
    const bound = this.bound;
    let tail = this.tail;
    if (2 * (this.tailSize + count) > tail.length) {
      tail = new Float64Array(Math.max(2 * tail.length, 2 * (this.tailSize + count)));
      tail.set(this.tail.subarray(0, 2 * this.tailSize));
      this.tail = tail;
    }
    let tailSize = this.tailSize;
    for (let i = 0; i < 2 * count; i += 2) {
      const diameter = entries[i]!;
      const index = entries[i + 1]!;
      // Few entries fall under the bound (it trails the pivot), so sifting each up is cheap.
      if (diameter <= bound) heap.push(diameter, index);
      else {
        tail[2 * tailSize] = diameter;
        tail[2 * tailSize++ + 1] = index;
      }
    }
    this.tailSize = tailSize;
  }

  /** Finds the pivot (oldest surviving entry) and keeps it in the column; false when the column is zero. */
  pivot(): boolean {
    for (;;) {
      if (this.heap.pivot()) return true;
      if (this.tailSize === 0) return false;
      this.refill();
    }
  }

  /** Raises the bound and moves the tail entries under it into the (empty) heap. */
  private refill(): void {
    const tail = this.tail;
    const size = this.tailSize;
    let min = Infinity;
    let max = 0;
    for (let i = 0; i < 2 * size; i += 2) {
      const d = tail[i]!;
      if (d < min) min = d;
      if (d > max) max = d;
    }
    const span = Math.max(min - this.birth, this.window, (max - min) / 64);
    const bound = min + span;
    this.bound = bound;
    this.window = 2 * span;
    const heap = this.heap;
    const near = heap.reserve(size);
    let nearSize = heap.size;
    let kept = 0;
    for (let i = 0; i < 2 * size; i += 2) {
      const d = tail[i]!;
      const x = tail[i + 1]!;
      if (d <= bound) {
        near[2 * nearSize] = d;
        near[2 * nearSize++ + 1] = x;
      } else {
        tail[2 * kept] = d;
        tail[2 * kept++ + 1] = x;
      }
    }
    heap.size = nearSize;
    this.tailSize = kept;
    heap.heapify();
  }
}
