/** A bounded window of (time, value) points in typed arrays, oldest dropped first; copied out in order for fits. */

export interface Ring {
  ts: Float64Array;
  vs: Float64Array;
  /** Next write position and number of points held. */
  head: number;
  size: number;
}

export function createRing(capacity: number): Ring {
  return { ts: new Float64Array(capacity), vs: new Float64Array(capacity), head: 0, size: 0 };
}

export function pushRing(r: Ring, t: number, v: number): void {
  r.ts[r.head] = t;
  r.vs[r.head] = v;
  r.head = (r.head + 1) % r.ts.length;
  if (r.size < r.ts.length) r.size++;
}

/** Drop points at or before `minTs`. */
export function trimRing(r: Ring, minTs: number): void {
  const cap = r.ts.length;
  while (r.size > 0 && r.ts[(r.head - r.size + cap) % cap]! <= minTs) r.size--;
}

/** Copy the points oldest first into `ts`/`vs` (sized ≥ capacity); returns how many. */
export function readRing(r: Ring, ts: Float64Array, vs: Float64Array): number {
  const cap = r.ts.length;
  for (let i = 0; i < r.size; i++) {
    const k = (r.head - r.size + i + cap) % cap;
    ts[i] = r.ts[k]!;
    vs[i] = r.vs[k]!;
  }
  return r.size;
}
