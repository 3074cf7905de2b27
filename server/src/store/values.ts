/**
 * Row values as packed Float64 blobs against a "layout": the ordered list of metric ids a row
 * holds. One row per sample keeps writes at one row per sample however many metrics a host has.
 */

/** Pack values to a blob (a copy: SQLite keeps the bytes). */
export function packValues(values: ArrayLike<number>): Buffer {
  const f = values instanceof Float64Array ? values : Float64Array.from(values);
  // Float64Array is little-endian on every platform Node supports (x64, arm64).
  return Buffer.from(f.buffer, f.byteOffset, f.byteLength);
}

/** Read the i-th value of a packed blob. */
export function valueAt(blob: Buffer, i: number): number {
  return blob.readDoubleLE(i * 8);
}

/** Pack metric ids of a layout. */
export function packIds(ids: readonly number[]): Buffer {
  const buf = Buffer.allocUnsafe(ids.length * 4);
  for (let i = 0; i < ids.length; i++) buf.writeUInt32LE(ids[i]!, i * 4);
  return buf;
}

export function unpackIds(blob: Buffer): number[] {
  const out = new Array<number>(blob.length / 4);
  for (let i = 0; i < out.length; i++) out[i] = blob.readUInt32LE(i * 4);
  return out;
}
