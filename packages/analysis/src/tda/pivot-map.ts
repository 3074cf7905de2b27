/** An open-addressing hash map from simplex index (an integer double) to column number, in typed arrays. */

const EMPTY = -1;

/** Maps pivot simplices to the column that owns them, so clearing and reduction look them up in O(1). */
export class PivotMap {
  private keys: Float64Array;
  private values: Int32Array;
  private mask: number;
  size = 0;

  constructor(expected = 16) {
    let cap = 16;
    while (cap < 2 * expected) cap *= 2;
    this.keys = new Float64Array(cap).fill(EMPTY);
    this.values = new Int32Array(cap);
    this.mask = cap - 1;
  }

  private slot(key: number): number {
    // Mix both 32-bit halves: indices of higher simplices exceed 2^32.
    const lo = key >>> 0;
    const hi = (key / 4294967296) >>> 0;
    let h = Math.imul(lo ^ Math.imul(hi, 0x85ebca6b), 0x9e3779b1);
    h ^= h >>> 15;
    return h & this.mask;
  }

  /** The column owning `key`, or -1. */
  get(key: number): number {
    const keys = this.keys;
    for (let s = this.slot(key); ; s = (s + 1) & this.mask) {
      const k = keys[s]!;
      if (k === key) return this.values[s]!;
      if (k === EMPTY) return -1;
    }
  }

  has(key: number): boolean {
    return this.get(key) !== -1;
  }

  set(key: number, value: number): void {
    if (2 * (this.size + 1) > this.keys.length) this.rehash();
    const keys = this.keys;
    for (let s = this.slot(key); ; s = (s + 1) & this.mask) {
      const k = keys[s]!;
      if (k === EMPTY) {
        keys[s] = key;
        this.values[s] = value;
        this.size++;
        return;
      }
      if (k === key) {
        this.values[s] = value;
        return;
      }
    }
  }

  private rehash(): void {
    const oldKeys = this.keys;
    const oldValues = this.values;
    this.keys = new Float64Array(oldKeys.length * 2).fill(EMPTY);
    this.values = new Int32Array(oldKeys.length * 2);
    this.mask = this.keys.length - 1;
    this.size = 0;
    for (let s = 0; s < oldKeys.length; s++) if (oldKeys[s] !== EMPTY) this.set(oldKeys[s]!, oldValues[s]!);
  }
}
