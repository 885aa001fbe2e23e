/**
 * The MNIST denoiser spec (d = 784, U-Net F) through the diffusion module's own classes:
 * DenoiserWorkspace, DsmStep and Sampler on WebGPU against the CPU backend, on a tiny batch
 * and one step each, from the same (non-zero) weights and the same Philox draws.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createParams, DenoiserWorkspace, netOf, type DenoiserSpec } from '../../src/diffusion/denoiser';
import { DsmStep } from '../../src/diffusion/dsm';
import { MNIST_UNET_SMALL, mnistDenoiserSpec } from '../../src/diffusion/mnistSpec';
import { Sampler } from '../../src/diffusion/sampler';
import type { Backend } from '../../src/engine/backend';
import { CpuBackend } from '../../src/engine/cpu/cpuBackend';
import { Adam } from '../../src/engine/nn/adam';
import { initUNetWeights, MNIST_UNET } from '../../src/engine/nn/unetSpec';
import { Rng } from '../../src/engine/philox';
import { compareArrays } from '../../src/engine/selftest';
import { type GpuHandle, openGpu } from '../engine/gpu';

let gpu: GpuHandle = { be: null, reason: 'not opened' };
beforeAll(async () => {
  gpu = await openGpu('mnist.denoiser.gpu');
});
afterAll(() => gpu.be?.destroy());

const TOL = 1e-3;
/**
 * The sampler's step from sigma_max = 80 forms x + h (x - D) / sigma from values of size 80
 * to reach outputs of size 1: f32 rounding of the inputs (6e-8 x 80) alone gives ~5e-4 of the
 * output's scale, whatever the backend, so the samples get a wider bound.
 */
const SAMPLE_TOL = 3e-3;
const B = 2;

async function run(be: Backend, spec: DenoiserSpec, w: Float32Array, x0: Float32Array) {
  const params = createParams(be, spec, w, 'p');
  // denoiser forward at two noise levels
  const den = new DenoiserWorkspace(be, spec, B);
  const X = be.createBuffer(B * 784), S = be.createBuffer(B), X0 = be.createBuffer(B * 784);
  be.write(X, x0.map((v, i) => v + 0.3 * Math.sin(i)));
  be.write(S, new Float32Array([0.2, 3]));
  be.write(X0, x0);
  den.forward(params, X, S);
  be.flush();
  const D = await be.read(den.D);
  // one DSM step (noise, forward, gradient, Adam)
  const dsm = new DsmStep(be, spec, B, params.size);
  const adam = new Adam(be, params.size, { lr: 1e-4, beta1: 0.9, beta2: 0.999, eps: 1e-8 });
  const loss = be.createBuffer(1);
  dsm.run(params, adam, new Rng(5, 1), X0, { lossOut: loss });
  be.flush();
  const grads = await be.read(dsm.grads), l = await be.read(loss);
  // one Heun step from sigma_max (2 noise levels = 1 step + final Euler)
  const sampler = new Sampler(be, spec, B);
  const xs = await sampler.sample(params, 2, 'heun', new Rng(6, 2));
  for (const o of [den, dsm, adam, sampler]) o.destroy();
  for (const b of [X, S, X0, loss]) be.destroyBuffer(b);
  params.destroy();
  return { D, grads, loss: l, xs };
}

describe('MNIST denoiser spec', () => {
  it('describes a 784-dimensional EDM denoiser around the U-Net', () => {
    const s = mnistDenoiserSpec();
    expect(s.dim).toBe(784);
    expect(s.unet?.channels).toEqual(MNIST_UNET.channels);
    expect(s.edm).toMatchObject({ sigmaData: 0.5, sigmaMin: 0.002, sigmaMax: 80, pMean: -1.2, pStd: 1.2 });
    expect(netOf(s).paramSize).toBe(197_217);
    expect(netOf(mnistDenoiserSpec(MNIST_UNET_SMALL)).paramSize).toBe(57_361);
    expect(() => mnistDenoiserSpec({ ...MNIST_UNET, side: 14 })).toThrow(/784/);
  });

  it('DenoiserWorkspace, DsmStep and Sampler agree on WebGPU and CPU', async (ctx) => {
    const be = gpu.be;
    if (!be) { ctx.skip(`no WebGPU adapter: ${gpu.reason}`); return; }
    const spec = mnistDenoiserSpec(MNIST_UNET_SMALL);
    const w = initUNetWeights(spec.unet!, 7, { zeroOut: false });
    const x0 = new Rng(8, 0).uniform(B * 784, -1, 2);
    const g = await run(be, spec, w, x0);
    const c = await run(new CpuBackend(), spec, w, x0);
    const rows = (['D', 'grads', 'loss', 'xs'] as const).map((k) => ({ k, ...compareArrays(g[k], c[k]) }));
    console.log(`[mnist.denoiser.gpu] ` + rows.map((e) => `${e.k}: maxRel ${e.maxRel.toExponential(2)}`).join('; '));
    for (const e of rows) expect(e.maxRel, e.k).toBeLessThanOrEqual(e.k === 'xs' ? SAMPLE_TOL : TOL);
    expect(Number.isFinite(g.loss[0]) && g.loss[0] > 0).toBe(true);
  });
});
