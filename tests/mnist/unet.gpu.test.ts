/**
 * The whole U-Net on WebGPU against the same U-Net on the CPU backend (the composition of
 * kernels each checked in kernels.gpu.test.ts): forward output, every parameter gradient
 * and the input gradient on an odd configuration; then a short DSM run on real digits
 * whose loss must fall. Prints the adapter, the errors and the losses.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadMnist, MNIST_SIGMA_DATA, mnistToFloat } from '../../src/data/mnist';
import type { Backend } from '../../src/engine/backend';
import { CpuBackend } from '../../src/engine/cpu/cpuBackend';
import { Adam } from '../../src/engine/nn/adam';
import { NetParams, unetNet } from '../../src/engine/nn/net';
import { UNetWorkspace } from '../../src/engine/nn/unet';
import { initUNetWeights, MNIST_UNET, unetPlan, type UNetSpec } from '../../src/engine/nn/unetSpec';
import { gatherRows, randUniform } from '../../src/engine/ops';
import { Rng } from '../../src/engine/philox';
import { compareArrays } from '../../src/engine/selftest';
import { type GpuHandle, openGpu } from '../engine/gpu';
import { NetDsmStep } from './netDsm';

let gpu: GpuHandle = { be: null, reason: 'not opened' };
beforeAll(async () => {
  gpu = await openGpu('mnist.unet.gpu');
});
afterAll(() => gpu.be?.destroy());

/** Composite tolerance: tens of kernels, each within 1e-4 of its twin, feeding one another. */
const NET_TOL = 1e-3;

async function passes(be: Backend, spec: UNetSpec, B: number, w: Float32Array, x: Float32Array, c: Float32Array, dy: Float32Array) {
  const ws = new UNetWorkspace(be, spec, B);
  const P = be.createBuffer(w.length), X = be.createBuffer(x.length), Cb = be.createBuffer(c.length), Dy = be.createBuffer(dy.length), G = be.createBuffer(w.length);
  be.write(P, w); be.write(X, x); be.write(Cb, c); be.write(Dy, dy);
  ws.forward({ buf: P }, X, Cb);
  ws.backward({ buf: P }, Dy, G, { inputGrad: true });
  be.flush();
  const out = { y: await be.read(ws.output), g: await be.read(G), dx: await be.read(ws.dIn) };
  ws.destroy();
  for (const b of [P, X, Cb, Dy, G]) be.destroyBuffer(b);
  return out;
}

