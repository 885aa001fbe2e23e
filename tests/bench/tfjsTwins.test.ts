/**
 * The TF.js twins of the benchmark (bench/tfjsTwins.ts) do the engine's work: from the same
 * weights and the same noise they give the engine's DSM loss, gradients and Adam update (2-D
 * denoiser), its U-Net output and DSM loss (both convolution paths), and its generator
 * gradient in a distillation step. Engine: the CPU backend; TF.js: its cpu backend. No GPU.
 */
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { createParams, default2dSpec, type DenoiserSpec, DenoiserWorkspace, netOf } from '../../src/diffusion/denoiser';
import { DsmStep } from '../../src/diffusion/dsm';
import { MNIST_UNET_SMALL, mnistDenoiserSpec } from '../../src/diffusion/mnistSpec';
import { GeneratorWorkspace } from '../../src/distill/generator';
import { distillGradKernel } from '../../src/distill/kernels/distill';
import type { Backend } from '../../src/engine/backend';
import { CpuBackend } from '../../src/engine/cpu/cpuBackend';
import { groups1d } from '../../src/engine/kernel';
import { Adam } from '../../src/engine/nn/adam';
import { initUNetWeights } from '../../src/engine/nn/unetSpec';
import { Rng } from '../../src/engine/philox';
import { denoise, dsmLoss, type DsmNoise, netFor, sampleSigma, TfDsmTrainer } from '../../bench/tfjsTwins';
import { fixedX0 } from '../../bench/workloads';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

function maxRel(a: Float32Array, b: Float32Array): number {
  let num = 0, den = 1e-12;
  for (let i = 0; i < a.length; i++) {
    num = Math.max(num, Math.abs(a[i] - b[i]));
    den = Math.max(den, Math.abs(b[i]));
  }
  return num / den;
}

/** The standard normals n the engine mapped to sigma = exp(pMean + pStd n) (no clipping in range). */
function nOf(spec: DenoiserSpec, sigma: Float32Array): tf.Tensor {
  return tf.tensor2d(Array.from(sigma, (s) => (Math.log(s) - spec.edm.pMean) / spec.edm.pStd), [sigma.length, 1]);
}

/** One engine DSM step from weights w0; then the twin from the same weights and noise. */
async function compareDsm(spec: DenoiserSpec, B: number, opts: { im2col?: boolean; tolLoss: number; tolGrad: number; w0?: Float32Array }) {
  const be = new CpuBackend();
  const w0 = opts.w0 ?? netOf(spec).init(5);
  const params = createParams(be, spec, w0);
  const adam = new Adam(be, params.size, { lr: 1e-3, beta1: 0.9, beta2: 0.999, eps: 1e-8 });
  const dsm = new DsmStep(be, spec, B, params.size);
  const x0 = be.createBuffer(B * spec.dim);
  const x0h = fixedX0(B, spec.dim);
  be.write(x0, x0h);
  const loss = be.createBuffer(1);
  dsm.run(params, adam, new Rng(3, 9), x0, { lossOut: loss });
  const [engLoss] = await be.read(loss);
  const sigma = await be.read(dsm.sigma);
  const eps = await be.read(dsm.eps);
  const engGrads = await be.read(dsm.grads);
  const engAfter = await be.read(params.buf);

  const noise: DsmNoise = { n: nOf(spec, sigma), eps: tf.tensor2d(eps, [B, spec.dim]) };
  const x0t = tf.tensor2d(x0h, [B, spec.dim]);
  const tr = new TfDsmTrainer(spec, w0, x0t, { lr: 1e-3, beta1: 0.9, beta2: 0.999, eps: 1e-8 }, { im2col: opts.im2col });
  // loss and gradients, flattened in the engine's layout order (the twin's variables are created in it)
  const { value, grads } = tf.variableGrads(() => dsmLoss(spec, tr.net, x0t, noise), tr.net.vars);
  const tfLoss = (await value.data())[0];
  expect(Math.abs(tfLoss - engLoss) / Math.abs(engLoss)).toBeLessThan(opts.tolLoss);
  // the twin's parameter order = the flat layout's order for the MLP (W, b per layer); the
  // U-Net's variables are created in plan order, which is also its offset order except for the
  // embedding's last layer (last in the buffer): compare by matching each variable's offset.
  const offs = varOffsets(spec);
  const g = new Float32Array(w0.length);
  for (let i = 0; i < tr.net.vars.length; i++) g.set(await grads[tr.net.vars[i].name].data(), offs[i]);
  expect(maxRel(g, engGrads)).toBeLessThan(opts.tolGrad);
  tr.step(noise);
  const after = new Float32Array(w0.length);
  for (let i = 0; i < tr.net.vars.length; i++) after.set(await tr.net.vars[i].data(), offs[i]);
  // one Adam step moves every weight by about lr: compare the updates
  const du = after.map((v, i) => v - w0[i]), de = engAfter.map((v, i) => v - w0[i]);
  expect(maxRel(du, de)).toBeLessThan(opts.tolGrad);
  tr.dispose();
  be.destroy();
  return { engLoss, tfLoss };
}

/** Offsets of the twin's variables in the engine's flat buffer, in creation order. */
function varOffsets(spec: DenoiserSpec): number[] {
  const w = netOf(spec).init(1);
  // mark every value with its index, build the twin, read each variable's first value back
  const idx = Float32Array.from(w, (_, i) => i);
  const net = netFor(spec, idx, false);
  const offs = net.vars.map((v) => v.dataSync()[0]);
  net.dispose();
  return offs;
}

