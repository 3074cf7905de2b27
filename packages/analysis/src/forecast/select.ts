/** k-th smallest of a typed array in place (Floyd–Rivest selection): expected linear time, no allocation. */

/**
 * Rearranges a[lo..hi] so a[k] is the value it would have if sorted; returns it.
 * @example select(Float64Array.of(5, 1, 4, 2, 3), 2) // 3
 */
export function select(a: Float64Array, k: number, lo = 0, hi = a.length - 1): number {
  while (hi > lo) {
    if (hi - lo > 600) {
      // Sample-based bounds (Floyd & Rivest 1975): recurse on a small range around k.
      const n = hi - lo + 1;
      const i = k - lo + 1;
      const z = Math.log(n);
      const s = 0.5 * Math.exp((2 * z) / 3);
      const sd = 0.5 * Math.sqrt((z * s * (n - s)) / n) * (i - n / 2 < 0 ? -1 : 1);
      const newLo = Math.max(lo, Math.floor(k - (i * s) / n + sd));
      const newHi = Math.min(hi, Math.floor(k + ((n - i) * s) / n + sd));
      select(a, k, newLo, newHi);
    }
    const t = a[k]!;
    let i = lo;
    let j = hi;
    swap(a, lo, k);
    if (a[hi]! > t) swap(a, lo, hi);
    while (i < j) {
      swap(a, i, j);
      i++;
      j--;
      while (a[i]! < t) i++;
      while (a[j]! > t) j--;
    }
    if (a[lo] === t) swap(a, lo, j);
    else {
      j++;
      swap(a, j, hi);
    }
    if (j <= k) lo = j + 1;
    if (k <= j) hi = j - 1;
  }
  return a[k]!;
}

function swap(a: Float64Array, i: number, j: number): void {
  const t = a[i]!;
  a[i] = a[j]!;
  a[j] = t;
}

/** Median of a[0..n) (mean of the two middle values for even n); reorders a. */
export function medianInPlace(a: Float64Array, n: number): number {
  if (n === 0) return NaN;
  const h = n >> 1;
  const hi = select(a, h, 0, n - 1);
  if (n & 1) return hi;
  let lo = -Infinity;
  for (let i = 0; i < h; i++) if (a[i]! > lo) lo = a[i]!;
  return (lo + hi) / 2;
}