describe('U-Net: WebGPU vs CPU', () => {
  for (const film of [false, true]) it(`forward, parameter and input gradients agree (${film ? 'FiLM' : 'plain'})`, async (ctx) => {
    const be = gpu.be;
    if (!be) { ctx.skip(`no WebGPU adapter: ${gpu.reason}`); return; }
    const spec: UNetSpec = { side: 14, inCh: 1, outCh: 1, channels: [3, 5, 6], groups: 3, mid: 1, fourier: { F: 4, fmin: 0.25, fmax: 8 }, embDim: 8, film };
    const B = 3;
    const rng = new Rng(61, 2);
    const w = initUNetWeights(spec, 3, { zeroOut: false });
    const x = rng.uniform(B * 196, -1, 2), c = new Float32Array([-1.5, 0, 1.1]), dy = rng.uniform(B * 196, -1, 2);
    const g = await passes(be, spec, B, w, x, c, dy);
    const r = await passes(new CpuBackend(), spec, B, w, x, c, dy);
    const rows = (['y', 'g', 'dx'] as const).map((k) => ({ k, ...compareArrays(g[k], r[k]) }));
    console.log(`[mnist.unet.gpu] ${be.adapterName}\n${unetPlan(spec).size} params; ` + rows.map((e) => `${e.k}: maxAbs ${e.maxAbs.toExponential(2)} maxRel ${e.maxRel.toExponential(2)}`).join('; '));
    for (const e of rows) expect(e.maxRel, e.k).toBeLessThanOrEqual(NET_TOL);
  });

  it('the GPU route (split-K weight and bias gradients, workgroup statistics) agrees too', async (ctx) => {
    const be = gpu.be;
    if (!be) { ctx.skip(`no WebGPU adapter: ${gpu.reason}`); return; }
    // this adapter is a software one here; posing as a GPU it runs the kernels real GPUs get
    // (ops.matmul / colSum / groupNormForward): B = 32 at 14x14 makes K = 6,272
    const spec: UNetSpec = { side: 14, inCh: 1, outCh: 1, channels: [4, 8], groups: 2, mid: 1, fourier: { F: 4, fmin: 0.25, fmax: 8 }, embDim: 8 };
    const B = 32;
    const rng = new Rng(62, 2);
    const w = initUNetWeights(spec, 4, { zeroOut: false });
    const x = rng.uniform(B * 196, -1, 2), c = rng.uniform(B, -2, 4), dy = rng.uniform(B * 196, -1, 2);
    const ran = new Set<string>();
    const run = be.run.bind(be);
    Object.defineProperty(be, 'software', { value: false, configurable: true });
    be.run = (k, p, b, g) => { ran.add(k.name); run(k, p, b, g); };
    let g: Awaited<ReturnType<typeof passes>>;
    try {
      g = await passes(be, spec, B, w, x, c, dy);
    } finally {
      Object.defineProperty(be, 'software', { value: true, configurable: true });
      be.run = run;
    }
    expect([...ran].filter((k) => ['matmul_splitk', 'gn_stats_wg', 'col_sum_split'].includes(k)).sort()).toEqual(['col_sum_split', 'gn_stats_wg', 'matmul_splitk']);
    const r = await passes(new CpuBackend(), spec, B, w, x, c, dy);
    const rows = (['y', 'g', 'dx'] as const).map((k) => ({ k, ...compareArrays(g[k], r[k]) }));
    console.log(`[mnist.unet.gpu] GPU route on ${be.adapterName}: ` + rows.map((e) => `${e.k}: maxAbs ${e.maxAbs.toExponential(2)} maxRel ${e.maxRel.toExponential(2)}`).join('; '));
    for (const e of rows) expect(e.maxRel, e.k).toBeLessThanOrEqual(NET_TOL);
  });

  it('a short DSM run on MNIST digits lowers the loss', async (ctx) => {
    const be = gpu.be;
    if (!be) { ctx.skip(`no WebGPU adapter: ${gpu.reason}`); return; }
    // a narrow version of the default net (same topology) keeps the test short on a software adapter
    const net = unetNet({ ...MNIST_UNET, channels: [8, 16, 16] });
    const B = 16, steps = 60, nPool = 512;
    const data = await loadMnist();
    const pool = be.createBuffer(nPool * 784, 'pool');
    be.write(pool, mnistToFloat(data.train, nPool));
    const params = NetParams.create(be, net, net.init(7), 'p');
    const adam = new Adam(be, net.paramSize, { lr: 2e-3, beta1: 0.9, beta2: 0.999, eps: 1e-8 });
    const dsm = new NetDsmStep(be, net, { sigmaData: MNIST_SIGMA_DATA, pMean: -1.2, pStd: 1.2 }, B);
    const x0 = be.createBuffer(B * 784, 'x0'), u = be.createBuffer(B, 'u'), losses = be.createBuffer(steps, 'losses');
    const rng = new Rng(8, 1);
    for (let s = 0; s < steps; s++) {
      randUniform(be, rng, u, B);
      gatherRows(be, pool, nPool, 784, u, x0, B);
      dsm.run(params, adam, rng, x0, losses, s);
      be.flush();
    }
    const l = await be.read(losses);
    const mean = (a: Float32Array) => a.reduce((s, v) => s + v, 0) / a.length;
    const first = mean(l.subarray(0, 15)), last = mean(l.subarray(steps - 15));
    console.log(`[mnist.unet.gpu] DSM ${steps} steps, batch ${B}, ${net.paramSize} params: mean loss first 15 ${first.toFixed(3)}, last 15 ${last.toFixed(3)}`);
    expect(l.every(Number.isFinite)).toBe(true);
    expect(last).toBeLessThan(0.7 * first);
    dsm.destroy(); adam.destroy(); params.destroy();
    for (const b of [pool, x0, u, losses]) be.destroyBuffer(b);
  });
});