describe('TF.js twins compute the engine\'s work', () => {
  it('2-D denoiser DSM step: loss, gradients, Adam update', async () => {
    const { engLoss, tfLoss } = await compareDsm(default2dSpec(0.5, 2, 32, 3), 64, { tolLoss: 1e-5, tolGrad: 2e-4 });
    expect(Number.isFinite(engLoss) && Number.isFinite(tfLoss)).toBe(true);
  });

  it('U-Net DSM step (the topology of the MNIST U-Net, smaller), fused conv2d and im2col paths', async () => {
    // MNIST_UNET_SMALL's structure on 8x8 images (3 levels, mid block, projections), with the
    // zero-initialised output convs randomised so that every parameter affects the loss
    const unet = { ...MNIST_UNET_SMALL, side: 8, channels: [4, 8, 8], groups: 2, embDim: 16 };
    const spec: DenoiserSpec = { ...mnistDenoiserSpec(), dim: 64, unet };
    const w0 = initUNetWeights(unet, 5, { zeroOut: false });
    await compareDsm(spec, 3, { w0, tolLoss: 1e-4, tolGrad: 1e-3 });
    await compareDsm(spec, 3, { w0, im2col: true, tolLoss: 1e-4, tolGrad: 1e-3 });
  });

  it('distillation: the generator gradient through G with dL/dx0 = w (D_phi - D_teacher)', async () => {
    const spec = default2dSpec(0.5, 2, 32, 2);
    const B = 32, d = 2, sigmaInit = 2.5;
    const be: Backend = new CpuBackend();
    const wt = netOf(spec).init(7);
    const wphi = netOf(spec).init(8);
    const teacher = createParams(be, spec, wt), phi = createParams(be, spec, wphi), eta = createParams(be, spec, wt);
    const gen = new GeneratorWorkspace(be, spec, B, sigmaInit);
    const den = new DenoiserWorkspace(be, spec, B);
    const rng = new Rng(4, 4);
    const z = rng.normal(B * d);
    const zs = be.createBuffer(B * d);
    be.write(zs, z.map((v) => v * sigmaInit));
    const x0 = gen.forwardFixed(eta, zs);
    const nn = rng.normal(B), epsH = rng.normal(B * d);
    const sig = Float32Array.from(nn, (v) => Math.min(Math.max(Math.exp(spec.edm.pMean + spec.edm.pStd * v), spec.edm.sigmaMin), spec.edm.sigmaMax));
    const x0h = await be.read(x0);
    const x = be.createBuffer(B * d), sb = be.createBuffer(B);
    be.write(x, x0h.map((v, i) => v + sig[Math.floor(i / d)] * epsH[i]));
    be.write(sb, sig);
    const Dphi = be.createBuffer(B * d), Dt = be.createBuffer(B * d), g = be.createBuffer(B * d), r1 = be.createBuffer(B), r2 = be.createBuffer(B);
    den.forward(phi, x, sb, 0, 0, Dphi);
    den.forward(teacher, x, sb, 0, 0, Dt);
    be.run(distillGradKernel, { B, d, dmd: 1, floor: 1e-6 }, [x0, Dphi, Dt, g, r1, r2], groups1d(B, 64));
    const grads = be.createBuffer(eta.size);
    gen.backward(eta, g, grads);
    const engG = await be.read(grads);

    // the twin: the generator step of TfRacer.step with the same z and noise
    const etaT = netFor(spec, wt), phiT = netFor(spec, wphi, false), tT = netFor(spec, wt, false);
    const sd = spec.edm.sigmaData;
    const zT = tf.tensor2d(z, [B, d]);
    const n = tf.tensor2d(nn, [B, 1]), eps = tf.tensor2d(epsH, [B, d]);
    const surrogate = tf.customGrad(((x0t: tf.Tensor, save: tf.GradSaveFunc) => {
      const sigma = sampleSigma(spec, n, { lo: spec.edm.sigmaMin, hi: spec.edm.sigmaMax });
      const xx = tf.add(x0t, tf.mul(sigma, eps));
      const r = tf.sub(denoise(phiT, sd, xx, sigma), denoise(tT, sd, xx, sigma));
      const w = tf.div(1, tf.add(tf.mean(tf.abs(tf.sub(x0t, denoise(tT, sd, xx, sigma))), 1, true), 1e-6));
      const gg = tf.mul(w, r);
      save([gg]);
      return { value: tf.sum(tf.square(gg)) as tf.Scalar, gradFunc: (dy: tf.Tensor, s: tf.Tensor[]) => tf.mul(dy, s[0]) };
    }) as unknown as Parameters<typeof tf.customGrad>[0]);
    const sigI = tf.fill([B, 1], sigmaInit);
    const { grads: tg } = tf.variableGrads(() => surrogate(denoise(etaT, sd, tf.mul(zT, sigmaInit), sigI)) as tf.Scalar, etaT.vars);
    const offs = varOffsets(spec);
    const flat = new Float32Array(eta.size);
    for (let i = 0; i < etaT.vars.length; i++) flat.set(await tg[etaT.vars[i].name].data(), offs[i]);
    expect(maxRel(flat, engG)).toBeLessThan(2e-4);
    for (const t of [etaT, phiT, tT]) t.dispose();
    be.destroy();
  });
});
