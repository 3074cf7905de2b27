// The state codec: typed arrays (with NaN and infinities) survive JSON exactly; other values untouched.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { stateFromJson, stateToJson } from './state-json.js';

describe('stateToJson / stateFromJson', () => {
  it('round-trips typed arrays exactly, inside any structure (fast-check)', () => {
    fc.assert(
      fc.property(fc.array(fc.double()), fc.array(fc.float()), fc.string(), (a, b, name) => {
        const state = { name, nested: { f64: Float64Array.from(a), list: [Float32Array.from(b), 1, null] }, n: a.length };
        expect(stateFromJson(stateToJson(state))).toEqual(state);
      }),
    );
  });

  it('writes NaN and infinities as strings, numbers as numbers', () => {
    expect(stateToJson({ r: Float64Array.of(1.5, Number.NaN, -Infinity) })).toBe('{"r":{"$f64":[1.5,"NaN","-Infinity"]}}');
    expect(stateFromJson('{"a":[1,2],"b":{"c":3}}')).toEqual({ a: [1, 2], b: { c: 3 } });
  });
});
