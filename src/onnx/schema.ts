/**
 * The subset of onnx.proto (https://github.com/onnx/onnx/blob/main/onnx/onnx.proto, proto2)
 * that the playground writes and reads, as a protobufjs JSON descriptor. Field numbers and
 * packing follow the official schema; messages and fields we never use are left out, so
 * the wire guard (wireGuard.ts) refuses them instead of silently skipping them.
 */
import type protobuf from 'protobufjs/light.js';
import { rootWithoutCodegen } from './protoCodec';

const f = (type: string, id: number, rule?: 'repeated', packed?: boolean) => ({
  type,
  id,
  ...(rule ? { rule } : {}),
  ...(packed === undefined ? {} : { options: { packed } }),
});

export const ONNX_DESCRIPTOR = {
  nested: {
    onnx: {
      nested: {
        StringStringEntryProto: { fields: { key: f('string', 1), value: f('string', 2) } },
        OperatorSetIdProto: { fields: { domain: f('string', 1), version: f('int64', 2) } },
        AttributeProto: {
          fields: {
            name: f('string', 1),
            f: f('float', 2),
            i: f('int64', 3),
            s: f('bytes', 4),
            t: f('TensorProto', 5),
            floats: f('float', 7, 'repeated', false),
            ints: f('int64', 8, 'repeated', false),
            doc_string: f('string', 13),
            type: f('int32', 20),
          },
        },
        TensorProto: {
          fields: {
            dims: f('int64', 1, 'repeated', false),
            data_type: f('int32', 2),
            float_data: f('float', 4, 'repeated', true),
            int32_data: f('int32', 5, 'repeated', true),
            int64_data: f('int64', 7, 'repeated', true),
            name: f('string', 8),
            raw_data: f('bytes', 9),
            doc_string: f('string', 12),
            external_data: f('StringStringEntryProto', 13, 'repeated'),
            data_location: f('int32', 14),
          },
        },
        TensorShapeProto: {
          fields: { dim: f('Dimension', 1, 'repeated') },
          nested: {
            Dimension: {
              oneofs: { value: { oneof: ['dim_value', 'dim_param'] } },
              fields: { dim_value: f('int64', 1), dim_param: f('string', 2), denotation: f('string', 3) },
            },
          },
        },
        TypeProto: {
          oneofs: { value: { oneof: ['tensor_type'] } },
          fields: { tensor_type: f('Tensor', 1), denotation: f('string', 6) },
          nested: {
            Tensor: { fields: { elem_type: f('int32', 1), shape: f('TensorShapeProto', 2) } },
          },
        },
        ValueInfoProto: { fields: { name: f('string', 1), type: f('TypeProto', 2), doc_string: f('string', 3) } },
        NodeProto: {
          fields: {
            input: f('string', 1, 'repeated'),
            output: f('string', 2, 'repeated'),
            name: f('string', 3),
            op_type: f('string', 4),
            attribute: f('AttributeProto', 5, 'repeated'),
            doc_string: f('string', 6),
            domain: f('string', 7),
          },
        },
        GraphProto: {
          fields: {
            node: f('NodeProto', 1, 'repeated'),
            name: f('string', 2),
            initializer: f('TensorProto', 5, 'repeated'),
            doc_string: f('string', 10),
            input: f('ValueInfoProto', 11, 'repeated'),
            output: f('ValueInfoProto', 12, 'repeated'),
            value_info: f('ValueInfoProto', 13, 'repeated'),
          },
        },
        ModelProto: {
          fields: {
            ir_version: f('int64', 1),
            producer_name: f('string', 2),
            producer_version: f('string', 3),
            domain: f('string', 4),
            model_version: f('int64', 5),
            doc_string: f('string', 6),
            graph: f('GraphProto', 7),
            opset_import: f('OperatorSetIdProto', 8, 'repeated'),
            metadata_props: f('StringStringEntryProto', 14, 'repeated'),
          },
        },
      },
    },
  },
};

// no code generation (a no-eval CSP refuses it): see protoCodec.ts
export const onnxRoot = rootWithoutCodegen(ONNX_DESCRIPTOR as protobuf.INamespace);
export const ModelProtoType = onnxRoot.lookupType('onnx.ModelProto');

/** TensorProto.DataType values used here. */
export const DataType = { FLOAT: 1, INT64: 7 } as const;
/** AttributeProto.AttributeType values used here. */
export const AttributeType = { FLOAT: 1, INT: 2 } as const;
/** TensorProto.DataLocation.EXTERNAL */
export const DATA_LOCATION_EXTERNAL = 1;

/** protobufjs decodes int64 as a Long where the `long` package is present, else as a number. */
export type Int64 = number | { low: number; high: number; unsigned?: boolean };

// Plain shapes of the messages as the exporter builds them and as protobufjs decodes them
// (decoded messages carry defaults for absent fields: '' / 0 / [] / null).
export interface StringStringEntry { key: string; value: string }
export interface OperatorSetId { domain: string; version: Int64 }
export interface Attribute {
  name: string;
  type: number;
  f?: number;
  i?: Int64;
  s?: Uint8Array;
  t?: Tensor | null;
  floats?: number[];
  ints?: Int64[];
}
export interface Tensor {
  dims: Int64[];
  data_type: number;
  name: string;
  raw_data?: Uint8Array;
  float_data?: number[];
  int32_data?: number[];
  int64_data?: Int64[];
  external_data?: StringStringEntry[];
  data_location?: number;
}
export interface Dimension { dim_value?: Int64; dim_param?: string; value?: string }
export interface ValueInfo {
  name: string;
  type?: { tensor_type?: { elem_type: number; shape?: { dim: Dimension[] } | null } | null; value?: string } | null;
}
export interface Node {
  input: string[];
  output: string[];
  name: string;
  op_type: string;
  attribute: Attribute[];
  domain: string;
}
export interface Graph {
  node: Node[];
  name: string;
  initializer: Tensor[];
  doc_string?: string;
  input: ValueInfo[];
  output: ValueInfo[];
  value_info?: ValueInfo[];
}
export interface Model {
  ir_version: Int64;
  producer_name: string;
  producer_version: string;
  domain: string;
  model_version: Int64;
  doc_string: string;
  graph: Graph | null;
  opset_import: OperatorSetId[];
  metadata_props: StringStringEntry[];
}
