/** Shared pieces of the ONNX tests: specs, seeded weights, CPU-engine references, ORT runs. */
import * as ort from 'onnxruntime-web';
import { default2dSpec, DenoiserWorkspace, type DenoiserSpec, mlpSpecOf } from '../../src/diffusion/denoiser';
import { GeneratorWorkspace } from '../../src/distill/generator';
import { CpuBackend } from '../../src/engine/cpu/cpuBackend';
import { initMlpWeights, ParamSet } from '../../src/engine/nn/mlp';
import { Rng } from '../../src/engine/philox';

ort.env.wasm.numThreads = 1;
export { ort };

/** The playground's 2-D denoiser (3 x 128 SiLU, 8 Fourier frequencies 0.25..8). */
export const SPEC_2D: DenoiserSpec = default2dSpec(0.5);
/** A small net for fast refusal and fuzz tests. */
export const SPEC_SMALL: DenoiserSpec = { ...default2dSpec(0.8, 2, 8, 2), fourier: { F: 3, fmin: 0.5, fmax: 4 } };

/**
 * Seeded weights with some spread (PyTorch-style init, then scaled per layer) so the net's
 * output is not dominated by the skip path.
 */
export function weightsFor(spec: DenoiserSpec, seed: number, scale = 1.5): Float32Array {
  const w = initMlpWeights(mlpSpecOf(spec), seed);
  for (let i = 0; i < w.length; i++) w[i] *= scale;
  return w;
}

/** x = x0 + sigma eps with x0 ~ N(0, I) and sigma log-spaced over [sigmaMin, sigmaMax]. */
export function denoiserInputs(spec: DenoiserSpec, n: number, seed: number): { x: Float32Array; sigma: Float32Array } {
  const rng = new Rng(seed, 7);
  const e = rng.normal(n * spec.dim);
  const x0 = rng.normal(n * spec.dim);
  const sigma = new Float32Array(n);
  const { sigmaMin: lo, sigmaMax: hi } = spec.edm;
  for (let i = 0; i < n; i++) sigma[i] = Math.exp(Math.log(lo) + ((Math.log(hi) - Math.log(lo)) * i) / (n - 1));
  const x = new Float32Array(n * spec.dim);
  for (let i = 0; i < x.length; i++) x[i] = x0[i] * spec.edm.sigmaData * 2 + sigma[Math.floor(i / spec.dim)] * e[i];
  return { x, sigma };
}

export function cpuDenoise(spec: DenoiserSpec, w: Float32Array, x: Float32Array, sigma: Float32Array): Float32Array {
  const be = new CpuBackend();
  const n = sigma.length;
  const ws = new DenoiserWorkspace(be, spec, n);
  const p = ParamSet.create(be, mlpSpecOf(spec), w);
  const xb = be.createBuffer(x.length);
  const sb = be.createBuffer(n);
  be.write(xb, x);
  be.write(sb, sigma);
  return be.view(ws.forward(p, xb, sb)).slice();
}

/** G(z) on the engine: the generator workspace with z scaled by sigma_init in f32, as randNormal does. */
export function cpuGenerate(spec: DenoiserSpec, w: Float32Array, sigmaInit: number, z: Float32Array): Float32Array {
  const be = new CpuBackend();
  const n = z.length / spec.dim;
  const gw = new GeneratorWorkspace(be, spec, n, sigmaInit);
  const p = ParamSet.create(be, mlpSpecOf(spec), w);
  const zb = be.createBuffer(z.length);
  be.write(zb, z.map((v) => Math.fround(v * Math.fround(sigmaInit))));
  return be.view(gw.forwardFixed(p, zb)).slice();
}

export async function ortRun(bytes: Uint8Array, feeds: Record<string, [Float32Array, number[]]>, output: string): Promise<Float32Array> {
  const session = await ort.InferenceSession.create(bytes, { executionProviders: ['wasm'] });
  try {
    const t: Record<string, ort.Tensor> = {};
    for (const [k, [v, dims]] of Object.entries(feeds)) t[k] = new ort.Tensor('float32', v, dims);
    const out = await session.run(t);
    return Float32Array.from(out[output].data as Float32Array);
  } finally {
    await session.release();
  }
}

/**
 * max_i |a_i - r_i| / max(|r_i|, 0.01 rms(r)): elementwise relative error, with a floor at 1% of
 * the output's RMS for entries that are near zero by cancellation (D = c_skip x + c_out F adds
 * terms of order 1; an f32 evaluation cannot resolve a 1e-5 result to 1e-4 of itself).
 */
export function maxRelErr(a: Float32Array, ref: Float32Array): number {
  if (a.length !== ref.length) throw new Error('length mismatch');
  let ss = 0;
  for (const v of ref) ss += v * v;
  const floor = Math.max(0.01 * Math.sqrt(ss / ref.length), 1e-30);
  let m = 0;
  for (let i = 0; i < a.length; i++) {
    const e = Math.abs(a[i] - ref[i]) / Math.max(Math.abs(ref[i]), floor);
    m = Math.max(m, Number.isNaN(e) ? Infinity : e);
  }
  return m;
}

/** max_i |a_i - r_i| / max_i |r_i|. */
export function normRelErr(a: Float32Array, ref: Float32Array): number {
  let e = 0;
  let r = 0;
  for (let i = 0; i < a.length; i++) {
    e = Math.max(e, Math.abs(a[i] - ref[i]));
    r = Math.max(r, Math.abs(ref[i]));
  }
  return e / r;
}
