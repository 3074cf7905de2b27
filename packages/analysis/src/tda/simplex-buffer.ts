/** A growable list of (diameter, index) simplices in two typed arrays. */
import { filtrationOrder } from './filtration-order.js';

export class SimplexBuffer {
  diameters: Float64Array;
  indices: Float64Array;
  count = 0;

  constructor(capacity = 64) {
    this.diameters = new Float64Array(Math.max(1, capacity));
    this.indices = new Float64Array(Math.max(1, capacity));
  }

  push(diameter: number, index: number): void {
    if (this.count === this.diameters.length) {
      const d = new Float64Array(2 * this.count);
      const i = new Float64Array(2 * this.count);
      d.set(this.diameters);
      i.set(this.indices);
      this.diameters = d;
      this.indices = i;
    }
    this.diameters[this.count] = diameter;
    this.indices[this.count++] = index;
  }

  /** A copy in filtration order, or in reverse filtration order (the order cohomology reduces in). */
  sorted(reverse: boolean, indexDescending = false): SimplexBuffer {
    const order = filtrationOrder(this.diameters, this.indices, this.count, indexDescending);
    const out = new SimplexBuffer(this.count);
    const last = this.count - 1;
    for (let r = 0; r < this.count; r++) {
      const s = order[reverse ? last - r : r]!;
      out.diameters[r] = this.diameters[s]!;
      out.indices[r] = this.indices[s]!;
    }
    out.count = this.count;
    return out;
  }
}
