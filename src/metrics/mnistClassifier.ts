/**
 * The project's MNIST classifier (SPEC "Metrics"): its file format, a loader, and
 * `classify(images) -> { probs, features }` on any backend (WebGPU in the worker, or the CPU).
 * The network is src/engine/nn/classifier.ts; scripts/train-classifier.mts trains it.
 *
 * File (little-endian): magic "MNCL", u32 version (1), u32 header bytes H, H bytes of JSON
 * ({ spec, count, dtype, metadata }), zero padding to 4 bytes, count weights (f16 or f32),
 * u32 CRC-32 of everything before it.
 */
import type { Backend, Buf } from '../engine/backend';
import { type ClassifierSpec, ClassifierWorkspace, classifierPlan, softmaxXent } from '../engine/nn/classifier';
import { crc32 } from '../models/crc32';
import { f16BitsToF32, f32ToF16Bits } from '../models/f16';

export const CLASSIFIER_MAGIC = 'MNCL';
export const CLASSIFIER_VERSION = 1;

export interface ClassifierHeader {
  spec: ClassifierSpec;
  count: number;
  dtype: 'f32' | 'f16';
  metadata: { heldoutAccuracy: number; trainSteps: number; createdBy: string; [k: string]: unknown };
}
export interface ClassifierModel { header: ClassifierHeader; weights: Float32Array }

export class ClassifierFormatError extends Error {
  override name = 'ClassifierFormatError';
}

export function encodeClassifier(header: ClassifierHeader, weights: Float32Array): Uint8Array {
  if (weights.length !== header.count || classifierPlan(header.spec).size !== header.count) throw new ClassifierFormatError(`the classifier needs ${classifierPlan(header.spec).size} weights, got ${weights.length}`);
  const json = new TextEncoder().encode(JSON.stringify(header));
  const wOff = 12 + json.length + ((4 - (json.length % 4)) % 4);
  const bpw = header.dtype === 'f16' ? 2 : 4;
  const out = new Uint8Array(wOff + weights.length * bpw + 4);
  const dv = new DataView(out.buffer);
  out.set(new TextEncoder().encode(CLASSIFIER_MAGIC), 0);
  dv.setUint32(4, CLASSIFIER_VERSION, true);
  dv.setUint32(8, json.length, true);
  out.set(json, 12);
  for (let i = 0; i < weights.length; i++) {
    if (!Number.isFinite(weights[i])) throw new ClassifierFormatError(`weight ${i} is not finite`);
    if (bpw === 2) dv.setUint16(wOff + 2 * i, f32ToF16Bits(weights[i]), true);
    else dv.setFloat32(wOff + 4 * i, weights[i], true);
  }
  dv.setUint32(out.length - 4, crc32(out, 0, out.length - 4), true);
  return out;
}

export function decodeClassifier(bytes: Uint8Array): ClassifierModel {
  const bad = (m: string) => new ClassifierFormatError(`not a valid classifier file: ${m}`);
  if (bytes.length < 16 || new TextDecoder().decode(bytes.subarray(0, 4)) !== CLASSIFIER_MAGIC) throw bad('bad magic');
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (dv.getUint32(4, true) !== CLASSIFIER_VERSION) throw bad(`unsupported version ${dv.getUint32(4, true)}`);
  const H = dv.getUint32(8, true);
  if (12 + H + 4 > bytes.length) throw bad('truncated header');
  if (dv.getUint32(bytes.length - 4, true) !== crc32(bytes, 0, bytes.length - 4)) throw bad('checksum mismatch');
  let header: ClassifierHeader;
  try {
    header = JSON.parse(new TextDecoder().decode(bytes.subarray(12, 12 + H))) as ClassifierHeader;
  } catch {
    throw bad('the header is not JSON');
  }
  const need = classifierPlan(header.spec).size;
  if (header.count !== need) throw bad(`the spec needs ${need} weights, the header says ${header.count}`);
  const bpw = header.dtype === 'f16' ? 2 : 4;
  const wOff = 12 + H + ((4 - (H % 4)) % 4);
  if (wOff + header.count * bpw + 4 !== bytes.length) throw bad(`size ${bytes.length} disagrees with ${header.count} ${header.dtype} weights`);
  const w = new Float32Array(header.count);
  for (let i = 0; i < w.length; i++) w[i] = bpw === 2 ? f16BitsToF32(dv.getUint16(wOff + 2 * i, true)) : dv.getFloat32(wOff + 4 * i, true);
  return { header, weights: w };
}

