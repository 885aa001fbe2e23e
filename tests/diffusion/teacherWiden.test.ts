/**
 * Widening a teacher while it trains (src/diffusion/teacherWiden.ts, the training script's
 * --widen): the new trainer holds the narrow weights and EMA widened with the same split
 * (so it computes what the narrow one did: tests/mnist/unetWiden.test.ts), keeps the step and
 * the RNG stream, restarts Adam, trains on, and the same seed gives the same run.
 */
import { describe, expect, it } from 'vitest';
import { default2dSpec, type DenoiserSpec } from '../../src/diffusion/denoiser';
import { TeacherTrainer } from '../../src/diffusion/teacher';
import { widenTeacher } from '../../src/diffusion/teacherWiden';
import { CpuBackend } from '../../src/engine/cpu/cpuBackend';
import type { UNetSpec } from '../../src/engine/nn/unetSpec';
import { widenLowestLevel } from '../../src/engine/nn/unetWiden';
import { Rng } from '../../src/engine/philox';

const unet: UNetSpec = { side: 8, inCh: 1, outCh: 1, channels: [2, 3, 4], groups: 2, mid: 1, fourier: { F: 2, fmin: 0.25, fmax: 4 }, embDim: 4 };
const spec: DenoiserSpec = {
  dim: 64, hidden: [4, 4], act: 'silu', fourier: { ...unet.fourier },
  edm: { sigmaData: 0.5, sigmaMin: 0.002, sigmaMax: 80, pMean: -1.2, pStd: 1.2, rho: 7 }, unet,
};
const pool = new Rng(4, 4).uniform(16 * 64, -1, 2);
const opts = { batch: 4, lr: 1e-3, emaDecay: 0.9, seed: 2 };

/** 6 narrow steps, widened with `seed`, then 4 wide ones. */
async function grown(seed: number): Promise<TeacherTrainer> {
  const tr = new TeacherTrainer(new CpuBackend(), spec, pool, opts);
  tr.step(6);
  const wide = await widenTeacher(tr, pool, seed);
  wide.step(4);
  return wide;
}

describe('widenTeacher', () => {
  it('holds the widened weights and EMA, keeps the step and RNG stream, restarts Adam', async () => {
    const tr = new TeacherTrainer(new CpuBackend(), spec, pool, opts);
    tr.step(6);
    const [w, e, ctr] = [await tr.params.read(), await tr.ema.read(), tr.rng.counter];
    expect(tr.adam.t).toBe(6);
    const wide = await widenTeacher(tr, pool, 3);
    expect(wide.spec.unet!.channels).toEqual([2, 3, 8]);
    expect(wide.spec.edm).toEqual(spec.edm);
    expect(wide.steps).toBe(6);
    expect(wide.rng.counter).toBe(ctr);
    expect(wide.adam.t).toBe(0);
    expect(await wide.params.read()).toEqual(widenLowestLevel(unet, w, 3).weights);
    expect(await wide.ema.read()).toEqual(widenLowestLevel(unet, e, 3).weights);
    wide.step(2);
    expect(wide.steps).toBe(8);
    expect(Array.from(await wide.recentLosses(2)).every(Number.isFinite)).toBe(true);
  });

  it('same seed, same run; another split, another run', async () => {
    const [a, b, c] = [await grown(3), await grown(3), await grown(4)];
    expect(await b.params.read()).toEqual(await a.params.read());
    expect(await c.params.read()).not.toEqual(await a.params.read());
  });

  it('refuses a teacher that is not a U-Net', async () => {
    const mlp = new TeacherTrainer(new CpuBackend(), default2dSpec(0.5, 2, 16, 1), new Float32Array(64).fill(0.1), { ...opts, batch: 8 });
    await expect(widenTeacher(mlp, new Float32Array(64).fill(0.1), 1)).rejects.toThrow(/U-Net/);
  });
});
