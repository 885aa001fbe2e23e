/**
 * The image kernels (conv2d.wgsl, its 8-lane subgroup forms in conv2dSg.wgsl, groupnorm,
 * resample) on WebGPU (Dawn in Node) against their TypeScript twins, through
 * `runConvKernelChecks` (the function the app's self-test can call). Prints the adapter and a table of max abs / rel errors. No adapter: fails when
 * CI is set, otherwise skips with the reason.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Buf } from '../../src/engine/backend';
import { CpuBackend } from '../../src/engine/cpu/cpuBackend';
import type { KernelDef, ParamValues } from '../../src/engine/kernel';
import { REL_FLOOR } from '../../src/engine/selftest';
import { CONV_KERNELS, convCasesAll, runConvKernelChecks } from '../../src/engine/selftestConv';
import { type GpuHandle, openGpu } from '../engine/gpu';

let gpu: GpuHandle = { be: null, reason: 'not opened' };
beforeAll(async () => {
  gpu = await openGpu('mnist.kernels.gpu');
});
afterAll(() => gpu.be?.destroy());

/** A CPU backend whose pool2_fwd is off by 2e-4 relative in one element: the checker must notice. */
class SlightlyWrong extends CpuBackend {
  override run<P extends string>(k: KernelDef<P>, params: ParamValues<P>, bufs: readonly Buf[]): void {
    super.run(k, params, bufs);
    if (k.name === 'pool2_fwd') this.view(bufs[1])[(params as ParamValues<'offOut'>).offOut] *= 1 + 2e-4;
  }
}

describe('image kernel self-test machinery (CPU only)', () => {
  it('has cases for every kernel, and the CPU against itself is exact', async () => {
    const names = new Set(convCasesAll().map((c) => c.kernel.name));
    expect(names).toEqual(new Set(CONV_KERNELS.map((k) => k.name)));
    const same = await runConvKernelChecks(new CpuBackend(), new CpuBackend(), { only: ['pool2_fwd', 'up2_bwd', 'chan_sum'] });
    for (const c of same) expect(c, c.kernel).toMatchObject({ ok: true, maxAbs: 0 });
  });
  it('catches a 2e-4 relative error in one element', async () => {
    const bad = await runConvKernelChecks(new SlightlyWrong(), new CpuBackend(), { only: ['pool2_fwd', 'pool2_bwd'] });
    expect(bad.map((c) => [c.kernel, c.ok])).toEqual([['pool2_fwd', false], ['pool2_bwd', true]]);
  });
});

describe('image kernels: WebGPU vs CPU reference', () => {
  it('every kernel matches on every shape', async (ctx) => {
    const be = gpu.be;
    if (!be) {
      ctx.skip(`no WebGPU adapter: ${gpu.reason}`);
      return;
    }
    const checks = await runConvKernelChecks(be, new CpuBackend());
    const rows = checks.map((c) => `${c.kernel.padEnd(18)} ${String(c.cases).padStart(4)} ${c.maxAbs.toExponential(2).padStart(10)} ${c.maxRel.toExponential(2).padStart(10)}  ${c.skipped ? 'skipped: ' + c.skipped : c.ok ? 'ok' : 'FAIL'}${c.ok ? '' : '  ' + (c.error ?? c.worst)}`);
    console.log(
      `[mnist.kernels.gpu] adapter: ${be.adapterName}\n` +
        `maxRel = max|g-c| / max(|c|, ${REL_FLOOR} max|c|); pass: maxRel <= 1e-4\n` +
        `${'kernel'.padEnd(18)} cases     maxAbs     maxRel\n${rows.join('\n')}`,
    );
    for (const c of checks) console.log(`  worst ${c.kernel}: ${c.worst}`);
    expect(checks.map((c) => c.kernel)).toEqual(CONV_KERNELS.map((k) => k.name));
    for (const c of checks) {
      // a subgroup kernel for another subgroup size is skipped; everything else must run
      if (c.skipped) expect(c.kernel, c.skipped).toMatch(/^conv3x3(_wgrad)?_sg8$/);
      else expect(c.cases, c.kernel).toBeGreaterThan(0);
      expect(c.ok, `${c.kernel}: ${c.error ?? c.worst}`).toBe(true);
    }
  });
});
