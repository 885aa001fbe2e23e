import { describe, expect, it } from 'vitest';
import { default2dSpec, mlpSpecOf } from '../../src/diffusion/denoiser';
import { MNIST_UNET_SMALL, mnistDenoiserSpec } from '../../src/diffusion/mnistSpec';
import { initMlpWeights, mlpLayout } from '../../src/engine/nn/mlp';
import { initUNetWeights, unetPlan } from '../../src/engine/nn/unetSpec';
import { roundToF16 } from '../../src/models/f16';
import { decodeModel, encodeModel, MAX_HEADER_BYTES, MAX_MODEL_BYTES, type Model, ModelFormatError } from '../../src/models/format';
import { craft, f32Bytes } from './craft';

const spec = default2dSpec(1, 2, 16, 2);
const size = mlpLayout(mlpSpecOf(spec)).size;
const weights = initMlpWeights(mlpSpecOf(spec), 7);
const metadata = { dataset: '8gaussians', sigmaData: 1, seed: 7, trainingSteps: 10, embedDim: 2, createdBy: 'test', extra: { note: 'kept' } };
const model: Model = { kind: 'denoiser', spec, metadata, weights };
const header = { kind: 'denoiser', dtype: 'f32', count: size, spec, metadata };

function fails(bytes: Uint8Array, pattern: RegExp): void {
  let err: unknown;
  try {
    decodeModel(bytes);
  } catch (e) {
    err = e;
  }
  expect(err).toBeInstanceOf(ModelFormatError);
  expect((err as Error).message).toMatch(pattern);
}

describe('model format: round trip', () => {
  it('f32 round-trips exactly, with spec and metadata (extra keys kept)', () => {
    const bytes = encodeModel(model);
    const m = decodeModel(bytes);
    expect(m.kind).toBe('denoiser');
    expect(m.dtype).toBe('f32');
    expect(m.spec).toEqual(spec);
    expect(m.metadata).toEqual(metadata);
    expect(Array.from(m.weights)).toEqual(Array.from(weights));
    expect(bytes.length % 2).toBe(0);
  });

  it('f16 round-trips within f16 rounding and is about half the size', () => {
    const b32 = encodeModel(model);
    const b16 = encodeModel(model, { dtype: 'f16' });
    const m = decodeModel(b16);
    expect(m.dtype).toBe('f16');
    expect(Array.from(m.weights)).toEqual(Array.from(roundToF16(weights)));
    expect(b16.length).toBeLessThan(b32.length * 0.6);
    // re-encoding the decoded f16 model is lossless
    expect(encodeModel({ ...m }, { dtype: 'f16' })).toEqual(b16);
  });

  it('a U-Net spec with FiLM round-trips; a film flag that is not a boolean fails the schema', () => {
    const unetSpec = mnistDenoiserSpec({ ...MNIST_UNET_SMALL, film: true });
    const w = initUNetWeights(unetSpec.unet!, 3);
    const m = decodeModel(encodeModel({ kind: 'denoiser', spec: unetSpec, metadata: { ...metadata, sigmaData: 0.5, embedDim: 784 }, weights: w }));
    expect(m.spec.unet?.film).toBe(true);
    expect(m.weights.length).toBe(unetPlan(unetSpec.unet!).size);
    const h = { kind: 'denoiser', dtype: 'f32', count: w.length, spec: { ...unetSpec, unet: { ...unetSpec.unet, film: 'yes' } }, metadata: { ...metadata, sigmaData: 0.5, embedDim: 784 } };
    fails(craft(h, f32Bytes(w)), /spec\.unet\.film/);
  });
  it('is deterministic: the same model gives the same bytes', () => {
    expect(encodeModel(model)).toEqual(encodeModel({ ...model, weights: weights.slice() }));
  });

  it('accepts an ArrayBuffer and a Uint8Array view at an offset', () => {
    const bytes = encodeModel(model);
    const big = new Uint8Array(bytes.length + 3);
    big.set(bytes, 3);
    expect(decodeModel(big.subarray(3)).weights).toEqual(weights);
    expect(decodeModel(bytes.slice().buffer).weights).toEqual(weights);
  });

  it('writes generators with sigmaInit', () => {
    const g = decodeModel(encodeModel({ ...model, kind: 'generator', metadata: { ...metadata, sigmaInit: 2.5 } }));
    expect(g.kind).toBe('generator');
    expect(g.metadata.sigmaInit).toBe(2.5);
  });
});

