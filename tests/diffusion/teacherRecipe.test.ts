/**
 * The MNIST teacher recipe (src/diffusion/teacherRecipe.ts) is the schedule of the commands
 * that trained the shipped teacher (docs/mnist.md), step for step, its guidance stage included
 * (how that stage runs: tests/diffusion/teacherGuidanceStage.test.ts); compressed, it keeps the
 * phases' order and mix fractions; applied to a trainer it sets Adam's lr and DSM's noise.
 */
import { describe, expect, it } from 'vitest';
import { default2dSpec } from '../../src/diffusion/denoiser';
import { TeacherTrainer } from '../../src/diffusion/teacher';
import { applyRecipeStep, MNIST_TEACHER_RECIPE as R, mixedStep, recipeAt } from '../../src/diffusion/teacherRecipe';
import { CpuBackend } from '../../src/engine/cpu/cpuBackend';
import { teacherProgressLabel } from '../../workers/teacherSource';

/** The training script's schedule for one command: lr, then linear from decayStart to lrFinal at total. */
const scriptLr = (lr: number, decayStart: number, total: number, lrFinal: number) => (step: number) =>
  step <= decayStart ? lr : lr + (lrFinal - lr) * Math.min(1, (step - decayStart) / Math.max(1, total - decayStart));

/** The documented commands (docs/mnist.md, "The MNIST teacher"), as [first step, lr(step), mix fraction]. */
const COMMANDS: [number, (s: number) => number, number][] = [
  [0, scriptLr(1e-3, 2500, 4000, 1e-4), 0],
  [4000, scriptLr(6e-4, 4000, 20000, 3e-5), 0],
  [4210, scriptLr(6e-4, 4000, 15000, 3e-5), 0],
  [9540, scriptLr(5e-4, 12500, 16000, 5e-5), 0.5],
  [11380, scriptLr(5e-4, 16000, 18500, 5e-5), 0.75],
  [18500, scriptLr(5e-4, 25250, 30750, 5e-5), 0.75],
  [30750, scriptLr(4e-4, 43000, 48000, 4e-5), 0.75],
  // the guidance-distillation run: --init-from the step-48,000 file, --steps 4000 --decay-start 2500
  [48000, ((f) => (s: number) => f(s - 48000))(scriptLr(2e-4, 2500, 4000, 2e-5)), 0.75],
];

