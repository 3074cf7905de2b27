// Model files: a JSON round trip keeps every bit and the id; damaged or mismatched files are refused by name.
import { describe, expect, it } from 'vitest';
import { createRng } from '../scenarios/random.js';
import { forwardSequence } from './forward.js';
import { createCfc } from './model.js';
import { createHash64, modelFromJson, modelId, modelToJson } from './serialise.js';
import { randomModel, randomSequence } from './test-helpers.js';

describe('model files', () => {
  it('round-trip through JSON text bit for bit, with the same id and outputs', () => {
    const model = randomModel({ inputs: 4, hidden: 5, backboneUnits: 6, backboneLayers: 2, activation: 'silu' }, 41);
    model.inputs = ['cpu.total', 'mem.used_pct', 'disk./.used_pct', 'forecast.mem.ttf'];
    const text = JSON.stringify(modelToJson(model, { seed: 41, epochs: 3 }));
    const again = modelFromJson(JSON.parse(text));
    expect(Array.from(again.params)).toEqual(Array.from(model.params));
    expect(again.inputs).toEqual(model.inputs);
    expect(Array.from(again.mean)).toEqual(Array.from(model.mean));
    expect(again.config).toEqual(model.config);
    expect(modelId(again)).toBe(modelId(model));
    const seq = randomSequence(createRng(42), 6, 4);
    expect(Array.from(forwardSequence(again, seq).risk)).toEqual(Array.from(forwardSequence(model, seq).risk));
    expect(JSON.parse(text).training).toEqual({ seed: 41, epochs: 3 });
  });

  it('gives different ids to different weights or inputs', () => {
    const a = createCfc({ inputs: 3 }, { seed: 1 });
    const b = createCfc({ inputs: 3 }, { seed: 2 });
    const c = createCfc({ inputs: 3 }, { seed: 1, inputs: ['a', 'b', 'c'] });
    expect(modelId(a)).toMatch(/^cfc-[0-9a-f]{16}$/);
    expect(new Set([modelId(a), modelId(b), modelId(c)]).size).toBe(3);
    expect(modelId(createCfc({ inputs: 3 }, { seed: 1 }))).toBe(modelId(a));
  });

  it('hashes with 64-bit FNV-1a (published test vectors)', () => {
    for (const [text, hex] of [
      ['', 'cbf29ce484222325'],
      ['a', 'af63dc4c8601ec8c'],
      ['foobar', '85944171f73967e8'],
    ] as const) {
      const h = createHash64();
      h.text(text);
      expect(h.hex()).toBe(hex);
    }
  });

  it('refuses damaged files with a message naming what is wrong', () => {
    const json = modelToJson(createCfc({ inputs: 2, hidden: 3 }, { seed: 5 }));
    const tampered = structuredClone(json);
    tampered.weights['ff1.weight']![0]! += 1e-9;
    expect(() => modelFromJson(tampered)).toThrow(/does not match its contents/);
    const short = structuredClone(json);
    short.weights['time_a.bias'] = [1, 2];
    expect(() => modelFromJson(short)).toThrow(/weights\.time_a\.bias has 2 values, expected 3×1 = 3/);
    const missing = structuredClone(json) as { weights: Record<string, number[]> };
    delete missing.weights['risk.weight'];
    expect(() => modelFromJson(missing)).toThrow(/weights\.risk\.weight is missing/);
    expect(() => modelFromJson({ ...json, format: 'other' })).toThrow(/format/);
    expect(() => modelFromJson({ ...json, classes: ['a'] })).toThrow(/classes/);
    expect(() => modelFromJson({ ...json, config: { ...json.config, hidden: 0 } })).toThrow(/config\.hidden/);
    expect(() => createCfc({ inputs: 3, hiden: 4 } as never)).toThrow(/Unrecognized key: "hiden"/);
  });
});
