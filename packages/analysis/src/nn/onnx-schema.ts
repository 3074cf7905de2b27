/**
 * The part of ONNX's `onnx.proto` (IR version 8) that a one-step CfC graph needs, as a protobufjs
 * reflection schema: names and field numbers as in the specification, so any ONNX reader
 * accepts what is written with it.
 */
import protobuf from 'protobufjs/light.js';

const repeated = (type: string, id: number) => ({ rule: 'repeated', type, id });
const one = (type: string, id: number) => ({ type, id });

const schema = {
  nested: {
    onnx: {
      nested: {
        AttributeProto: {
          fields: {
            name: one('string', 1),
            type: one('AttributeType', 20),
            f: one('float', 2),
            i: one('int64', 3),
            s: one('bytes', 4),
            t: one('TensorProto', 5),
            floats: repeated('float', 7),
            ints: repeated('int64', 8),
          },
          nested: { AttributeType: { values: { UNDEFINED: 0, FLOAT: 1, INT: 2, STRING: 3, TENSOR: 4, GRAPH: 5, FLOATS: 6, INTS: 7 } } },
        },
        ValueInfoProto: { fields: { name: one('string', 1), type: one('TypeProto', 2), doc_string: one('string', 3) } },
        NodeProto: {
          fields: {
            input: repeated('string', 1),
            output: repeated('string', 2),
            name: one('string', 3),
            op_type: one('string', 4),
            domain: one('string', 7),
            attribute: repeated('AttributeProto', 5),
            doc_string: one('string', 6),
          },
        },
        ModelProto: {
          fields: {
            ir_version: one('int64', 1),
            opset_import: repeated('OperatorSetIdProto', 8),
            producer_name: one('string', 2),
            producer_version: one('string', 3),
            domain: one('string', 4),
            model_version: one('int64', 5),
            doc_string: one('string', 6),
            graph: one('GraphProto', 7),
            metadata_props: repeated('StringStringEntryProto', 14),
          },
        },
        StringStringEntryProto: { fields: { key: one('string', 1), value: one('string', 2) } },
        GraphProto: {
          fields: {
            node: repeated('NodeProto', 1),
            name: one('string', 2),
            initializer: repeated('TensorProto', 5),
            doc_string: one('string', 10),
            input: repeated('ValueInfoProto', 11),
            output: repeated('ValueInfoProto', 12),
          },
        },
        TensorProto: {
          fields: {
            dims: repeated('int64', 1),
            data_type: one('int32', 2),
            name: one('string', 8),
            raw_data: one('bytes', 9),
          },
          nested: { DataType: { values: { UNDEFINED: 0, FLOAT: 1, INT64: 7 } } },
        },
        TensorShapeProto: {
          fields: { dim: repeated('Dimension', 1) },
          nested: { Dimension: { oneofs: { value: { oneof: ['dim_value', 'dim_param'] } }, fields: { dim_value: one('int64', 1), dim_param: one('string', 2) } } },
        },
        TypeProto: {
          oneofs: { value: { oneof: ['tensor_type'] } },
          fields: { tensor_type: one('Tensor', 1) },
          nested: { Tensor: { fields: { elem_type: one('int32', 1), shape: one('TensorShapeProto', 2) } } },
        },
        OperatorSetIdProto: { fields: { domain: one('string', 1), version: one('int64', 2) } },
      },
    },
  },
};

const root = protobuf.Root.fromJSON(schema);
export const ModelProto = root.lookupType('onnx.ModelProto');

export const ONNX_FLOAT = 1;
export const ONNX_INT64 = 7;
export const ATTR_INT = 2;
/** IR version 8 goes with opset 17 (ONNX 1.12). */
export const IR_VERSION = 8;
export const OPSET = 17;
