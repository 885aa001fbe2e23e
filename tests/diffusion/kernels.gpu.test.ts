/**
 * Kernel parity of src/diffusion/kernels (EDM_KERNELS): every kernel on WebGPU (Dawn in
 * Node) against its TypeScript twin over odd shapes, offsets and the whole sigma range,
 * through the same `runEdmKernelChecks` the app's self-test can call. The metric and the
 * tolerance are the engine self-test's (src/engine/selftest.ts): maxRel <= 1e-4 with
 * values below 1e-2 of a buffer's scale judged against that floor. Prints a table.
 * No adapter: fails when CI is set, otherwise skips with the reason.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CpuBackend } from '../../src/engine/cpu/cpuBackend';
import { EDM_KERNELS } from '../../src/diffusion/kernels/edm';
import { edmCases, runEdmKernelChecks } from '../../src/diffusion/selftestCases';
import { type GpuHandle, openGpu } from '../engine/gpu';
import { printTable } from './helpers';

let gpu: GpuHandle = { be: null, reason: 'not opened' };
beforeAll(async () => {
  gpu = await openGpu('diffusion.kernels.gpu');
});
afterAll(() => gpu.be?.destroy());

describe('EDM kernels: cases', () => {
  it('every exported *Kernel of src/diffusion/kernels is in EDM_KERNELS and has cases', () => {
    const mods = import.meta.glob('../../src/diffusion/kernels/*.ts', { eager: true }) as Record<string, Record<string, unknown>>;
    const exported = Object.values(mods).flatMap((m) => Object.entries(m).filter(([n]) => n.endsWith('Kernel')).map(([, v]) => (v as { name: string }).name));
    expect(new Set(EDM_KERNELS.map((k) => k.name))).toEqual(new Set(exported));
    const covered = new Set(edmCases().map((c) => c.kernel.name));
    expect(covered).toEqual(new Set(exported));
  });
  it('CPU against itself is exact', async () => {
    const same = await runEdmKernelChecks(new CpuBackend(), new CpuBackend());
    for (const c of same) expect(c, c.kernel).toMatchObject({ ok: true, maxAbs: 0 });
  });
});

describe('EDM kernels: WebGPU vs CPU reference', () => {
  it('every kernel matches on every shape (incl. one 2-D grid launch)', async (ctx) => {
    const be = gpu.be;
    if (!be) { ctx.skip(`no WebGPU adapter: ${gpu.reason}`); return; }
    const checks = await runEdmKernelChecks(be, new CpuBackend(), { large: true });
    printTable('diffusion.kernels.gpu', be.adapterName, checks);
    expect(checks.map((c) => c.kernel)).toEqual(EDM_KERNELS.map((k) => k.name));
    for (const c of checks) {
      expect(c.cases, c.kernel).toBeGreaterThan(0);
      expect(c.ok, `${c.kernel}: ${c.error ?? c.worst}`).toBe(true);
    }
  });
});
