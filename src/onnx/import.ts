/**
 * Import a playground ONNX export back into the engine's layout. Only the structure the
 * exporter writes is accepted (checked node by node against the plan rebuilt from the
 * recorded architecture); everything else, and every corrupt or hostile file, is refused
 * with an OnnxImportError naming the problem. Nothing else is ever thrown for bad input.
 */
import type { DenoiserSpec } from '../diffusion/denoiser';
import { OnnxImportError, shown } from './errors';
import { OPSET_MAX, OPSET_MIN, planGraph } from './graphPlan';
import { readInitializers } from './initializers';
import { toSafeInt } from './int64';
import { LIMITS } from './limits';
import { type ImportedMetadata, type OnnxModelKind, readMetadata } from './metadata';
import { type Model, ModelProtoType } from './schema';
import { checkOps, checkStructure } from './structure';
import { decodeMessage } from './protoCodec';
import { guardWire } from './wireGuard';

export interface ImportedModel {
  kind: OnnxModelKind;
  spec: DenoiserSpec;
  /** Flat weights in the engine's layout (mlpLayout of mlpSpecOf(spec)). */
  weights: Float32Array;
  /** The generator's sigma_init (null for a denoiser without one recorded). */
  sigmaInit: number | null;
  metadata: ImportedMetadata;
}

const IR_MIN = 7;
const IR_MAX = 12;

/** Reads a denoiser or generator export; throws OnnxImportError for anything unsupported. */
export function importDenoiser(bytes: Uint8Array): ImportedModel {
  try {
    return importChecked(bytes);
  } catch (e) {
    if (e instanceof OnnxImportError) throw e;
    const why = e instanceof Error ? e.message : String(e);
    throw new OnnxImportError(`not a readable ONNX model: ${why.slice(0, 200)}`);
  }
}

function importChecked(bytes: Uint8Array): ImportedModel {
  if (!(bytes instanceof Uint8Array)) throw new OnnxImportError('expected the file contents as a Uint8Array');
  if (bytes.length === 0) throw new OnnxImportError('empty file');
  if (bytes.length > LIMITS.maxBytes) {
    throw new OnnxImportError(`file too large: ${(bytes.length / 2 ** 20).toFixed(1)} MiB (the limit is ${LIMITS.maxBytes / 2 ** 20} MiB)`);
  }
  guardWire(bytes);
  const model = decodeMessage<Model>(ModelProtoType, bytes);

  const ir = toSafeInt(model.ir_version, 'ir_version');
  if (ir < IR_MIN || ir > IR_MAX) throw new OnnxImportError(`unsupported ONNX IR version ${ir} (supported: ${IR_MIN}..${IR_MAX})`);
  let opset: number | null = null;
  for (const o of model.opset_import) {
    if (o.domain !== '' && o.domain !== 'ai.onnx') throw new OnnxImportError(`imports operator set domain '${shown(o.domain, 60)}' (only the default ONNX domain is supported)`);
    if (opset !== null) throw new OnnxImportError('the default operator set is imported twice');
    opset = toSafeInt(o.version, 'opset version');
  }
  if (opset === null) throw new OnnxImportError('the model declares no opset_import for the default ONNX domain');
  if (opset < OPSET_MIN || opset > OPSET_MAX) throw new OnnxImportError(`unsupported opset ${opset} (supported: ${OPSET_MIN}..${OPSET_MAX})`);

  const g = model.graph;
  if (!g) throw new OnnxImportError('the model has no graph');
  const { meta, spec } = readMetadata(model.metadata_props);
  checkOps(g.node);
  const inits = readInitializers(g.initializer, Math.floor(bytes.length / 4));
  const plan = planGraph(meta.kind, spec, meta.kind === 'generator' ? meta.sigmaInit : null);
  checkStructure(g, inits, plan);

  const weights = new Float32Array(plan.size);
  for (const w of plan.weights) weights.set(inits.get(w.name)!.values, w.offset);
  return { kind: meta.kind, spec, weights, sigmaInit: meta.sigmaInit, metadata: meta };
}
