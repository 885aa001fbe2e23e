/**
 * Kernel parity of src/distill/kernels (DISTILL_KERNELS) on WebGPU against the TypeScript
 * twins, through `runDistillKernelChecks` (the engine self-test's metric and tolerance:
 * maxRel <= 1e-4), plus the twin itself against the formula of SPEC "Generator update":
 * g = w (D_phi - D_target), w = 1 / (mean_j |x0_j - D_target_j| + floor) (DMD) or 1.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CpuBackend } from '../../src/engine/cpu/cpuBackend';
import { Rng } from '../../src/engine/philox';
import { DISTILL_KERNELS, distillGradKernel } from '../../src/distill/kernels/distill';
import { distillCases, runDistillKernelChecks } from '../../src/distill/selftestCases';
import { printTable } from '../diffusion/helpers';
import { type GpuHandle, openGpu } from '../engine/gpu';

let gpu: GpuHandle = { be: null, reason: 'not opened' };
beforeAll(async () => {
  gpu = await openGpu('distill.kernels.gpu');
});
afterAll(() => gpu.be?.destroy());

describe('distill_grad on the CPU: the formula of SPEC "Generator update"', () => {
  for (const dmd of [1, 0]) {
    it(dmd ? 'DMD weight' : 'Diff-Instruct weight (w = 1)', async () => {
      const be = new CpuBackend();
      const B = 9, d = 3, floor = 1e-3;
      const r = new Rng(17, dmd);
      const x0 = r.uniform(B * d, -2, 4), Dphi = r.uniform(B * d, -2, 4), Dt = r.uniform(B * d, -2, 4);
      const bufs = [x0, Dphi, Dt].map((a) => { const b = be.createBuffer(a.length); be.write(b, a); return b; });
      const g = be.createBuffer(B * d), mis = be.createBuffer(B), loss = be.createBuffer(B);
      be.run(distillGradKernel, { B, d, dmd, floor }, [...bufs, g, mis, loss]);
      const G = be.view(g), M = be.view(mis), L = be.view(loss);
      for (let i = 0; i < B; i++) {
        let a = 0, m = 0;
        for (let j = 0; j < d; j++) { a += Math.abs(x0[i * d + j] - Dt[i * d + j]); m += (Dphi[i * d + j] - Dt[i * d + j]) ** 2; }
        const w = dmd ? 1 / (a / d + floor) : 1;
        for (let j = 0; j < d; j++) expect(G[i * d + j]).toBeCloseTo(w * (Dphi[i * d + j] - Dt[i * d + j]), 5);
        expect(M[i]).toBeCloseTo(m, 5);
        // the surrogate 0.5 ||x0 - stopgrad(x0 - g)||^2 = 0.5 ||g||^2
        let gg = 0;
        for (let j = 0; j < d; j++) gg += G[i * d + j] ** 2;
        expect(L[i] / (0.5 * gg)).toBeCloseTo(1, 5);
      }
    });
  }
});

describe('distill kernels: cases', () => {
  it('every exported *Kernel of src/distill/kernels is in DISTILL_KERNELS and has cases', () => {
    const mods = import.meta.glob('../../src/distill/kernels/*.ts', { eager: true }) as Record<string, Record<string, unknown>>;
    const exported = Object.values(mods).flatMap((m) => Object.entries(m).filter(([n]) => n.endsWith('Kernel')).map(([, v]) => (v as { name: string }).name));
    expect(new Set(DISTILL_KERNELS.map((k) => k.name))).toEqual(new Set(exported));
    expect(new Set(distillCases().map((c) => c.kernel.name))).toEqual(new Set(exported));
  });
  it('CPU against itself is exact', async () => {
    for (const c of await runDistillKernelChecks(new CpuBackend(), new CpuBackend())) expect(c, c.kernel).toMatchObject({ ok: true, maxAbs: 0 });
  });
});

describe('distill kernels: WebGPU vs CPU reference', () => {
  it('every kernel matches on every shape (incl. one 2-D grid launch)', async (ctx) => {
    const be = gpu.be;
    if (!be) { ctx.skip(`no WebGPU adapter: ${gpu.reason}`); return; }
    const checks = await runDistillKernelChecks(be, new CpuBackend(), { large: true });
    printTable('distill.kernels.gpu', be.adapterName, checks);
    expect(checks.map((c) => c.kernel)).toEqual(DISTILL_KERNELS.map((k) => k.name));
    for (const c of checks) {
      expect(c.cases, c.kernel).toBeGreaterThan(0);
      expect(c.ok, `${c.kernel}: ${c.error ?? c.worst}`).toBe(true);
    }
  });
});
