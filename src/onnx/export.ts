/**
 * Export a denoiser (teacher, checkpoint, fake score) or the one-step generator as a
 * self-contained ONNX model: standard ops only (opset 17), EDM preconditioning included,
 * weights as float32 initialisers, the architecture and run facts in metadata_props.
 */
import type { DenoiserSpec } from '../diffusion/denoiser';
import { FORMAT_VERSION, PRODUCER, checkExportMetadata, metadataProps, type OnnxMetadata, type OnnxModelKind } from './metadata';
import { IR_VERSION, OPSET, type GraphPlan, type PlanIo, planGraph } from './graphPlan';
import { AttributeType, DataType, type Model, ModelProtoType, type Tensor, type ValueInfo } from './schema';
import { encodeMessage } from './protoCodec';
import { canonicalSpec, specProblem } from './specJson';

/** Little-endian float32 bytes (TensorProto.raw_data). */
export function floatsToRaw(v: Float32Array, offset = 0, length = v.length - offset): Uint8Array {
  const out = new Uint8Array(length * 4);
  const dv = new DataView(out.buffer);
  for (let i = 0; i < length; i++) dv.setFloat32(4 * i, v[offset + i], true);
  return out;
}

function valueInfo(io: PlanIo): ValueInfo {
  return {
    name: io.name,
    type: {
      tensor_type: {
        elem_type: DataType.FLOAT,
        shape: { dim: io.dims.map((d) => (d === 'N' ? { dim_param: 'N' } : { dim_value: d })) },
      },
    },
  };
}

function tensor(name: string, dims: number[], v: Float32Array, offset = 0, length = v.length): Tensor {
  return { name, dims, data_type: DataType.FLOAT, raw_data: floatsToRaw(v, offset, length) };
}

const DOC: Record<OnnxModelKind, string> = {
  denoiser: 'EDM denoiser D(x, sigma) = c_skip(sigma) x + c_out(sigma) F(c_in(sigma) x, ln(sigma)/4); x [N, dim], sigma [N, 1] -> D [N, dim].',
  generator: 'One-step generator G(z) = D(sigma_init z, sigma_init); z ~ N(0, I) [N, dim] -> sample [N, dim].',
};

/** The ModelProto as a plain object (what `encodeModel` serialises). */
export function buildModel(plan: GraphPlan, weights: Float32Array, props: Model['metadata_props']): Model {
  return {
    ir_version: IR_VERSION,
    producer_name: PRODUCER,
    producer_version: String(FORMAT_VERSION),
    domain: 'org.disback.playground',
    model_version: 1,
    doc_string: DOC[plan.kind],
    graph: {
      name: plan.name,
      node: plan.nodes.map((n) => ({
        name: n.outputs[0],
        op_type: n.op,
        input: n.inputs,
        output: n.outputs,
        domain: '',
        attribute: n.attrs.map(([name, i]) => ({ name, type: AttributeType.INT, i })),
      })),
      initializer: [
        ...plan.consts.map((c) => tensor(c.name, c.dims, c.values)),
        ...plan.weights.map((w) => tensor(w.name, w.dims, weights, w.offset, w.length)),
      ],
      input: plan.inputs.map(valueInfo),
      output: plan.outputs.map(valueInfo),
    },
    opset_import: [{ domain: '', version: OPSET }],
    metadata_props: props,
  };
}

/**
 * Serialises the model into a standalone Uint8Array that owns its ArrayBuffer (in Node,
 * protobufjs hands back a Buffer that may be a view of a shared pool: unsafe to transfer or
 * to mutate).
 */
export function encodeModel(m: Model): Uint8Array {
  const view = encodeMessage(ModelProtoType, m);
  const out = new Uint8Array(view.length);
  out.set(view);
  return out;
}

function exportModel(kind: OnnxModelKind, specIn: DenoiserSpec, weights: Float32Array, sigmaInit: number | null, meta: OnnxMetadata): Uint8Array {
  const problem = specProblem(canonicalSpec(specIn));
  if (problem) throw new Error(`exportDenoiser: ${problem}`);
  const spec = canonicalSpec(specIn);
  checkExportMetadata(meta);
  const plan = planGraph(kind, spec, sigmaInit);
  if (weights.length !== plan.size) throw new Error(`export: weights have ${weights.length} values, the architecture needs ${plan.size}`);
  for (let i = 0; i < weights.length; i++) if (!Number.isFinite(weights[i])) throw new Error(`export: weight ${i} is not finite (${weights[i]})`);
  return encodeModel(buildModel(plan, weights, metadataProps(kind, spec, meta, sigmaInit)));
}

/** D(x, sigma): inputs x [N, dim] and sigma [N, 1] (float32), output D [N, dim]. */
export function exportDenoiser(spec: DenoiserSpec, weights: Float32Array, metadata: OnnxMetadata): Uint8Array {
  return exportModel('denoiser', spec, weights, metadata.sigmaInit ?? null, metadata);
}

/** G(z) = D(sigma_init z, sigma_init): input z [N, dim] (standard normal), output sample [N, dim]. */
export function exportGenerator(spec: DenoiserSpec, weights: Float32Array, sigmaInit: number, metadata: OnnxMetadata): Uint8Array {
  if (metadata.sigmaInit != null && metadata.sigmaInit !== sigmaInit) throw new Error(`exportGenerator: metadata.sigmaInit ${metadata.sigmaInit} differs from sigmaInit ${sigmaInit}`);
  return exportModel('generator', spec, weights, sigmaInit, metadata);
}
