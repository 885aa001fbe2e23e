/**
 * A recipe's guidance stage (src/diffusion/teacherRecipe.ts `guidance`, TeacherTrainer's
 * snapshotGuide / startGuidance) and the run state that carries it over a stop
 * (src/diffusion/teacherState.ts), on the CPU backend with a small 2-D teacher:
 *  - the events fire once each, at the recipe's steps, also when the recipe is compressed;
 *  - the guide is the EMA at `guideAt`; at `from` the main network is the EMA, the weights
 *    restart from it, Adam from zero, and DSM regresses the guided denoiser;
 *  - a run stopped in either stage and restored into a fresh trainer goes on bit for bit;
 *  - bad states are refused with a message.
 */
import { describe, expect, it } from 'vitest';
import { makeDataPool } from '../../src/data';
import { default2dSpec } from '../../src/diffusion/denoiser';
import { GuidedTarget } from '../../src/diffusion/guidedTarget';
import { TeacherTrainer } from '../../src/diffusion/teacher';
import { applyRecipeStep, guidanceEvents, linearRecipe, type TeacherRecipe } from '../../src/diffusion/teacherRecipe';
import { readTeacherState, restoreTeacherState } from '../../src/diffusion/teacherState';
import { CpuBackend } from '../../src/engine/cpu/cpuBackend';
import { MNIST_UNET } from '../../src/engine/nn/unetSpec';
import { mnistDefaults } from '../../src/config/mnistDefaults';
import { mnistDenoiserSpec } from '../../src/diffusion/mnistSpec';
import { MNIST_TEACHER_RECIPE } from '../../src/diffusion/teacherRecipe';
import { trainTeacherLive } from '../../workers/teacherSource';

const SPEC = default2dSpec(0.5, 2, 16, 2);
const RECIPE: TeacherRecipe = { ...linearRecipe(40, 2e-3, 30, 2e-4, null), name: 'guided-toy', guidance: { guideAt: 8, from: 25, settings: { weight: 2.5, min: 0.05, max: 20 } } };
const pool = () => makeDataPool({ dataset: '8gaussians', seed: 3, n: 512 }).pool;
const trainer = (be = new CpuBackend()) => new TeacherTrainer(be, SPEC, pool(), { batch: 16, lr: 2e-3, emaDecay: 0.9, seed: 5 });

function run(tr: TeacherTrainer, until: number, total = RECIPE.steps): void {
  while (tr.steps < until) {
    applyRecipeStep(tr, RECIPE, total);
    tr.step(1);
  }
}

