/**
 * The trained cell as an ONNX model for one step, batched: inputs x [N, inputs], h [N, hidden],
 * dt [N, 1] (minutes) → h_out [N, hidden], risk [N, 4] (probabilities, HORIZONS order), ttf [N, 1]
 * (ln(1 + minutes to failure), as the TypeScript readout) and class_probs [N, 8] (FAILURE_CLASSES
 * order). N is symbolic, so one run serves many hosts. Standard opset-17 operators only; the
 * input normalisation is part of the graph.
 */
import { FAILURE_CLASSES, HORIZONS } from '@aura/protocol';
import { LECUN_A, LECUN_B } from './activations.js';
import { N_CLASSES, N_HORIZONS } from './config.js';
import type { CfcModel } from './model.js';
import { inputScale } from './model.js';
import { ATTR_INT, IR_VERSION, ModelProto, ONNX_FLOAT, ONNX_INT64, OPSET } from './onnx-schema.js';
import { modelId } from './serialise.js';

interface Node {
  op_type: string;
  input: string[];
  output: string[];
  name: string;
  attribute?: Array<{ name: string; type: number; i: number }>;
}
interface Tensor {
  name: string;
  dims: number[];
  data_type: number;
  raw_data: Uint8Array;
}

/** Names of the graph's inputs and outputs (the runtime feeds and reads these). */
export const ONNX_INPUTS = ['x', 'h', 'dt'] as const;
export const ONNX_OUTPUTS = ['h_out', 'risk', 'ttf', 'class_probs'] as const;

/**
 * Serialise the model as ONNX bytes (pure: no I/O).
 *
 * @example
 * const bytes = exportOnnx(model);
 * // server: await InferenceSession.create(bytes, { intraOpNumThreads: 1 })
 */
