/**
 * The DisBack model file (.dbm): one trained network, its architecture and where it came from.
 *
 * Layout (all integers little-endian), version 1:
 *   0   4 bytes   magic 0x89 'D' 'B' 'M' (the high byte catches text-mode mangling)
 *   4   u32       format version (1)
 *   8   u32       H = byte length of the JSON header (at most MAX_HEADER_BYTES)
 *   12  H bytes   UTF-8 JSON header {kind, dtype, count, spec, metadata} (header.ts)
 *       0-3 bytes zero padding, so the weights start 4-byte aligned
 *       weights   count values, f32 (4 bytes each) or f16 (2 bytes each), in the
 *                 engine's flat MLP order: per layer W [in, out] row-major, then b [out]
 *       u32       CRC-32 of every byte before it
 * The file ends there: trailing bytes are refused. Nothing time-dependent is written,
 * so the same weights and metadata give byte-identical files.
 *
 * The reader never trusts a byte: every problem (too large, truncated, bad magic, unknown
 * version, oversized or non-JSON header, a header that fails the schema, a spec whose
 * weight count disagrees with the header, a bad checksum, a non-finite weight) throws a
 * ModelFormatError naming it.
 */
import { mlpLayout } from '../engine/nn/mlp';
import { mlpSpecOf, netOf } from '../diffusion/denoiser';
import { crc32 } from './crc32';
import { F16_MAX, f16BitsToF32, f32ToF16Bits } from './f16';
import { modelHeaderSchema, type ModelHeader, type ModelKind, type ModelMetadata, type WeightDtype } from './header';
import type { DenoiserSpec } from '../diffusion/denoiser';

export { type ModelHeader, type ModelKind, type ModelMetadata, type WeightDtype } from './header';

export const MODEL_MAGIC = Uint8Array.of(0x89, 0x44, 0x42, 0x4d);
export const MODEL_VERSION = 1;
export const MAX_HEADER_BYTES = 64 * 1024;
export const MAX_MODEL_BYTES = 64 * 1024 * 1024;
const FIXED = 12;

export class ModelFormatError extends Error {
  override name = 'ModelFormatError';
}

export interface Model {
  kind: ModelKind;
  spec: DenoiserSpec;
  metadata: ModelMetadata;
  /** flat weights (f16 files are widened to f32 on reading) */
  weights: Float32Array;
}

export interface DecodedModel extends Model {
  /** how the weights were stored */
  dtype: WeightDtype;
}

const pad4 = (n: number) => (4 - (n % 4)) % 4;

function weightName(spec: DenoiserSpec, i: number): string {
  if (spec.unet) return `#${i} of the U-Net`;
  const layers = mlpLayout(mlpSpecOf(spec)).layers;
  for (let l = 0; l < layers.length; l++) {
    const L = layers[l];
    if (i < L.b) return `layer ${l + 1} W[${Math.floor((i - L.w) / L.out)}, ${(i - L.w) % L.out}]`;
    if (i < L.b + L.out) return `layer ${l + 1} b[${i - L.b}]`;
  }
  return `#${i}`;
}

function badWeight(v: number): string {
  return Number.isNaN(v) ? 'NaN' : v > 0 ? '+Infinity' : '-Infinity';
}

/** Serialise a model. Refuses weights that do not fit the spec, non-finite ones, and f16 overflow. */
export function encodeModel(model: Model, opts: { dtype?: WeightDtype } = {}): Uint8Array {
  const dtype = opts.dtype ?? 'f32';
  const header: ModelHeader = { kind: model.kind, dtype, count: model.weights.length, spec: model.spec, metadata: model.metadata };
  checkHeader(header, 'cannot write the model');
  const w = model.weights;
  for (let i = 0; i < w.length; i++) {
    if (!Number.isFinite(w[i])) throw new ModelFormatError(`cannot write the model: weight ${i} (${weightName(model.spec, i)}) is ${badWeight(w[i])}`);
    if (dtype === 'f16' && Math.abs(w[i]) > F16_MAX) throw new ModelFormatError(`cannot write the model as f16: weight ${i} (${weightName(model.spec, i)}) = ${w[i]} exceeds the f16 range (${F16_MAX}); use f32`);
  }
  const json = new TextEncoder().encode(JSON.stringify(header));
  if (json.length > MAX_HEADER_BYTES) throw new ModelFormatError(`cannot write the model: the header is ${json.length} bytes, the limit is ${MAX_HEADER_BYTES}`);
  const wOff = FIXED + json.length + pad4(json.length);
  const bpw = dtype === 'f16' ? 2 : 4;
  const total = wOff + w.length * bpw + 4;
  if (total > MAX_MODEL_BYTES) throw new ModelFormatError(`cannot write the model: it would be ${total} bytes, the limit is ${MAX_MODEL_BYTES}`);
  const out = new Uint8Array(total);
  const dv = new DataView(out.buffer);
  out.set(MODEL_MAGIC, 0);
  dv.setUint32(4, MODEL_VERSION, true);
  dv.setUint32(8, json.length, true);
  out.set(json, FIXED);
  for (let i = 0; i < w.length; i++) {
    if (dtype === 'f16') dv.setUint16(wOff + 2 * i, f32ToF16Bits(w[i]), true);
    else dv.setFloat32(wOff + 4 * i, w[i], true);
  }
  dv.setUint32(total - 4, crc32(out, 0, total - 4), true);
  return out;
}

