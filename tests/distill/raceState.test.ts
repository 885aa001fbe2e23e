/**
 * captureRaceState / restoreRace: a race saved mid-run (also between two evaluation ticks)
 * and rebuilt on a fresh backend continues exactly as the original does: the same
 * EvalPoints (wall-clock time aside) and bit-identical eta / phi / Adam moments, on the CPU
 * and on WebGPU (Dawn). Nothing of the restored race stays allocated after destroy().
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Backend } from '../../src/engine/backend';
import { CpuBackend } from '../../src/engine/cpu/cpuBackend';
import { initMlpWeights } from '../../src/engine/nn/mlp';
import { makeDataPool } from '../../src/data';
import { runConfigSchema } from '../../src/config/schema';
import { default2dSpec, mlpSpecOf } from '../../src/diffusion/denoiser';
import { Race } from '../../src/distill/race';
import { captureRaceState, restoreRace, type RaceState } from '../../src/distill/raceState';
import type { EvalPoint } from '../../src/distill/types';
import { type GpuHandle, openGpu } from '../engine/gpu';

const data = makeDataPool({ dataset: '8gaussians', seed: 0, n: 1024 });
const held = makeDataPool({ dataset: '8gaussians', seed: 0, n: 256, split: 'heldout' });
const spec = default2dSpec(data.sigmaData, 2, 16, 2);
const teacherW = initMlpWeights(mlpSpecOf(spec), 5);
const config = runConfigSchema.parse({
  dataset: '8gaussians', seed: 4, methods: ['vanilla', 'disback'], evalSamples: 128, evalEvery: 3,
  distill: { batch: 64, steps: 12, lrG: 1e-3, lrPhi: 1e-3 },
  disback: { s1: 6, nCheckpoints: 3, spacing: 'even', schedule: 'adaptive', kMax: 4, adaptiveFrac: 0.99 },
});
const modes = { centres: data.modes!, radius: data.modeRadius! };
const base = (be: Backend) => ({ be, heldout: held.pool, modes, refSteps: 3, refSamples: 128 });

type Trace = { points: Omit<EvalPoint, 'wall'>[]; weights: Float32Array[] };

/** Advance to `to` the way the trainer's loop does: evaluate every racer at each multiple of evalEvery. */
async function runTo(race: Race, to: number, trace: Trace): Promise<void> {
  const every = config.evalEvery;
  while (race.racers[0].steps < to) {
    const at = race.racers[0].steps;
    await race.advance(Math.min(every - (at % every), to - at));
    if (race.racers[0].steps % every === 0) {
      for (const r of race.racers) {
        const { point } = await race.evaluate(r);
        const { wall, ...rest } = point;
        void wall;
        trace.points.push(rest);
      }
    }
  }
}

async function finalWeights(race: Race): Promise<Float32Array[]> {
  const out: Float32Array[] = [];
  for (const r of race.racers) out.push(await r.eta.read(), await r.phi.read(), await r.be.read(r.adamG.v), await r.be.read(r.adamPhi.m));
  return out;
}

async function checkBackend(mk: () => Backend, other: () => Backend): Promise<void> {
  const be = mk();
  const race = new Race({ ...base(be), config, spec, teacherWeights: teacherW });
  await race.prepare();
  const a: Trace = { points: [], weights: [] };
  await runTo(race, 6, a);
  await runTo(race, 8, a); // stop between two ticks: the loss rings carry the partial interval
  const saved: RaceState = await captureRaceState(race);
  expect(saved.racers.map((r) => r.steps)).toEqual([8, 8]);
  const cut = a.points.length;
  await runTo(race, 12, a);
  a.weights = await finalWeights(race);
  const switchesA = race.racers.map((r) => r.schedule.switches.map((s) => `${s.step}:${s.node}`));
  race.destroy();

  const be2 = other();
  const baseline = be2.stats().buffers;
  const restored = restoreRace(base(be2), structuredClone(saved));
  expect(restored.racers.map((r) => r.steps)).toEqual([8, 8]);
  const b: Trace = { points: [], weights: [] };
  await runTo(restored, 12, b);
  b.weights = await finalWeights(restored);
  expect(b.points).toEqual(a.points.slice(cut));
  expect(b.points.length).toBe(2 * 2);
  b.weights.forEach((w, i) => expect(Array.from(w)).toEqual(Array.from(a.weights[i])));
  expect(restored.racers.map((r) => r.schedule.switches.map((s) => `${s.step}:${s.node}`))).toEqual(switchesA);
  restored.destroy();
  // the backend's own helpers (placeholder buffers) may stay; the race's buffers do not
  expect(be2.stats().buffers - baseline).toBeLessThanOrEqual(2);
}

describe('race state capture and restore', () => {
  it('CPU: a restored race continues bit-identically', async () => {
    await checkBackend(() => new CpuBackend(), () => new CpuBackend());
  });

  it('refuses a state that does not fit, leaving nothing allocated', async () => {
    const be = new CpuBackend();
    const race = new Race({ ...base(be), config, spec, teacherWeights: teacherW });
    await race.prepare();
    const s = await captureRaceState(race);
    race.destroy();
    const before = be.stats().buffers;
    const bad = structuredClone(s);
    bad.racers[1].method = 'warmstart';
    expect(() => restoreRace(base(be), bad)).toThrow(/warmstart/);
    const short = structuredClone(s);
    short.racers[0].eta = short.racers[0].eta.subarray(1);
    expect(() => restoreRace(base(be), short)).toThrow();
    expect(be.stats().buffers).toBe(before);
  });

  describe('WebGPU (Dawn)', () => {
    let gpu: GpuHandle = { be: null, reason: 'not opened' };
    beforeAll(async () => {
      gpu = await openGpu('distill.raceState');
    });
    afterAll(() => gpu.be?.destroy());
    it('a restored race continues bit-identically on the same device', async (ctx) => {
      if (!gpu.be) return ctx.skip();
      const be = gpu.be;
      await checkBackend(() => be, () => be);
    });
  });
});