const isNode = () => typeof process !== 'undefined' && !!process.versions?.node && typeof window === 'undefined' && typeof self === 'undefined';

/** Fetch (browser / worker: `${BASE_URL}models/mnist-classifier.bin`) or read (Node: public/models/...) the shipped classifier. */
export async function loadMnistClassifier(opts: { url?: string; path?: string; fetchImpl?: typeof fetch } = {}): Promise<ClassifierModel> {
  if (opts.path !== undefined || (opts.url === undefined && isNode())) {
    const fsName = 'node:fs/promises';
    const fs = (await import(/* @vite-ignore */ fsName)) as typeof import('node:fs/promises');
    return decodeClassifier(new Uint8Array(await fs.readFile(opts.path ?? 'public/models/mnist-classifier.bin')));
  }
  const base = (import.meta as { env?: { BASE_URL?: string } }).env?.BASE_URL ?? '/';
  const url = opts.url ?? `${base}models/mnist-classifier.bin`;
  const res = await (opts.fetchImpl ?? fetch)(url);
  if (!res.ok) throw new ClassifierFormatError(`could not fetch ${url}: HTTP ${res.status} ${res.statusText}`);
  return decodeClassifier(new Uint8Array(await res.arrayBuffer()));
}

export interface Classification {
  /** [n, classes] softmax probabilities */
  probs: Float32Array;
  /** [n, hidden] penultimate features */
  features: Float32Array;
  /** argmax class per image */
  labels: Uint8Array;
  classes: number;
  featureDim: number;
}

/** A loaded classifier on one backend; classifies any number of images in chunks of `batch`. */
export class MnistClassifier {
  readonly params: Buf;
  private ws: ClassifierWorkspace;
  private x: Buf;

  constructor(readonly be: Backend, readonly model: ClassifierModel, readonly batch = 250) {
    this.params = be.createBuffer(model.weights.length, 'clf.params');
    be.write(this.params, model.weights);
    this.ws = new ClassifierWorkspace(be, model.header.spec, batch, 'clf');
    this.x = be.createBuffer(batch * model.header.spec.side ** 2, 'clf.x');
  }

  /** images: [n, 784] in [-1, 1]. */
  async classify(images: Float32Array): Promise<Classification> {
    const { spec } = this.model.header;
    const d = spec.side * spec.side, k = spec.classes, h = spec.hidden, B = this.batch;
    const n = Math.floor(images.length / d);
    const probs = new Float32Array(n * k), features = new Float32Array(n * h), labels = new Uint8Array(n);
    const chunk = new Float32Array(B * d);
    for (let s = 0; s < n; s += B) {
      const m = Math.min(B, n - s);
      chunk.fill(0);
      chunk.set(images.subarray(s * d, (s + m) * d));
      this.be.write(this.x, chunk);
      this.ws.forward(this.params, this.x);
      this.be.flush();
      const logits = await this.be.read(this.ws.logits, 0, m * k);
      features.set(await this.be.read(this.ws.features, 0, m * h), s * h);
      const p = new Float32Array(m * k);
      softmaxXent(logits, new Uint8Array(m), k, p);
      probs.set(p, s * k);
    }
    for (let i = 0; i < n; i++) {
      let best = 0;
      for (let j = 1; j < k; j++) if (probs[i * k + j] > probs[i * k + best]) best = j;
      labels[i] = best;
    }
    return { probs, features, labels, classes: k, featureDim: h };
  }

  destroy(): void {
    this.ws.destroy();
    this.be.destroyBuffer(this.params);
    this.be.destroyBuffer(this.x);
  }
}
