/**
 * The exported graphs, run by onnxruntime-web (wasm provider, one thread, in Node), against
 * the engine's CPU forward pass: within 1e-4 relative, elementwise (max_i |onnx - ref| / max(|ref|,
 * 1% of the output RMS); see maxRelErr), plus the max-norm error max|onnx - ref| / max|ref|.
 */
import { describe, expect, it } from 'vitest';
import { default2dSpec, type DenoiserSpec } from '../../src/diffusion/denoiser';
import { Rng } from '../../src/engine/philox';
import { exportDenoiser, exportGenerator } from '../../src/onnx/export';
import { releaseOnnxSession, runGeneratorOnnx } from '../../src/onnx/ortRunner';
import { cpuDenoise, cpuGenerate, denoiserInputs, maxRelErr, normRelErr, ortRun, SPEC_2D, weightsFor } from './helpers';

const TOL = 1e-4;
const META = { dataset: '8gaussians', seed: 11, trainingSteps: 1234 };

const cases: [string, DenoiserSpec][] = [
  ['2-D teacher architecture (3 x 128 SiLU, F = 8)', SPEC_2D],
  ['ReLU, 2 x 32, embedded d = 16, EDM sigma_max 80', { ...default2dSpec(0.5, 16, 32, 2), act: 'relu', edm: { ...default2dSpec(0.5).edm, sigmaMax: 80 } }],
  ['no activation, no hidden layer, F = 1', { ...default2dSpec(1.3, 3, 4, 0), act: 'none', fourier: { F: 1, fmin: 0.5, fmax: 0.5 } }],
];

describe('ONNX export runs in onnxruntime-web and matches the engine', () => {
  for (const [name, spec] of cases) {
    it(`denoiser: ${name}`, async () => {
      const w = weightsFor(spec, 5);
      const n = 256;
      const { x, sigma } = denoiserInputs(spec, n, 3);
      const ref = cpuDenoise(spec, w, x, sigma);
      const got = await ortRun(exportDenoiser(spec, w, META), { x: [x, [n, spec.dim]], sigma: [sigma, [n, 1]] }, 'D');
      const err = maxRelErr(got, ref);
      console.log(`[onnx parity] denoiser ${name}: elementwise rel err ${err.toExponential(2)}, max-norm rel err ${normRelErr(got, ref).toExponential(2)}`);
      expect(err).toBeLessThan(TOL);
    });
  }

  for (const sigmaInit of [2.5, 80]) {
    it(`generator G(z) = D(sigma_init z, sigma_init), sigma_init = ${sigmaInit}`, async () => {
      const spec = SPEC_2D;
      const w = weightsFor(spec, 9);
      const n = 512;
      const z = new Rng(4, 1).normal(n * spec.dim);
      const ref = cpuGenerate(spec, w, sigmaInit, z);
      const bytes = exportGenerator(spec, w, sigmaInit, META);
      const got = await ortRun(bytes, { z: [z, [n, spec.dim]] }, 'sample');
      const err = maxRelErr(got, ref);
      console.log(`[onnx parity] generator sigma_init ${sigmaInit}: elementwise rel err ${err.toExponential(2)}, max-norm rel err ${normRelErr(got, ref).toExponential(2)}`);
      expect(err).toBeLessThan(TOL);
    });
  }

  it('runGeneratorOnnx falls back to wasm where there is no WebGPU and matches the engine', async () => {
    const spec = SPEC_2D;
    const w = weightsFor(spec, 21);
    const n = 300;
    const z = new Rng(8, 2).normal(n * spec.dim);
    const bytes = exportGenerator(spec, w, 2.5, META);
    const r = await runGeneratorOnnx(bytes, z, n, spec.dim, true);
    expect(r.provider).toBe('wasm');
    expect(r.samples.length).toBe(n * spec.dim);
    expect(r.ms).toBeGreaterThanOrEqual(0);
    expect(maxRelErr(r.samples, cpuGenerate(spec, w, 2.5, z))).toBeLessThan(TOL);
    const again = await runGeneratorOnnx(bytes, z, n, spec.dim, true);
    expect(again.loadMs).toBe(0);
    expect(Array.from(again.samples)).toEqual(Array.from(r.samples));
    await expect(runGeneratorOnnx(bytes, z, n + 1, spec.dim, false)).rejects.toThrow(/z has/);
    await releaseOnnxSession();
  });
});
