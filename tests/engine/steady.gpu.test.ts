/**
 * Steady state on WebGPU: 1,000 training steps (an MLP regression, and a distillation
 * racer: fake-score and generator updates) at tiny sizes, with the reads a UI would make
 * every 100 steps. After warm-up the backend's live buffers, their bytes, bind groups and
 * pipelines must not grow: everything a step needs is allocated and bound once.
 * No adapter: fails when CI is set, otherwise skips with the reason.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { disbackSchema, distillSchema } from '../../src/config/schema';
import { default2dSpec, mlpSpecOf } from '../../src/diffusion/denoiser';
import { initialGeneratorWeights } from '../../src/distill/generator';
import { methodDef } from '../../src/distill/methods';
import { Racer } from '../../src/distill/racer';
import type { BackendStats } from '../../src/engine/backend';
import { initMlpWeights, type MlpSpec, ParamSet } from '../../src/engine/nn/mlp';
import { RegressionTrainer, smoothRegressionData } from '../../src/engine/nn/regression';
import { type GpuHandle, openGpu } from './gpu';

const STEPS = 1000;
let gpu: GpuHandle = { be: null, reason: 'not opened' };
beforeAll(async () => {
  gpu = await openGpu('steady.gpu');
});
afterAll(() => gpu.be?.destroy());

const pick = (s: BackendStats) => ({ buffers: s.buffers, bytes: s.bytes, bindGroups: s.bindGroups, pipelines: s.pipelines });

describe('steady state over 1,000 steps', () => {
  it('MLP regression: no growth in buffers, bytes, bind groups or pipelines', async (ctx) => {
    const be = gpu.be;
    if (!be) { ctx.skip(`no WebGPU adapter: ${gpu.reason}`); return; }
    const spec: MlpSpec = { inDim: 2, outDim: 2, hidden: [16, 16], act: 'silu', fourier: { F: 4, fmin: 0.5, fmax: 4 } };
    const t = new RegressionTrainer(be, spec, smoothRegressionData(512, 4), { batch: 64, seed: 5, historyLength: 100 });
    for (let s = 0; s < 10; s++) t.step();
    await t.readLosses();
    const warm = pick(be.stats());
    const seen: ReturnType<typeof pick>[] = [];
    for (let s = 10; s < STEPS; s++) {
      t.step();
      if (s % 100 === 99) {
        const losses = await t.readLosses();
        expect(losses.every(Number.isFinite)).toBe(true);
        seen.push(pick(be.stats()));
      }
    }
    console.log(`[steady] regression: after warm-up ${JSON.stringify(warm)}, after ${STEPS} steps ${JSON.stringify(pick(be.stats()))}`);
    for (const s of seen) expect(s).toEqual(warm);
    expect(pick(be.stats())).toEqual(warm);
    t.destroy();
  });

  it('distillation racer: no growth in buffers, bytes, bind groups or pipelines', async (ctx) => {
    const be = gpu.be;
    if (!be) { ctx.skip(`no WebGPU adapter: ${gpu.reason}`); return; }
    const spec = default2dSpec(0.5, 2, 16, 2);
    const d = distillSchema.parse({ batch: 64 });
    const w = initMlpWeights(mlpSpecOf(spec), 11);
    const teacher = ParamSet.create(be, mlpSpecOf(spec), w, 'steady.teacher');
    const g0 = initialGeneratorWeights(spec, w, 'teacher', d.sigmaInit, 12, be);
    const racer = new Racer(be, spec, methodDef('vanilla', d, disbackSchema.parse({})), [teacher], g0, {
      batch: 64, lrG: d.lrG, lrPhi: d.lrPhi, sigmaInit: d.sigmaInit, weighting: d.weighting, seed: 13, sigmaRange: { lo: spec.edm.sigmaMin, hi: spec.edm.sigmaMax },
    });
    for (let s = 0; s < 10; s++) { racer.step(); be.flush(); }
    await racer.ringMeans(0, racer.steps);
    const warm = pick(be.stats());
    const seen: ReturnType<typeof pick>[] = [];
    for (let s = 10; s < STEPS; s++) {
      racer.step();
      be.flush();
      if (s % 100 === 99) {
        const ring = await racer.ringMeans(s - 99, s + 1);
        expect(Number.isFinite(ring.lossFake) && Number.isFinite(ring.lossG)).toBe(true);
        seen.push(pick(be.stats()));
      }
    }
    console.log(`[steady] racer: after warm-up ${JSON.stringify(warm)}, after ${STEPS} iterations ${JSON.stringify(pick(be.stats()))}`);
    for (const s of seen) expect(s).toEqual(warm);
    expect(pick(be.stats())).toEqual(warm);
    racer.destroy();
    teacher.destroy();
    g0.destroy();
  });
});
