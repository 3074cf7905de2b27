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
  private readonly heap = new ColumnHeap(1024);
  private tail = new Float64Array(2048);
  private tailSize = 0;
  private bound = 0;
  private birth = 0;
  private window = 0;
  private mark = 0;

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

  /** Starts a batch of `add`s; `end()` restores the heap order once for the batch. */
  begin(): void {
    this.mark = this.heap.size;
  }

  add(diameter: number, index: number): void {
    if (diameter <= this.bound) {
      this.heap.append(diameter, index);
      return;
    }
    if (this.tailSize * 2 + 2 > this.tail.length) {
      const next = new Float64Array(this.tail.length * 2);
      next.set(this.tail);
      this.tail = next;
    }
    this.tail[2 * this.tailSize] = diameter;
    this.tail[2 * this.tailSize++ + 1] = index;
  }

  end(): void {
    this.heap.restore(this.mark);
  }

  /** Finds the pivot (oldest surviving entry) and keeps it in the column; false when the column is zero. */
  pivot(): boolean {
    for (;;) {
      if (this.heap.pivot()) return true;
      if (this.tailSize === 0) return false;
      this.refill();
    }
  }

  private refill(): void {
    const tail = this.tail;
    let min = Infinity;
    let max = 0;
    for (let i = 0; i < this.tailSize; i++) {
      const d = tail[2 * i]!;
      if (d < min) min = d;
      if (d > max) max = d;
    }
    const span = Math.max(min - this.birth, this.window, (max - min) / 64);
    this.bound = min + span;
    this.window = 2 * span;
    const heap = this.heap;
    const from = heap.size;
    let kept = 0;
    for (let i = 0; i < this.tailSize; i++) {
      const d = tail[2 * i]!;
      const x = tail[2 * i + 1]!;
      if (d <= this.bound) heap.append(d, x);
      else {
        tail[2 * kept] = d;
        tail[2 * kept++ + 1] = x;
      }
    }
    this.tailSize = kept;
    heap.restore(from);
  }
}
