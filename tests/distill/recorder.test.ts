/**
 * DisBack stage 1 (degradation recording) on the CPU reference, tiny: the three spacings
 * save their checkpoints at the advertised steps, each reported distance is the mismatch
 * mean ||D_(theta'_k) - D_teacher||^2 of *that* checkpoint on the fixed measurement batch
 * (recomputed here independently), distance spacing picks the first step reaching k/N of
 * the final distance, the teacher and G^0 are left untouched, and the cost
 * is counted (4 passes per step plus one per measurement).
 */
import { describe, expect, it } from 'vitest';
import { CpuBackend } from '../../src/engine/cpu/cpuBackend';
import { ParamSet } from '../../src/engine/nn/mlp';
import type { Params } from '../../src/diffusion/denoiser';
import { Rng } from '../../src/engine/philox';
import { createDenoiserParams, DenoiserWorkspace } from '../../src/diffusion/denoiser';
import { DsmStep } from '../../src/diffusion/dsm';
import { GeneratorWorkspace, initialGeneratorWeights } from '../../src/distill/generator';
import { recordDegradation, type Spacing, STAGE1_PASSES_PER_STEP } from '../../src/distill/recorder';
import { checkpointSteps, chooseByDistance } from '../../src/distill/schedule';
import { tinySpec } from '../diffusion/helpers';

describe('recordDegradation (CPU)', () => {
  const spec = tinySpec(0.5, 2, [8, 8]);
  const S1 = 24, N = 3, B = 64, SEED = 4;
  const range = { lo: 0.002, hi: 20 };

  for (const spacing of ['even', 'geometric', 'distance'] as Spacing[]) {
    it(spacing, async () => {
      const be = new CpuBackend();
      const teacher = createDenoiserParams(be, spec, 1);
      const tw = await teacher.read();
      const g0 = initialGeneratorWeights(spec, tw, 'shifted', 2.5, SEED, be);
      const gw = await g0.read();
      const path = await recordDegradation(be, spec, teacher, g0, { s1: S1, nCheckpoints: N, spacing, lr: 3e-3, batch: B, sigmaInit: 2.5, seed: SEED, sigmaRange: range });
      expect(Array.from(await teacher.read())).toEqual(Array.from(tw));
      expect(Array.from(await g0.read())).toEqual(Array.from(gw));
      expect(path.checkpoints.length).toBe(path.steps.length);
      expect(path.distances.length).toBe(path.steps.length + 1);
      expect(path.distances[0]).toBe(0);
      expect(path.steps.at(-1)).toBe(S1);
      for (let k = 1; k < path.steps.length; k++) expect(path.steps[k]).toBeGreaterThan(path.steps[k - 1]);
      const measured = spacing === 'distance' ? S1 : N; // every = max(1, floor(24 / 24)) = 1: every step is measured
      expect(path.passes).toBe(S1 * STAGE1_PASSES_PER_STEP + measured);
      if (spacing !== 'distance') expect(path.steps).toEqual(checkpointSteps(spacing, S1, N));

      // the measurement batch, rebuilt from the recorder's documented streams
      const mrng = new Rng(SEED, 0x3ea5);
      const mGen = new GeneratorWorkspace(be, spec, B, 2.5);
      const mX0 = be.createBuffer(B * 2);
      mGen.sample(g0, mrng, mX0);
      const mNoise = new DsmStep(be, spec, B, 1);
      mNoise.noise(mrng, mX0, 0, range);
      const den = new DenoiserWorkspace(be, spec, B);
      const Dt = be.view(den.forward(teacher, mNoise.x, mNoise.sigma)).slice();
      const dist = (p: Params) => {
        const D = be.view(den.forward(p, mNoise.x, mNoise.sigma));
        let s = 0;
        for (let e = 0; e < D.length; e++) s += (D[e] - Dt[e]) ** 2;
        return s / B;
      };
      const mine = path.checkpoints.map(dist);
      console.log(`[stage1] ${spacing}: steps ${path.steps.join(' ')}; distance ${path.distances.slice(1).map((v) => v.toFixed(4)).join(' ')} (recomputed ${mine.map((v) => v.toFixed(4)).join(' ')})`);
      mine.forEach((v, k) => expect(path.distances[k + 1] / v).toBeCloseTo(1, 4));
      expect(path.distances.at(-1)!).toBeGreaterThan(0);
      if (spacing === 'distance') {
        // the same stage 1 with a checkpoint at every step (same seed: the same psi trajectory)
        // gives every step's distance; the distance spacing picks, for k = 1..N, the first step
        // whose distance reaches k/N of the final one
        const every = await recordDegradation(be, spec, teacher, g0, { s1: S1, nCheckpoints: S1, spacing: 'even', lr: 3e-3, batch: B, sigmaInit: 2.5, seed: SEED, sigmaRange: range });
        expect(every.steps).toEqual(Array.from({ length: S1 }, (_, i) => i + 1));
        const all = every.distances.slice(1);
        expect(path.steps).toEqual(chooseByDistance(all, N).map((i) => i + 1));
        path.steps.forEach((st, k) => expect(path.distances[k + 1]).toBe(all[st - 1]));
        every.checkpoints.forEach((c) => c.destroy());
      }
      path.checkpoints.forEach((c) => c.destroy());
    });
  }
});