export function exportOnnx(model: CfcModel): Uint8Array {
  const { layout, config, params } = model;
  const { nIn, hidden: H, units: U, headIn: C, outputs: O } = layout;
  const nodes: Node[] = [];
  const inits: Tensor[] = [];
  const node = (op_type: string, input: string[], output: string[], attrs: Record<string, number> = {}): string => {
    const n: Node = { op_type, input, output, name: `${op_type.toLowerCase()}_${nodes.length}` };
    const names = Object.keys(attrs);
    if (names.length) n.attribute = names.map((name) => ({ name, type: ATTR_INT, i: attrs[name]! }));
    nodes.push(n);
    return output[0]!;
  };
  const floats = (name: string, dims: number[], values: ArrayLike<number>): string => {
    const raw = new Uint8Array(values.length * 4);
    const view = new DataView(raw.buffer);
    for (let i = 0; i < values.length; i++) view.setFloat32(i * 4, values[i]!, true);
    inits.push({ name, dims, data_type: ONNX_FLOAT, raw_data: raw });
    return name;
  };
  const ints = (name: string, values: number[]): string => {
    const raw = new Uint8Array(values.length * 8);
    const view = new DataView(raw.buffer);
    values.forEach((v, i) => view.setBigInt64(i * 8, BigInt(v), true));
    inits.push({ name, dims: [values.length], data_type: ONNX_INT64, raw_data: raw });
    return name;
  };

  // x̃ = Where(IsNaN(x), 0, Clip((x − mean)·scale, −clip, clip))
  const clip = config.inputClip;
  const centred = node('Sub', ['x', floats('mean', [nIn], model.mean)], ['x_centred']);
  const scaled = node('Mul', [centred, floats('scale', [nIn], inputScale(model.std))], ['x_scaled']);
  const clipped = node('Clip', [scaled, floats('clip_min', [], [-clip]), floats('clip_max', [], [clip])], ['x_clipped']);
  const isNan = node('IsNaN', ['x'], ['x_missing']);
  const zero = floats('zero', [], [0]);
  const one = floats('one', [], [1]);
  const xn = node('Where', [isNan, zero, clipped], ['x_norm']);
  let u = node('Concat', [xn, 'h'], ['z'], { axis: 1 });

  for (let l = 0; l < layout.layers; l++) {
    const b = layout.backbone[l]!;
    const w = floats(`backbone.${l}.weight`, [U, b.inDim], params.subarray(b.w, b.w + U * b.inDim));
    const bias = floats(`backbone.${l}.bias`, [U], params.subarray(b.b, b.b + U));
    const pre = node('Gemm', [u, w, bias], [`backbone.${l}.pre`], { transB: 1 });
    u = activation(config.activation, pre, `backbone.${l}`, node, floats);
  }

  const heads = node(
    'Gemm',
    [u, floats('heads.weight', [4 * H, C], params.subarray(layout.heads.w, layout.heads.w + 4 * H * C)), floats('heads.bias', [4 * H], params.subarray(layout.heads.b, layout.heads.b + 4 * H))],
    ['heads'],
    { transB: 1 },
  );
  // Split-13 without sizes splits equally: ff1, ff2, time_a, time_b.
  node('Split', [heads], ['ff1_pre', 'ff2_pre', 'time_a', 'time_b'], { axis: 1 });
  const ff1 = node('Tanh', ['ff1_pre'], ['ff1']);
  const ff2 = node('Tanh', ['ff2_pre'], ['ff2']);
  const ta = node('Mul', ['time_a', 'dt'], ['time_a_dt']);
  const gate = node('Sigmoid', [node('Add', [ta, 'time_b'], ['gate_pre'])], ['gate']);
  const keep = node('Mul', [ff1, node('Sub', [one, gate], ['one_minus_gate'])], ['ff1_part']);
  const move = node('Mul', [gate, ff2], ['ff2_part']);
  node('Add', [keep, move], ['h_out']);

  const readoutW = floats('readout.weight', [O, H], params.subarray(layout.readout.w, layout.readout.w + O * H));
  const readout = node('Gemm', ['h_out', readoutW, floats('readout.bias', [O], params.subarray(layout.readout.b, layout.readout.b + O))], ['readout'], { transB: 1 });
  node('Split', [readout, ints('readout_sizes', [N_HORIZONS, 1, N_CLASSES])], ['risk_logits', 'ttf', 'class_logits'], { axis: 1 });
  node('Sigmoid', ['risk_logits'], ['risk']);
  node('Softmax', ['class_logits'], ['class_probs'], { axis: 1 });

  const tensor = (name: string, dims: Array<number | string>) => ({
    name,
    type: { tensor_type: { elem_type: ONNX_FLOAT, shape: { dim: dims.map((d) => (typeof d === 'string' ? { dim_param: d } : { dim_value: d })) } } },
  });
  const id = modelId(model);
  const message = ModelProto.fromObject({
    ir_version: IR_VERSION,
    opset_import: [{ domain: '', version: OPSET }],
    producer_name: 'aura',
    producer_version: '1',
    doc_string: 'AURA CfC cell, one step: x [N, inputs], h [N, hidden], dt [N, 1] minutes → h_out, risk (15m, 1h, 2h, 4h), ttf = ln(1 + minutes), class_probs',
    graph: {
      name: 'cfc_step',
      node: nodes,
      initializer: inits,
      input: [tensor('x', ['N', nIn]), tensor('h', ['N', H]), tensor('dt', ['N', 1])],
      output: [tensor('h_out', ['N', H]), tensor('risk', ['N', N_HORIZONS]), tensor('ttf', ['N', 1]), tensor('class_probs', ['N', N_CLASSES])],
    },
    metadata_props: Object.entries({
      'aura.model': id,
      'aura.inputs': JSON.stringify(model.inputs),
      'aura.hidden': String(H),
      'aura.horizons': JSON.stringify(HORIZONS),
      'aura.classes': JSON.stringify(FAILURE_CLASSES),
      'aura.dt': 'minutes',
      'aura.ttf': 'ln(1 + minutes)',
    }).map(([key, value]) => ({ key, value })),
  });
  const bytes = ModelProto.encode(message).finish();
  return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

type AddNode = (op: string, input: string[], output: string[], attrs?: Record<string, number>) => string;
type AddFloats = (name: string, dims: number[], values: ArrayLike<number>) => string;

function activation(kind: CfcModel['config']['activation'], pre: string, prefix: string, node: AddNode, floats: AddFloats): string {
  switch (kind) {
    case 'lecun_tanh': {
      const inner = node('Mul', [pre, floats(`${prefix}.lecun_b`, [], [LECUN_B])], [`${prefix}.scaled`]);
      return node('Mul', [node('Tanh', [inner], [`${prefix}.tanh`]), floats(`${prefix}.lecun_a`, [], [LECUN_A])], [`${prefix}.out`]);
    }
    case 'tanh':
      return node('Tanh', [pre], [`${prefix}.out`]);
    case 'relu':
      return node('Relu', [pre], [`${prefix}.out`]);
    case 'silu':
      return node('Mul', [pre, node('Sigmoid', [pre], [`${prefix}.sigmoid`])], [`${prefix}.out`]);
  }
}

/** What an exported model declares: its tensors' shapes and its metadata (used by the runtime). */
export interface OnnxModelInfo {
  opset: number;
  inputs: Array<{ name: string; dims: Array<number | string> }>;
  outputs: Array<{ name: string; dims: Array<number | string> }>;
  metadata: Record<string, string>;
  operators: string[];
}

/**
 * Read back an ONNX model's interface (no weights), e.g. to check a file before serving it.
 *
 * @example
 * describeOnnx(exportOnnx(model)).metadata['aura.model']; // → "cfc-…"
 */
export function describeOnnx(bytes: Uint8Array): OnnxModelInfo {
  let decoded;
  try {
    decoded = ModelProto.toObject(ModelProto.decode(bytes), { longs: Number, defaults: false });
  } catch (err) {
    throw new RangeError(`not an ONNX model: ${(err as Error).message}`);
  }
  const m = decoded as {
    opset_import?: Array<{ version?: number }>;
    metadata_props?: Array<{ key: string; value: string }>;
    graph?: { node?: Array<{ op_type: string }>; input?: ValueInfo[]; output?: ValueInfo[] };
  };
  const shape = (v: ValueInfo) => ({ name: v.name, dims: (v.type?.tensor_type?.shape?.dim ?? []).map((d) => d.dim_param ?? d.dim_value ?? '?') });
  return {
    opset: m.opset_import?.[0]?.version ?? 0,
    inputs: (m.graph?.input ?? []).map(shape),
    outputs: (m.graph?.output ?? []).map(shape),
    metadata: Object.fromEntries((m.metadata_props ?? []).map((p) => [p.key, p.value])),
    operators: [...new Set((m.graph?.node ?? []).map((n) => n.op_type))].sort(),
  };
}

interface ValueInfo {
  name: string;
  type?: { tensor_type?: { shape?: { dim?: Array<{ dim_value?: number; dim_param?: string }> } } };
}
