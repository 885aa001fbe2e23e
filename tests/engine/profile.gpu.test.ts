/**
 * WebGpuBackend's kernel profiler (timestamp queries, kernelProfiler.ts) on a real adapter:
 * launches are counted per kernel, times are gathered, and profiling changes no result.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDawnBackend } from '../../src/engine/node/dawn';
import * as ops from '../../src/engine/ops';
import { Rng } from '../../src/engine/philox';
import type { WebGpuBackend } from '../../src/engine/webgpu/webgpuBackend';
import { type GpuHandle, openGpu } from './gpu';

let gpu: GpuHandle = { be: null, reason: 'not opened' };
let prof: WebGpuBackend | null = null;
beforeAll(async () => {
  gpu = await openGpu('engine.profile.gpu');
  if (gpu.be) prof = await createDawnBackend({ profile: true });
});
afterAll(() => {
  prof?.destroy();
  gpu.be?.destroy();
});

async function work(be: WebGpuBackend): Promise<Float32Array> {
  const rng = new Rng(3, 1);
  const [M, N, K] = [64, 40, 96];
  const a = be.createBuffer(M * K), b = be.createBuffer(K * N), c = be.createBuffer(M * N), s = be.createBuffer(N);
  be.write(a, rng.uniform(M * K, -1, 2));
  be.write(b, rng.uniform(K * N, -1, 2));
  for (let i = 0; i < 5; i++) ops.matmul(be, { a, b, c, M, N, K, beta: i ? 0.5 : 0 });
  for (let i = 0; i < 3; i++) ops.colSum(be, c, s, M, N, { beta: 1, split: false });
  const out = await be.read(s);
  for (const x of [a, b, c, s]) be.destroyBuffer(x);
  return out;
}

describe('kernel profiler', () => {
  it('counts and times every launch per kernel, and changes no result', async (ctx) => {
    if (!gpu.be || !prof) { ctx.skip(`no WebGPU adapter: ${gpu.reason}`); return; }
    const plain = await work(gpu.be);
    const timed = await work(prof);
    expect(timed).toEqual(plain);
    const rows = await prof.kernelTimes(true);
    console.log(`[engine.profile.gpu] ${prof.adapterName}\n` + rows.map((r) => `${r.kernel.padEnd(14)} ${r.launches} launches, ${r.totalMs.toFixed(3)} ms, mean ${r.meanUs.toFixed(1)} us, max ${r.maxUs.toFixed(1)} us`).join('\n'));
    const mm = ops.matmulKernelFor(64, 40, prof.subgroupSize).kernel.name;
    expect(Object.fromEntries(rows.map((r) => [r.kernel, r.launches]))).toEqual({ [mm]: 5, col_sum: 3 });
    for (const r of rows) {
      expect(r.totalMs).toBeGreaterThanOrEqual(0);
      expect(r.maxUs * r.launches).toBeGreaterThanOrEqual(r.totalMs * 1e3 - 1e-6);
    }
    expect(rows.reduce((t, r) => t + r.totalMs, 0)).toBeGreaterThan(0);
    expect(await prof.kernelTimes()).toEqual([]); // reset above
  });
  it('refuses kernel times on a backend made without profiling', async (ctx) => {
    if (!gpu.be) { ctx.skip(`no WebGPU adapter: ${gpu.reason}`); return; }
    await expect(gpu.be.kernelTimes()).rejects.toThrow(/profile: true/);
  });
});