describe('model format: the writer refuses', () => {
  it('NaN / infinite weights, naming the weight', () => {
    const w = weights.slice();
    w[size - 1] = NaN;
    expect(() => encodeModel({ ...model, weights: w })).toThrow(/weight \d+ \(layer 3 b\[1\]\) is NaN/);
    w[size - 1] = -Infinity;
    expect(() => encodeModel({ ...model, weights: w })).toThrow(/-Infinity/);
  });
  it('values beyond the f16 range as f16 (but writes them as f32)', () => {
    const w = weights.slice();
    w[0] = 1e5;
    expect(() => encodeModel({ ...model, weights: w }, { dtype: 'f16' })).toThrow(/f16 range/);
    expect(decodeModel(encodeModel({ ...model, weights: w })).weights[0]).toBe(1e5);
  });
  it('weights that do not fit the spec', () => {
    expect(() => encodeModel({ ...model, weights: weights.subarray(1) })).toThrow(/needs \d+ weights, but there are/);
  });
  it('a generator without sigmaInit', () => {
    expect(() => encodeModel({ ...model, kind: 'generator' })).toThrow(/sigmaInit/);
  });
});

describe('model format: the reader refuses', () => {
  const good = encodeModel(model);

  it('every truncation', () => {
    for (const cut of [0, 1, 3, 4, 8, 11, 12, 20, 100, good.length - 400, good.length - 5, good.length - 1]) {
      fails(good.subarray(0, cut), cut < 4 ? /bad magic/ : /truncated/);
    }
  });
  it('bad magic, with the bytes seen', () => {
    fails(craft(header, f32Bytes(weights), { magic: Uint8Array.of(0x50, 0x4b, 3, 4) }), /bad magic bytes \(50 4b 03 04/);
    fails(new TextEncoder().encode('{"kind": "denoiser"}'), /bad magic/);
  });
  it('an unknown version', () => {
    fails(craft(header, f32Bytes(weights), { version: 2 }), /unsupported format version 2/);
  });
  it('a header larger than the cap', () => {
    fails(craft(header, f32Bytes(weights), { headerLength: MAX_HEADER_BYTES + 1 }), /header claims \d+ bytes, the limit is 65536/);
    fails(craft(header, f32Bytes(weights), { headerLength: 0xffffffff }), /limit is 65536/);
  });
  it('JSON garbage and invalid UTF-8', () => {
    fails(craft(null, f32Bytes(weights), { headerText: '{"kind": "denoiser", oops' }), /not valid JSON/);
    const bad = craft(header, f32Bytes(weights));
    bad[13] = 0xff;
    fails(bad, /UTF-8|checksum/);
  });
  it('a header that fails the schema, naming the field', () => {
    fails(craft({ ...header, kind: 'banana' }, f32Bytes(weights)), /kind/);
    fails(craft({ ...header, spec: { ...spec, act: 'tanh' } }, f32Bytes(weights)), /spec\.act/);
    fails(craft({ ...header, spec: { ...spec, hidden: [16, -2] } }, f32Bytes(weights)), /spec\.hidden\.1/);
    fails(craft({ ...header, spec: { ...spec, evil: 1 } }, f32Bytes(weights)), /spec/);
    fails(craft({ ...header, metadata: { ...metadata, sigmaData: 'one' } }, f32Bytes(weights)), /metadata\.sigmaData/);
    fails(craft({ ...header, metadata: { ...metadata, sigmaData: 2 } }, f32Bytes(weights)), /disagrees with spec\.edm\.sigmaData/);
    fails(craft({ ...header, dtype: 'bf16' }, f32Bytes(weights)), /dtype/);
  });
  it('a spec that does not match the weight count', () => {
    const wider = { ...header, spec: { ...spec, hidden: [32, 16] } };
    fails(craft(wider, f32Bytes(weights)), /needs \d+ weights, but there are \d+/);
    fails(craft({ ...header, count: size + 1 }, f32Bytes(weights)), /needs \d+ weights/);
  });
  it('trailing bytes', () => {
    const b = new Uint8Array(good.length + 8);
    b.set(good);
    fails(b, /trailing bytes|checksum/);
  });
  it('a corrupted byte (checksum)', () => {
    const b = good.slice();
    b[b.length - 40] ^= 0x10;
    fails(b, /checksum mismatch/);
  });
  it('NaN weights, naming the weight', () => {
    const w = weights.slice();
    w[5] = NaN;
    fails(craft(header, f32Bytes(w)), /weight 5 \(layer 1 W\[0, 5\]\) is NaN/);
    w[5] = 1;
    w[size - 3] = Infinity;
    fails(craft(header, f32Bytes(w)), /\+Infinity/);
  });
  it('oversized files before reading anything else', () => {
    fails(new Uint8Array(MAX_MODEL_BYTES + 1), /too large: \d+ bytes, the limit is 67108864/);
  });
});
