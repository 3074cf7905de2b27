/**
 * JSON for analysis states that hold typed arrays (they travel between threads as typed arrays,
 * and are persisted as text): a Float64Array becomes `{"$f64":[…]}` with NaN, ±Infinity and −0 as
 * strings, so a state read back is exactly the state written.
 */

type Tagged = { $f64: Array<number | string> } | { $f32: Array<number | string> };

function encodeNumber(v: number): number | string {
  if (Object.is(v, -0)) return '-0';
  return Number.isFinite(v) ? v : String(v);
}

function decodeNumber(v: number | string): number {
  return typeof v === 'number' ? v : Number(v);
}

/**
 * @example
 * stateToJson({ ring: Float64Array.of(1, NaN) }); // → '{"ring":{"$f64":[1,"NaN"]}}'
 */
export function stateToJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => {
    if (v instanceof Float64Array) return { $f64: Array.from(v, encodeNumber) };
    if (v instanceof Float32Array) return { $f32: Array.from(v, encodeNumber) };
    return v;
  });
}

/** The inverse of stateToJson. */
export function stateFromJson(text: string): unknown {
  return JSON.parse(text, (_key, v: unknown) => {
    if (v && typeof v === 'object' && !Array.isArray(v)) {
      const t = v as Tagged;
      if ('$f64' in t && Array.isArray(t.$f64)) return Float64Array.from(t.$f64, decodeNumber);
      if ('$f32' in t && Array.isArray(t.$f32)) return Float32Array.from(t.$f32, decodeNumber);
    }
    return v;
  });
}

