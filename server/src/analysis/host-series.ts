/** A host's recent host vectors in a ring buffer: what the next window is cut from, with no SQLite read. */
import { FEATURE_COUNT } from '@aura/analysis/features';

export class HostSeries {
  private readonly ts: Float64Array;
  private readonly values: Float64Array;
  private head = 0;
  count = 0;

  constructor(readonly capacity: number) {
    this.ts = new Float64Array(capacity);
    this.values = new Float64Array(capacity * FEATURE_COUNT);
  }

  /** Newest timestamp (unix ms), or −Infinity when empty. */
  get newest(): number {
    return this.count === 0 ? -Infinity : this.ts[(this.head - 1 + this.capacity) % this.capacity]!;
  }

  /** Append a sample; older or equal timestamps are ignored (replays, late samples). */
  push(ts: number, vector: Float64Array): void {
    if (ts <= this.newest) return;
    this.ts[this.head] = ts;
    this.values.set(vector, this.head * FEATURE_COUNT);
    this.head = (this.head + 1) % this.capacity;
    if (this.count < this.capacity) this.count++;
  }

  /**
   * A copy of the samples newer than `fromMs`, oldest first, thinned evenly to at most
   * `maxPoints` (the newest always kept), e.g. 10 minutes of a 1-second agent as 120 points.
   */
  window(fromMs: number, maxPoints: number): { timestamps: Float64Array; values: Float64Array } {
    const idx: number[] = [];
    for (let k = 0; k < this.count; k++) {
      const i = (this.head - 1 - k + 2 * this.capacity) % this.capacity;
      if (this.ts[i]! <= fromMs) break;
      idx.push(i);
    }
    idx.reverse();
    const stride = Math.max(1, idx.length / maxPoints);
    const picked: number[] = [];
    for (let p = idx.length - 1; p >= 0 && picked.length < maxPoints; p -= stride) picked.push(idx[Math.round(p)]!);
    picked.reverse();
    const timestamps = new Float64Array(picked.length);
    const values = new Float64Array(picked.length * FEATURE_COUNT);
    picked.forEach((i, k) => {
      timestamps[k] = this.ts[i]!;
      values.set(this.values.subarray(i * FEATURE_COUNT, (i + 1) * FEATURE_COUNT), k * FEATURE_COUNT);
    });
    return { timestamps, values };
  }
}
