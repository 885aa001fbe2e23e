/**
 * A teacher-training recipe: a learning-rate schedule and, per phase, which training-noise
 * distribution DSM draws sigma from. `MNIST_TEACHER_RECIPE` is the schedule the shipped MNIST
 * teacher was trained with (docs/mnist.md: the phases of one resumable run, chosen as the
 * run went); `scripts/train-mnist-teacher.mts --recipe` runs it in one command and the page's
 * live MNIST teacher training follows it, compressed to the configured number of steps.
 *
 * The spec's noise distribution (and so distillation's p_distill) is never changed: a phase's
 * `mix` only overrides how sigma is drawn for a fraction of the training steps.
 */
import type { GuidanceSettings } from './guidedTarget';
import type { TeacherTrainer } from './teacher';

/** ln sigma ~ N(pMean, pStd^2): a training-noise distribution (`DsmStep.sigmaDist`). */
export interface SigmaDist {
  pMean: number;
  pStd: number;
}

/** `dist` on a fraction `frac` of the steps, spread evenly. */
export interface NoiseMix {
  dist: SigmaDist;
  frac: number;
}

export interface RecipePhase {
  /** First step of the phase (the previous phase ends here). */
  from: number;
  /** Learning rate: linear between knots [step, lr], constant before the first and after the last. */
  lr: readonly (readonly [number, number])[];
  mix: NoiseMix | null;
}

/**
 * A final guidance-distillation stage (src/diffusion/guidedTarget.ts): the EMA at step `guideAt`
 * is kept as the weak network; from step `from` the run regresses D_guide + w (D_main - D_guide),
 * D_main the EMA frozen at `from`, the weights restarting from it with Adam from zero.
 */
export interface RecipeGuidance {
  guideAt: number;
  from: number;
  settings: GuidanceSettings;
}

export interface TeacherRecipe {
  name: string;
  steps: number;
  /** The largest learning rate of the schedule; a configured lr scales the whole schedule by lr / peakLr. */
  peakLr: number;
  phases: readonly RecipePhase[];
  guidance?: RecipeGuidance;
}

const MID_SIGMAS: SigmaDist = { pMean: 1.0, pStd: 0.8 };

export const MNIST_TEACHER_RECIPE: TeacherRecipe = {
  name: 'mnist-shipped',
  steps: 52000,
  peakLr: 1e-3,
  phases: [
    // 1: the SPEC's log-normal, lr 1e-3 falling to 1e-4 over 2,500-4,000
    { from: 0, lr: [[2500, 1e-3], [4000, 1e-4]], mix: null },
    // 2: the SPEC's log-normal, lr 6e-4 falling towards 3e-5 (its first 210 steps ran with the
    // decay spread to step 20,000, then it restarted towards 15,000; stopped at 9,540)
    { from: 4000, lr: [[4000, 6e-4], [20000, 3e-5]], mix: null },
    { from: 4210, lr: [[4000, 6e-4], [15000, 3e-5]], mix: null },
    // 3a: every other step from N(1.0, 0.8^2): the noise levels that decide a digit's shape
    { from: 9540, lr: [[9540, 5e-4]], mix: { dist: MID_SIGMAS, frac: 0.5 } },
    // 3b: three steps in four, lr down to 5e-5 over 16,000-18,500
    { from: 11380, lr: [[16000, 5e-4], [18500, 5e-5]], mix: { dist: MID_SIGMAS, frac: 0.75 } },
    // 4: the same mix, back at 5e-4, down to 5e-5 over 25,250-30,750
    { from: 18500, lr: [[25250, 5e-4], [30750, 5e-5]], mix: { dist: MID_SIGMAS, frac: 0.75 } },
    // 5: the same mix, lr 4e-4 (from 30,750: the step-30,750 teacher shipped before), down to
    // 4e-5 over 43,000-48,000; faster kernels (conv3x3_sg8) made these 17,250 steps affordable
    { from: 30750, lr: [[43000, 4e-4], [48000, 4e-5]], mix: { dist: MID_SIGMAS, frac: 0.75 } },
    // 6: guidance distillation (below): from the step-48,000 EMA, lr 2e-4, down to 2e-5 over
    // 50,500-52,000, the same noise mix
    { from: 48000, lr: [[50500, 2e-4], [52000, 2e-5]], mix: { dist: MID_SIGMAS, frac: 0.75 } },
  ],
  // the teacher carries autoguidance by its own step-4,000 EMA (the first teacher shipped):
  // w 2.5 at sigma in [0.5, 10], clamped to the digits' range (docs/mnist.md, "A teacher that
  // carries its guidance")
  guidance: { guideAt: 4000, from: 48000, settings: { weight: 2.5, min: 0.5, max: 10, clamp: 1 } },
};