function checkHeader(h: unknown, what: string): ModelHeader {
  const r = modelHeaderSchema.safeParse(h);
  if (!r.success) {
    const problems = r.error.issues.slice(0, 5).map((i) => `${i.path.join('.') || '(header)'}: ${i.message}`);
    throw new ModelFormatError(`${what}: invalid header (${problems.join('; ')})`);
  }
  const header = r.data as ModelHeader;
  const need = netOf(header.spec).paramSize;
  const arch = header.spec.unet ? `U-Net ${header.spec.unet.channels.join('-')}` : `hidden [${header.spec.hidden.join(', ')}], ${header.spec.fourier.F} Fourier frequencies`;
  if (need !== header.count) throw new ModelFormatError(`${what}: the spec (dim ${header.spec.dim}, ${arch}) needs ${need} weights, but there are ${header.count}`);
  const m = header.metadata;
  if (m.sigmaData !== header.spec.edm.sigmaData) throw new ModelFormatError(`${what}: metadata.sigmaData (${m.sigmaData}) disagrees with spec.edm.sigmaData (${header.spec.edm.sigmaData})`);
  if (m.embedDim !== header.spec.dim) throw new ModelFormatError(`${what}: metadata.embedDim (${m.embedDim}) disagrees with spec.dim (${header.spec.dim})`);
  if (header.kind === 'generator' && m.sigmaInit === undefined) throw new ModelFormatError(`${what}: a generator needs metadata.sigmaInit`);
  return header;
}

function hex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join(' ');
}

/** Parse and validate a model file. Throws ModelFormatError naming the first problem. */
export function decodeModel(input: Uint8Array | ArrayBuffer): DecodedModel {
  const bytes = input instanceof Uint8Array ? input : new Uint8Array(input);
  const n = bytes.length;
  const what = 'not a valid model file';
  if (n > MAX_MODEL_BYTES) throw new ModelFormatError(`the model file is too large: ${n} bytes, the limit is ${MAX_MODEL_BYTES} (${MAX_MODEL_BYTES / 1024 / 1024} MB)`);
  if (n < 4 || !MODEL_MAGIC.every((b, i) => bytes[i] === b)) {
    throw new ModelFormatError(`${what}: bad magic bytes (${n < 4 ? `only ${n} bytes` : hex(bytes.subarray(0, 4))}; a DisBack model starts with ${hex(MODEL_MAGIC)})`);
  }
  if (n < FIXED + 4) throw new ModelFormatError(`${what}: truncated (${n} bytes; even an empty model needs ${FIXED + 4})`);
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const version = dv.getUint32(4, true);
  if (version !== MODEL_VERSION) throw new ModelFormatError(`${what}: unsupported format version ${version} (this build reads version ${MODEL_VERSION})`);
  const H = dv.getUint32(8, true);
  if (H > MAX_HEADER_BYTES) throw new ModelFormatError(`${what}: the header claims ${H} bytes, the limit is ${MAX_HEADER_BYTES}`);
  if (H === 0) throw new ModelFormatError(`${what}: the header is empty`);
  if (FIXED + H > n) throw new ModelFormatError(`${what}: truncated inside the header (${n} bytes, the header ends at byte ${FIXED + H})`);
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(FIXED, FIXED + H));
  } catch {
    throw new ModelFormatError(`${what}: the header is not valid UTF-8`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new ModelFormatError(`${what}: the header is not valid JSON (${e instanceof Error ? e.message : String(e)})`);
  }
  const header = checkHeader(raw, what);
  const bpw = header.dtype === 'f16' ? 2 : 4;
  const wOff = FIXED + H + pad4(H);
  const expected = wOff + header.count * bpw + 4;
  if (n < expected) throw new ModelFormatError(`${what}: truncated (${n} bytes, but ${header.count} ${header.dtype} weights need ${expected})`);
  if (n > expected) throw new ModelFormatError(`${what}: ${n - expected} unexpected trailing bytes after the checksum`);
  for (let i = FIXED + H; i < wOff; i++) if (bytes[i] !== 0) throw new ModelFormatError(`${what}: non-zero padding after the header`);
  const stored = dv.getUint32(n - 4, true);
  const actual = crc32(bytes, 0, n - 4);
  if (stored !== actual) throw new ModelFormatError(`${what}: checksum mismatch (stored ${stored.toString(16)}, computed ${actual.toString(16)}): the file is corrupted`);
  const w = new Float32Array(header.count);
  for (let i = 0; i < header.count; i++) {
    const v = bpw === 2 ? f16BitsToF32(dv.getUint16(wOff + 2 * i, true)) : dv.getFloat32(wOff + 4 * i, true);
    if (!Number.isFinite(v)) throw new ModelFormatError(`${what}: weight ${i} (${weightName(header.spec, i)}) is ${badWeight(v)}`);
    w[i] = v;
  }
  return { kind: header.kind, dtype: header.dtype, spec: header.spec, metadata: header.metadata, weights: w };
}
