/**
 * Every WGSL kernel on WebGPU (Dawn in Node) against its TypeScript twin, through the
 * same `runKernelChecks` the app's self-test button uses. Prints the adapter and a table.
 * No adapter: fails when CI is set, otherwise skips with the reason.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Buf } from '../../src/engine/backend';
import { CpuBackend } from '../../src/engine/cpu/cpuBackend';
import type { KernelDef, ParamValues } from '../../src/engine/kernel';
import { CONV_KERNELS } from '../../src/engine/selftestConv';
import { ALL_KERNELS, compareArrays, NORMAL_ABS_TOL, REL_FLOOR, runKernelChecks } from '../../src/engine/selftest';
import { type GpuHandle, openGpu } from './gpu';

let gpu: GpuHandle = { be: null, reason: 'not opened' };
beforeAll(async () => {
  gpu = await openGpu('kernels.gpu');
});
afterAll(() => gpu.be?.destroy());

/** A CPU backend whose col_sum is off by 2e-4 relative in one element: the checker must notice. */
class SlightlyWrong extends CpuBackend {
  override run<P extends string>(k: KernelDef<P>, params: ParamValues<P>, bufs: readonly Buf[]): void {
    super.run(k, params, bufs);
    if (k.name === 'col_sum') this.view(bufs[1])[(params as ParamValues<'offOut'>).offOut] *= 1 + 2e-4;
  }
}

describe('the self-test machinery (CPU only)', () => {
  it('compareArrays: metric, floor, NaN', () => {
    const ref = new Float32Array([1, -2, 0, 100]);
    expect(compareArrays(ref, ref)).toMatchObject({ maxAbs: 0, maxRel: 0 });
    const got = new Float32Array([1, -2, 0.5, 100]);
    // |0.5 - 0| / max(0, 1e-2 * 100) = 0.5
    expect(compareArrays(got, ref)).toMatchObject({ maxAbs: 0.5, maxRel: 0.5, at: 2 });
    expect(compareArrays(new Float32Array([NaN, -2, 0, 100]), ref).maxRel).toBe(Infinity);
  });
  it('CPU against itself is exact, and a 2e-4 error in one kernel is caught', async () => {
    const same = await runKernelChecks(new CpuBackend(), new CpuBackend(), { large: false });
    for (const c of same) expect(c, c.kernel).toMatchObject({ ok: true, maxAbs: 0 });
    const bad = await runKernelChecks(new SlightlyWrong(), new CpuBackend(), { only: ['col_sum', 'row_reduce'] });
    expect(bad.map((c) => [c.kernel, c.ok])).toEqual([['col_sum', false], ['row_reduce', true]]);
  });
});

describe('kernels: WebGPU vs CPU reference', () => {
  it('covers every exported *Kernel of src/engine/kernels', () => {
    const mods = import.meta.glob('../../src/engine/kernels/*.ts', { eager: true }) as Record<string, Record<string, unknown>>;
    const exported = Object.values(mods).flatMap((m) => Object.entries(m).filter(([n]) => n.endsWith('Kernel')).map(([, v]) => (v as { name: string }).name));
    expect(exported.length).toBeGreaterThan(10);
    // the convolution family (MNIST) has its own case list in selftestConv.ts
    expect(new Set([...ALL_KERNELS, ...CONV_KERNELS].map((k) => k.name))).toEqual(new Set(exported));
  });

  // A cold shader cache makes this slow on lavapipe: each matmul entry point compiles one
  // pipeline per epilogue (KernelDef.constants), about 110 s in all on 2 busy cores; Mesa's
  // disk cache makes later runs take seconds.
  it('every kernel matches on every shape', { timeout: 600_000 }, async (ctx) => {
    const be = gpu.be;
    if (!be) {
      ctx.skip(`no WebGPU adapter: ${gpu.reason}`);
      return;
    }
    const checks = await runKernelChecks(be, new CpuBackend());
    const rows = checks.map((c) => `${c.kernel.padEnd(18)} ${String(c.cases).padStart(4)} ${c.maxAbs.toExponential(2).padStart(10)} ${c.maxRel.toExponential(2).padStart(10)}  ${c.skipped ? 'skipped: ' + c.skipped : c.ok ? 'ok' : 'FAIL'}${c.ok ? '' : '  ' + (c.error ?? c.worst)}`);
    console.log(
      `[kernels.gpu] adapter: ${be.adapterName}\n` +
        `maxRel = max|g-c| / max(|c|, ${REL_FLOOR} max|c|); pass: maxRel <= 1e-4, rng_uniform bit-exact, rng_normal maxAbs <= ${NORMAL_ABS_TOL}\n` +
        `${'kernel'.padEnd(18)} cases     maxAbs     maxRel\n${rows.join('\n')}`,
    );
    for (const c of checks) console.log(`  worst ${c.kernel}: ${c.worst}`);
    expect(checks.map((c) => c.kernel)).toEqual(ALL_KERNELS.map((k) => k.name));
    for (const c of checks) {
      // a subgroup kernel for another subgroup size is skipped; everything else must run
      if (c.skipped) expect(c.kernel, c.skipped).toMatch(/^matmul_sg/);
      else expect(c.cases, c.kernel).toBeGreaterThan(0);
      expect(c.ok, `${c.kernel}: ${c.error ?? c.worst}`).toBe(true);
    }
  });
});

describe('backend plumbing: WebGPU behaves as the CPU backend', () => {
  it('write/read with offsets, u32 writes, copy, destroy, counters', async (ctx) => {
    const be = gpu.be;
    if (!be) { ctx.skip(`no WebGPU adapter: ${gpu.reason}`); return; }
    for (const b of [be, new CpuBackend()]) {
      const s0 = b.stats();
      const x = b.createBuffer(37, 'plumb.x'), y = b.createBuffer(41, 'plumb.y');
      const data = Float32Array.from({ length: 37 }, (_, i) => i * 0.5 - 3);
      b.write(x, data);
      b.write(y, new Float32Array(41).fill(9));
      b.write(y, new Uint32Array([0x3f800000, 0x40000000]), 39); // the bits of 1.0 and 2.0
      b.copy(x, 5, y, 3, 30);
      const got = await b.read(y);
      const want = new Float32Array(41).fill(9);
      want.set(data.subarray(5, 35), 3);
      want[39] = 1;
      want[40] = 2;
      expect(Array.from(got), b.kind).toEqual(Array.from(want));
      expect(Array.from(await b.read(y, 7, 5)), b.kind).toEqual(Array.from(want.subarray(7, 12)));
      expect(Array.from(await b.read(x, 36, 1)), b.kind).toEqual([data[36]]);
      expect(b.stats().buffers - s0.buffers).toBe(2);
      b.destroyBuffer(x);
      b.destroyBuffer(y);
      expect(b.stats().buffers).toBe(s0.buffers);
      expect(() => b.copy(x, 0, y, 0, 1)).toThrow();
    }
  });
});