/** Step `step` of a run of `total` steps in the recipe's own time (exactly `step` when uncompressed). */
function recipeTime(recipe: TeacherRecipe, step: number, total: number): number {
  return total === recipe.steps ? step : (step * recipe.steps) / total;
}

/** Whether step t (0-based) of a phase mixing a fraction `frac` draws from the mix: evenly spread. */
export function mixedStep(t: number, frac: number): boolean {
  return Math.floor((t + 1) * frac) > Math.floor(t * frac);
}

/** Piecewise-linear learning rate at step s (the training script's linear-decay formula per segment). */
function lrFrom(knots: RecipePhase['lr'], s: number): number {
  if (s <= knots[0][0]) return knots[0][1];
  for (let i = 1; i < knots.length; i++) {
    const [s0, a] = knots[i - 1], [s1, b] = knots[i];
    if (s <= s1) return a + (b - a) * Math.min(1, (s - s0) / Math.max(1, s1 - s0));
  }
  return knots[knots.length - 1][1];
}

export interface RecipeStep {
  lr: number;
  sigmaDist: SigmaDist | null;
  phase: number;
}

/**
 * The settings of step `step` (0-based) of a run of `total` steps that follows `recipe`
 * compressed (or stretched) in time: step s maps to the recipe's step s * recipe.steps / total.
 * `total = recipe.steps` and `lrScale = 1` give the recipe exactly.
 */
export function recipeAt(recipe: TeacherRecipe, step: number, total = recipe.steps, lrScale = 1): RecipeStep {
  if (!(total >= 1) || !Number.isInteger(total)) throw new Error(`recipe length must be a positive integer, got ${total}`);
  const r = recipeTime(recipe, step, total);
  let phase = 0;
  while (phase + 1 < recipe.phases.length && r >= recipe.phases[phase + 1].from) phase++;
  const p = recipe.phases[phase];
  const sigmaDist = p.mix && mixedStep(step, p.mix.frac) ? p.mix.dist : null;
  return { lr: lrScale * lrFrom(p.lr, r), sigmaDist, phase };
}

/**
 * The one-phase recipe of a plain schedule: lr constant to `decayStart`, then linear to
 * `lrFinal` at `steps`; `mix`, if given, on its fraction of the steps throughout.
 */
export function linearRecipe(steps: number, lr: number, decayStart: number, lrFinal: number, mix: NoiseMix | null): TeacherRecipe {
  return { name: 'linear', steps, peakLr: Math.max(lr, lrFinal), phases: [{ from: 0, lr: [[decayStart, lr], [steps, lrFinal]], mix }] };
}

/**
 * What the recipe's guidance stage does before step `step` of a run of `total` steps: keep the
 * guide at the first step at or past `guideAt` (in recipe time), start at the first at or past
 * `from`. Each fires at exactly one step, so a resumed run does not repeat it; compressed hard
 * enough, both fire on one step (the guide first).
 */
export function guidanceEvents(recipe: TeacherRecipe, step: number, total = recipe.steps): { guide: boolean; start: boolean } {
  const g = recipe.guidance;
  if (!g) return { guide: false, start: false };
  const crosses = (at: number) => recipeTime(recipe, step, total) >= at && (step === 0 || recipeTime(recipe, step - 1, total) < at);
  return { guide: crosses(g.guideAt), start: crosses(g.from) };
}

/**
 * Set a trainer's learning rate and training-noise distribution for its next step, and run the
 * recipe's guidance events that fall on it (keep the guide, start regressing the guided denoiser).
 */
export function applyRecipeStep(tr: TeacherTrainer, recipe: TeacherRecipe, total = recipe.steps, lrScale = 1): RecipeStep {
  const ev = guidanceEvents(recipe, tr.steps, total);
  if (ev.guide) tr.snapshotGuide();
  if (ev.start && recipe.guidance) tr.startGuidance(recipe.guidance.settings);
  const s = recipeAt(recipe, tr.steps, total, lrScale);
  tr.adam.hyper = { ...tr.adam.hyper, lr: s.lr };
  tr.dsm.sigmaDist = s.sigmaDist;
  return s;
}
