// The exported graph's interface: opset-17 standard operators, symbolic batch, metadata. (That
// onnxruntime runs it and matches the TypeScript forward pass is tested in server/src/analysis.)
import { describe, expect, it } from 'vitest';
import { describeOnnx, exportOnnx } from './onnx-export.js';
import { createCfc } from './model.js';
import { modelId } from './serialise.js';

const STANDARD = new Set(['Add', 'Clip', 'Concat', 'Gemm', 'IsNaN', 'Mul', 'Relu', 'Sigmoid', 'Softmax', 'Split', 'Sub', 'Tanh', 'Where']);

describe('ONNX export', () => {
  it.each(['lecun_tanh', 'tanh', 'relu', 'silu'] as const)('declares x, h, dt → h_out, risk, ttf, class_probs with a symbolic batch (%s)', (activation) => {
    const model = createCfc({ inputs: 7, hidden: 9, backboneUnits: 11, backboneLayers: 2, activation }, { seed: 3, inputs: ['a', 'b', 'c', 'd', 'e', 'f', 'g'] });
    const info = describeOnnx(exportOnnx(model));
    expect(info.opset).toBe(17);
    expect(info.inputs).toEqual([
      { name: 'x', dims: ['N', 7] },
      { name: 'h', dims: ['N', 9] },
      { name: 'dt', dims: ['N', 1] },
    ]);
    expect(info.outputs).toEqual([
      { name: 'h_out', dims: ['N', 9] },
      { name: 'risk', dims: ['N', 4] },
      { name: 'ttf', dims: ['N', 1] },
      { name: 'class_probs', dims: ['N', 8] },
    ]);
    for (const op of info.operators) expect(STANDARD.has(op), op).toBe(true);
    expect(info.metadata['aura.model']).toBe(modelId(model));
    expect(JSON.parse(info.metadata['aura.inputs']!)).toEqual(model.inputs);
    expect(info.metadata['aura.ttf']).toBe('ln(1 + minutes)');
  });

  it('is deterministic and refuses bytes that are not a model', () => {
    const model = createCfc({ inputs: 3 }, { seed: 9 });
    expect(Array.from(exportOnnx(model))).toEqual(Array.from(exportOnnx(model)));
    expect(() => describeOnnx(new Uint8Array([0xff, 0xff, 0xff]))).toThrow(/not an ONNX model/);
  });
});
