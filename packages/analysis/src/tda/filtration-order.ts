/** Sorting simplices into filtration order (diameter ascending, then index descending) with a bucket sort. */

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
/** Buckets longer than this are sorted by the engine's sort instead of by insertion. */
const INSERTION_LIMIT = 24;

/**
 * The permutation that puts `count` simplices into filtration order: by diameter, ties by
 * larger combinatorial index first (Ripser's reverse colexicographic refinement), so results
 * are deterministic on ties. Pass `indexDescending` when the input lists indices in
 * descending order: the sort is stable, so ties then need no comparison of indices.
 *
 * One counting-sort pass buckets the simplices by the high 32 bits of their diameter (for
 * non-negative doubles the bit pattern orders like the value, and its high word spreads
 * buckets evenly over each octave); the short runs inside buckets are finished by insertion.
 * Diameters must be ≥ 0 and not −0.
 */
export function filtrationOrder(diameters: Float64Array, indices: Float64Array, count: number, indexDescending = false): Uint32Array {
  const order = new Uint32Array(count);
  if (count < 2) return order; // [0] or []
  const keys = new Float64Array(count);
  const starts = bucketScatter(diameters, count, order, keys);
  // One loop per function: V8 then compiles each loop on its own, early and cheaply.
  finishBuckets(starts, order, keys, diameters, indices, indexDescending);
  return order;
}

/** Counting sort by the high word of the diameter; returns the bucket boundaries. */
function bucketScatter(diameters: Float64Array, count: number, order: Uint32Array, keys: Float64Array): Uint32Array {
  const words = new Uint32Array(diameters.buffer, diameters.byteOffset, 2 * count);
  const high = LITTLE_ENDIAN ? 1 : 0;
  let min = 0xffffffff;
  let max = 0;
  for (let i = 0; i < count; i++) {
    const h = words[2 * i + high]!;
    if (h < min) min = h;
    if (h > max) max = h;
  }
  let shift = 0;
  while ((max - min) / 2 ** shift >= count) shift++;
  const buckets = Math.floor((max - min) / 2 ** shift) + 1;
  const starts = new Uint32Array(buckets + 1);
  countBuckets(words, high, count, min, shift, starts);
  for (let b = 0; b < buckets; b++) starts[b + 1]! += starts[b]!;
  scatter(words, high, diameters, count, min, shift, starts.slice(0, buckets), order, keys);
  return starts;
}

/** The diameters travel with the permutation so the buckets are finished on contiguous memory. */
function scatter(
  words: Uint32Array,
  high: number,
  diameters: Float64Array,
  count: number,
  min: number,
  shift: number,
  fill: Uint32Array,
  order: Uint32Array,
  keys: Float64Array,
): void {
  for (let i = 0; i < count; i++) {
    const at = fill[(words[2 * i + high]! - min) >>> shift]!++;
    order[at] = i;
    keys[at] = diameters[i]!;
  }
}

function countBuckets(words: Uint32Array, high: number, count: number, min: number, shift: number, starts: Uint32Array): void {
  for (let i = 0; i < count; i++) starts[((words[2 * i + high]! - min) >>> shift) + 1]!++;
}

function finishBuckets(starts: Uint32Array, order: Uint32Array, keys: Float64Array, diameters: Float64Array, indices: Float64Array, indexDescending: boolean): void {
  const long: number[] = [];
  for (let b = 0; b + 1 < starts.length; b++) {
    const start = starts[b]!;
    const end = starts[b + 1]!;
    if (end - start > INSERTION_LIMIT) long.push(start, end);
    else if (end - start > 1) sortRun(order, keys, start, end, indices, indexDescending);
  }
  // Long runs (many equal or close diameters) after the loop, so the loop stays simple.
  for (let i = 0; i < long.length; i += 2) {
    order.subarray(long[i], long[i + 1]).sort((a, b) => diameters[a]! - diameters[b]! || indices[b]! - indices[a]!);
  }
}

/** Insertion sort of a short run. */
function sortRun(order: Uint32Array, keys: Float64Array, start: number, end: number, indices: Float64Array, indexDescending: boolean): void {
  for (let i = start + 1; i < end; i++) {
    const e = order[i]!;
    const d = keys[i]!;
    let j = i - 1;
    for (; j >= start; j--) {
      const df = keys[j]!;
      // Stop at the first element that goes before e. The sort is stable, so when indices
      // already descend, equal diameters are in order as they are.
      if (df < d || (df === d && (indexDescending || indices[order[j]!]! > indices[e]!))) break;
      order[j + 1] = order[j]!;
      keys[j + 1] = df;
    }
    order[j + 1] = e;
    keys[j + 1] = d;
  }
}
