/**
 * Kernel self-test cases for the distillation layer (src/distill/kernels/distill.ts), run
 * by the generic runner of src/diffusion/selftestCases.ts (same metric and tolerance as
 * the engine's self-test). distill_grad is checked with the DMD weight and with w = 1,
 * over odd batch sizes and dimensions, plus a case with x0 = D_target exactly (the floor
 * then bounds the weight at 1 / floor).
 *
 * No Node-only imports: this runs in the browser too.
 */
import type { Backend } from '../engine/backend';
import type { CpuBackend } from '../engine/cpu/cpuBackend';
import { groups1d } from '../engine/kernel';
import { Rng } from '../engine/philox';
import type { KernelCheckOptions, KernelCheckReport } from '../engine/selftest';
import { type KernelCase, runCaseChecks } from '../diffusion/selftestCases';
import { DISTILL_KERNELS, distillGradKernel } from './kernels/distill';

/** With `large`, one case past 65535 workgroups of 64 (a 2-D grid; 6 buffers of 17 MB). */
export function distillCases(large = false): KernelCase[] {
  const cases: KernelCase[] = [];
  let idx = 0;
  const shapes = [[1, 1], [3, 2], [17, 3], [65, 2], [257, 5], [300, 16], [1000, 2], [5, 3]] as const;
  for (const [B, d] of shapes) {
    // the last shape: every row has x0 = D_target exactly, so the DMD weight is 1 / floor
    // (kept out of the other cases: one huge row would loosen their relative check)
    const degenerate = B === 5;
    for (const dmd of [0, 1]) {
      for (const floor of dmd ? [1e-6, 0.05] : [1e-6]) {
        const n = B * d;
        const r = new Rng(900 + idx++, 0xd1);
        const x0 = r.uniform(n, -2, 4);
        const Dt = degenerate ? x0.slice() : r.uniform(n, -2, 4);
        const Dphi = r.uniform(n, -2, 4);
        cases.push({
          kernel: distillGradKernel, label: `B=${B} d=${d} dmd=${dmd} floor=${floor}${degenerate ? ' x0=Dt' : ''}`,
          bufs: [[n, x0], [n, Dphi], [n, Dt], [n + 1, 'sym'], [B + 1, 'sym'], [B + 1, 'sym']], out: [3, 4, 5],
          launch: (be, b) => be.run(distillGradKernel, { B, d, dmd, floor }, b, groups1d(B, 64)),
        });
      }
    }
  }
  if (large) {
    const B = 65535 * 64 + 5;
    cases.push({
      kernel: distillGradKernel, label: `2-D grid: B=${B} d=1 dmd=1`,
      bufs: [[B, 'sym'], [B, 'sym'], [B, 'pos'], [B + 1, 'zero'], [B + 1, 'zero'], [B + 1, 'zero']], out: [3, 4, 5],
      launch: (be, b) => be.run(distillGradKernel, { B, d: 1, dmd: 1, floor: 1e-6 }, b, groups1d(B, 64)),
    });
  }
  return cases;
}

/** Every kernel of src/distill/kernels on `gpu` against the CPU twins (opts.large: default false). */
export function runDistillKernelChecks(gpu: Backend, cpu: CpuBackend, opts: KernelCheckOptions = {}): Promise<KernelCheckReport[]> {
  return runCaseChecks(gpu, cpu, DISTILL_KERNELS, distillCases(opts.large ?? false), opts);
}