describe("a recipe's guidance stage", () => {
  it('fires each event once, at its step, exact and compressed', () => {
    for (const total of [40, 13, 97, 3]) {
      const guide: number[] = [], start: number[] = [];
      for (let s = 0; s < total; s++) {
        const e = guidanceEvents(RECIPE, s, total);
        if (e.guide) guide.push(s);
        if (e.start) start.push(s);
      }
      // the first step whose recipe time reaches x; none when that lies past the run's end
      const at = (x: number) => { const k = Math.ceil((x * total) / RECIPE.steps); return k < total ? [k] : []; };
      expect(guide).toEqual(at(8));
      expect(start).toEqual(at(25));
    }
    expect(guidanceEvents(linearRecipe(10, 1e-3, 5, 1e-4, null), 0)).toEqual({ guide: false, start: false });
  });

  it('keeps the EMA at guideAt as the guide, then restarts from the EMA at from and regresses the guided denoiser', async () => {
    const tr = trainer();
    run(tr, 8);
    expect(tr.guide).toBeNull();
    const emaAt8 = await tr.ema.read();
    run(tr, 9);
    expect(Array.from(await tr.guide!.read())).toEqual(Array.from(emaAt8));
    run(tr, 25);
    expect(tr.main).toBeNull();
    expect(tr.dsm.target).toBeNull();
    const emaAt25 = await tr.ema.read();
    applyRecipeStep(tr, RECIPE);
    expect(Array.from(await tr.main!.read())).toEqual(Array.from(emaAt25));
    expect(Array.from(await tr.params.read())).toEqual(Array.from(emaAt25));
    expect(tr.adam.t).toBe(0);
    expect(tr.dsm.target).toBeInstanceOf(GuidedTarget);
    expect((tr.dsm.target as GuidedTarget).settings).toEqual(RECIPE.guidance!.settings);
    tr.step(1);
    run(tr, 40);
    // the guide and the main network stay frozen while the weights move
    expect(Array.from(await tr.guide!.read())).toEqual(Array.from(emaAt8));
    expect(Array.from(await tr.main!.read())).toEqual(Array.from(emaAt25));
    const moved = (await tr.params.read()).reduce((m, w, i) => Math.max(m, Math.abs(w - emaAt25[i])), 0);
    expect(moved).toBeGreaterThan(1e-4);
    tr.destroy();
  });

  it('stopped in either stage and restored into a fresh trainer, the run goes on bit for bit', async () => {
    const straight = trainer();
    run(straight, 40);
    const want = await straight.params.read();
    for (const stopAt of [5, 12, 30]) {
      const a = trainer();
      run(a, stopAt);
      const { data, meta } = await readTeacherState(a);
      expect(meta.snapshots).toEqual(stopAt < 9 ? undefined : { guide: true, main: stopAt > 25 });
      const b = trainer();
      restoreTeacherState(b, data, meta, RECIPE);
      run(b, 40);
      expect(Array.from(await b.params.read()), `stopped at ${stopAt}`).toEqual(Array.from(want));
      a.destroy(); b.destroy();
    }
  });

  it('refuses a state of another size, a main network without its guide, and a guidance stage without the recipe', async () => {
    const a = trainer();
    run(a, 30);
    const { data, meta } = await readTeacherState(a);
    expect(() => restoreTeacherState(trainer(), data.subarray(1), meta, RECIPE)).toThrow(/floats, expected/);
    expect(() => restoreTeacherState(trainer(), data, { ...meta, paramSize: meta.paramSize + 1 }, RECIPE)).toThrow(/parameters for a network of/);
    expect(() => restoreTeacherState(trainer(), data.subarray(0, 5 * meta.paramSize), { ...meta, snapshots: { guide: false, main: true } }, RECIPE)).toThrow(/without its guide/);
    expect(() => restoreTeacherState(trainer(), data, meta, null)).toThrow(/resume it with that recipe/);
  });
});

describe("the page's live MNIST teacher training", () => {
  it('runs the shipped recipe compressed, its guidance stage included, and says so in the progress label', async () => {
    // a tiny U-Net on the CPU, 26 steps: the guide at step 2, guidance from step 24 (recipe 48,000 of 52,000)
    const spec = mnistDenoiserSpec({ ...MNIST_UNET, channels: [8, 8, 8], groups: 4, mid: 1, embDim: 16, fourier: { F: 4, fmin: 0.25, fmax: 8 } });
    const base = mnistDefaults();
    const c = { ...base, teacher: { ...base.teacher, steps: 26, batch: 2 } };
    const pool = new Float32Array(16 * 784).map((_, i) => Math.sin(i * 0.37));
    const labels: [number, string][] = [];
    const w = await trainTeacherLive(new CpuBackend(), spec, pool, c, (label, frac) => labels.push([Math.round(frac * 26), label]), () => false);
    expect(w.every(Number.isFinite)).toBe(true);
    const from = Math.ceil((MNIST_TEACHER_RECIPE.guidance!.from * 26) / MNIST_TEACHER_RECIPE.steps);
    expect(from).toBe(24);
    for (const [done, label] of labels) expect(label.includes('guidance distillation'), `${done}: ${label}`).toBe(done > from);
    expect(labels.at(-1)).toEqual([26, 'training the teacher (26 / 26 steps, guidance distillation)']);
  }, 120_000);
});
