/** export -> import -> export gives identical bytes; weights, spec and metadata come back exactly. */
import { describe, expect, it } from 'vitest';
import { mlpSpecOf } from '../../src/diffusion/denoiser';
import { mlpLayout } from '../../src/engine/nn/mlp';
import { exportDenoiser, exportGenerator } from '../../src/onnx/export';
import { importDenoiser } from '../../src/onnx/import';
import { FORMAT_VERSION, PRODUCER } from '../../src/onnx/metadata';
import { SPEC_2D, SPEC_SMALL, weightsFor } from './helpers';

const bitsEqual = (a: Float32Array, b: Float32Array) =>
  a.length === b.length && new Uint32Array(a.buffer, a.byteOffset, a.length).every((v, i) => v === new Uint32Array(b.buffer, b.byteOffset, b.length)[i]);

describe('ONNX round trip', () => {
  it('denoiser: identical bytes, bit-identical weights, same spec and metadata', () => {
    const w = weightsFor(SPEC_2D, 1);
    w[3] = -0; // signed zero and a subnormal survive too
    w[4] = 1e-40;
    const meta = { dataset: '8gaussians', seed: 42, trainingSteps: 5000, role: 'teacher', extra: { note: 'EMA 0.999' } };
    const a = exportDenoiser(SPEC_2D, w, meta);
    const imp = importDenoiser(a);
    expect(imp.kind).toBe('denoiser');
    expect(imp.spec).toEqual(SPEC_2D);
    expect(imp.weights.length).toBe(mlpLayout(mlpSpecOf(SPEC_2D)).size);
    expect(bitsEqual(imp.weights, w)).toBe(true);
    expect(imp.sigmaInit).toBeNull();
    expect(imp.metadata).toMatchObject({ formatVersion: FORMAT_VERSION, producer: PRODUCER, kind: 'denoiser', dataset: '8gaussians', sigmaData: 0.5, seed: 42, trainingSteps: 5000, role: 'teacher' });
    expect({ ...imp.metadata.extra }).toEqual({ note: 'EMA 0.999' });
    const b = exportDenoiser(imp.spec, imp.weights, imp.metadata);
    expect(Buffer.from(b).equals(Buffer.from(a))).toBe(true);
  });

  it('generator: identical bytes, sigma_init recovered', () => {
    const w = weightsFor(SPEC_SMALL, 2);
    const a = exportGenerator(SPEC_SMALL, w, 2.5, { dataset: 'embedded-16', seed: 7, trainingSteps: 300 });
    const imp = importDenoiser(a);
    expect(imp.kind).toBe('generator');
    expect(imp.sigmaInit).toBe(2.5);
    expect(imp.metadata.sigmaInit).toBe(2.5);
    expect(bitsEqual(imp.weights, w)).toBe(true);
    const b = exportGenerator(imp.spec, imp.weights, imp.sigmaInit!, imp.metadata);
    expect(Buffer.from(b).equals(Buffer.from(a))).toBe(true);
  });

  it('a denoiser without optional metadata round-trips too', () => {
    const w = weightsFor(SPEC_SMALL, 3);
    const a = exportDenoiser(SPEC_SMALL, w, { dataset: 'drawn' });
    const imp = importDenoiser(a);
    expect(imp.metadata).toMatchObject({ seed: null, trainingSteps: null, role: null, sigmaInit: null });
    expect(Buffer.from(exportDenoiser(imp.spec, imp.weights, imp.metadata)).equals(Buffer.from(a))).toBe(true);
  });

  it('export refuses bad arguments (programming errors, plain Error)', () => {
    const w = weightsFor(SPEC_SMALL, 3);
    expect(() => exportDenoiser(SPEC_SMALL, w.subarray(1), { dataset: 'x' })).toThrow(/weights have/);
    const nan = w.slice();
    nan[0] = NaN;
    expect(() => exportDenoiser(SPEC_SMALL, nan, { dataset: 'x' })).toThrow(/not finite/);
    expect(() => exportGenerator(SPEC_SMALL, w, -1, { dataset: 'x' })).toThrow(/sigma_init/);
    expect(() => exportDenoiser({ ...SPEC_SMALL, dim: 0 }, w, { dataset: 'x' })).toThrow(/dim/);
    expect(() => exportDenoiser(SPEC_SMALL, w, { dataset: 'x', extra: { kind: 'y' } })).toThrow(/reserved/);
  });
});

describe('exported bytes', () => {
  it('are a plain Uint8Array that owns its buffer (safe to transfer to a worker)', () => {
    const b = exportDenoiser(SPEC_SMALL, weightsFor(SPEC_SMALL, 1), { dataset: 'x' });
    expect(Object.getPrototypeOf(b)).toBe(Uint8Array.prototype);
    expect(b.byteOffset).toBe(0);
    expect(b.buffer.byteLength).toBe(b.length);
  });
});