describe('MNIST teacher recipe', () => {
  it('is the documented commands, step for step', () => {
    expect(R.steps).toBe(52000);
    // and its guidance stage is that run's: guide = the step-4,000 teacher, main = step 48,000
    expect(R.guidance).toEqual({ guideAt: 4000, from: 48000, settings: { weight: 2.5, min: 0.5, max: 10, clamp: 1 } });
    for (let s = 0; s < R.steps; s++) {
      const c = COMMANDS.findLastIndex(([from]) => s >= from);
      const [, lr, frac] = COMMANDS[c];
      const got = recipeAt(R, s);
      expect(got.phase).toBe(c);
      if (got.lr !== lr(s)) expect.fail(`step ${s}: lr ${got.lr} != ${lr(s)}`);
      const mixed = frac > 0 && mixedStep(s, frac);
      if ((got.sigmaDist !== null) !== mixed) expect.fail(`step ${s}: mixed ${got.sigmaDist !== null}, expected ${mixed}`);
      if (got.sigmaDist) expect(got.sigmaDist).toEqual({ pMean: 1.0, pStd: 0.8 });
    }
    expect(R.phases.every((p) => p.lr.every(([, v]) => v <= R.peakLr))).toBe(true);
    expect(recipeAt(R, R.steps).lr).toBeCloseTo(2e-5, 15);
    expect(recipeAt(R, R.steps - 1).lr).toBeCloseTo(2e-5, 6);
  });

  it('spreads a mix fraction evenly', () => {
    for (const frac of [0.5, 0.75]) {
      let n = 0;
      for (let t = 0; t < 400; t++) n += mixedStep(t, frac) ? 1 : 0;
      expect(n).toBe(400 * frac);
      // never more than ceil(1 / (1 - frac)) mixed steps in a row
      let run = 0, longest = 0;
      for (let t = 0; t < 400; t++) { run = mixedStep(t, frac) ? run + 1 : 0; longest = Math.max(longest, run); }
      expect(longest).toBeLessThanOrEqual(Math.ceil(1 / (1 - frac)));
    }
  });

  it('compresses to fewer steps keeping the phases in order and scales the lr', () => {
    const total = 4800;
    const phases: number[] = [];
    const mixedIn = new Map<number, { n: number; mixed: number }>();
    for (let s = 0; s < total; s++) {
      const a = recipeAt(R, s, total, 2);
      if (phases.at(-1) !== a.phase) phases.push(a.phase);
      const m = mixedIn.get(a.phase) ?? { n: 0, mixed: 0 };
      m.n++; if (a.sigmaDist) m.mixed++;
      mixedIn.set(a.phase, m);
      expect(a.lr).toBeLessThanOrEqual(2 * R.peakLr);
      expect(a.lr).toBeGreaterThan(0);
    }
    expect(phases).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(recipeAt(R, 370, total).phase).toBe(1); // recipe step 4,008
    expect(recipeAt(R, 0, total, 2).lr).toBe(2e-3);
    expect(recipeAt(R, total, total).lr).toBeCloseTo(2e-5, 12);
    expect(recipeAt(R, total - 1, total).lr).toBeCloseTo(2e-5, 5);
    expect(mixedIn.get(0)!.mixed).toBe(0);
    expect(mixedIn.get(1)!.mixed).toBe(0);
    expect(mixedIn.get(2)!.mixed).toBe(0);
    for (const [p, frac] of [[3, 0.5], [4, 0.75], [5, 0.75], [6, 0.75], [7, 0.75]] as const) {
      const m = mixedIn.get(p)!;
      expect(Math.abs(m.mixed / m.n - frac)).toBeLessThan(2 / m.n);
    }
  });

  it('refuses a non-positive or fractional length', () => {
    for (const t of [0, -5, 2.5, NaN]) expect(() => recipeAt(R, 0, t)).toThrow(/positive integer/);
  });

  it("sets a trainer's learning rate and training noise for its next step", () => {
    const spec = default2dSpec(0.5, 2, 16, 1);
    const pool = new Float32Array(64 * 2).map((_, i) => Math.sin(i));
    const tr = new TeacherTrainer(new CpuBackend(), spec, pool, { batch: 8, lr: 1, emaDecay: 0.9, seed: 3 });
    try {
      tr.steps = 9541; // phase 3, an odd step: mixed
      const s = applyRecipeStep(tr, R);
      expect(s.phase).toBe(3);
      expect(tr.adam.hyper.lr).toBe(5e-4);
      expect(tr.dsm.sigmaDist).toEqual({ pMean: 1.0, pStd: 0.8 });
      tr.steps = 100; // phase 1
      applyRecipeStep(tr, R, R.steps, 0.5);
      expect(tr.adam.hyper.lr).toBe(5e-4);
      expect(tr.dsm.sigmaDist).toBeNull();
      tr.step(1); // trains with those settings
      expect(tr.steps).toBe(101);
    } finally {
      tr.destroy();
    }
  });
});

describe('live teacher progress label', () => {
  it('gives the steps, and a time estimate once enough steps are done', () => {
    expect(teacherProgressLabel(10, 30750, 5000)).toBe('training the teacher (10 / 30,750 steps)');
    expect(teacherProgressLabel(3075, 30750, 60_000)).toBe('training the teacher (3,075 / 30,750 steps, about 9 min left)');
    expect(teacherProgressLabel(1000, 4000, 20_000)).toBe('training the teacher (1,000 / 4,000 steps, about 60 s left)');
    expect(teacherProgressLabel(400, 30750, 200_000)).toBe('training the teacher (400 / 30,750 steps, about 4.2 h left)');
    expect(teacherProgressLabel(4000, 4000, 20_000)).toBe('training the teacher (4,000 / 4,000 steps)');
    expect(teacherProgressLabel(100, 200, 0)).toBe('training the teacher (100 / 200 steps)');
    expect(teacherProgressLabel(3075, 30750, 60_000, 'guidance distillation')).toBe('training the teacher (3,075 / 30,750 steps, guidance distillation, about 9 min left)');
  });
});
