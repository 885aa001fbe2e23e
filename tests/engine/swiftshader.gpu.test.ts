/**
 * The kernel written for 4-lane subgroups (matmul_sg4) runs only on SwiftShader, the adapter
 * headless Chromium and GPU-less browsers get; the other GPU tests run on the Vulkan
 * loader's default (lavapipe, 8 lanes), where it is skipped. This file points the Vulkan
 * loader at Chromium's SwiftShader driver before Dawn starts (vitest runs every test file in
 * its own process) and checks it against its twin, with the conv kernels SwiftShader gets
 * (the plain ones: the 8-lane forms are skipped there).
 * Without Chromium's SwiftShader driver: fails under CI, skips locally.
 */
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CpuBackend } from '../../src/engine/cpu/cpuBackend';
import { runKernelChecks } from '../../src/engine/selftest';
import { runConvKernelChecks } from '../../src/engine/selftestConv';
import { type GpuHandle, openGpu } from './gpu';

const ICD = '/usr/lib/chromium/vk_swiftshader_icd.json';
const KERNELS = ['matmul_sg4', 'conv3x3', 'conv3x3_wgrad'];

let gpu: GpuHandle = { be: null, reason: 'not opened' };
beforeAll(async () => {
  if (!existsSync(ICD)) {
    gpu = { be: null, reason: `${ICD} not found (Debian's chromium package)` };
    if (process.env.CI) throw new Error(`CI needs Chromium's SwiftShader Vulkan driver: ${gpu.reason}`);
    return;
  }
  process.env.VK_ICD_FILENAMES = ICD;
  gpu = await openGpu('swiftshader.gpu');
});
afterAll(() => gpu.be?.destroy());

describe('the 4-lane matmul and the conv kernels on SwiftShader vs CPU reference', () => {
  it('run (not skipped) and match on every shape', async (ctx) => {
    const be = gpu.be;
    if (!be) {
      ctx.skip(`no SwiftShader adapter: ${gpu.reason}`);
      return;
    }
    expect(be.adapterName.toLowerCase()).toContain('swiftshader');
    expect(be.subgroupSize, 'SwiftShader reports fixed 4-lane subgroups').toBe(4);
    const cpu = new CpuBackend();
    const checks = [...(await runKernelChecks(be, cpu, { only: KERNELS, large: false })), ...(await runConvKernelChecks(be, cpu, { only: KERNELS }))];
    for (const c of checks) console.log(`[swiftshader.gpu] ${c.kernel.padEnd(18)} ${String(c.cases).padStart(3)} cases  maxRel ${c.maxRel.toExponential(2)}  ${c.ok ? 'ok' : 'FAIL ' + (c.error ?? c.worst)}`);
    expect(checks.map((c) => c.kernel).sort()).toEqual([...KERNELS].sort());
    for (const c of checks) {
      expect(c.skipped, c.kernel).toBeUndefined();
      expect(c.cases, c.kernel).toBeGreaterThan(0);
      expect(c.ok, `${c.kernel}: ${c.error ?? c.worst}`).toBe(true);
    }
  });
});
