/**
 * Settings for an MNIST race (docs/mnist.md, "MNIST race"). Every network is the shipped
 * teacher's 8-24-48 U-Net (~23 MFLOP per sample per forward), and one generator iteration
 * costs 9 forward equivalents per sample (fake-score step 4, generator step 5), so on a
 * software adapter (~3 GFLOP/s) a batch of 16 is ~3.3 GFLOP per method per iteration:
 * small batches, a few hundred iterations, and an evaluation every 10 on 128 samples
 * (>= 64 for the page's 8x8 grid; FD over 128 feature vectors is biased upwards, but
 * equally for every method).
 *
 * Kept from `base`: seed, methods, the weighting, K_fake, the switch rule and its
 * fraction; a 'shifted' generator start (2-D only) becomes 'teacher'.
 */
import { MNIST_TEACHER_RECIPE } from '../diffusion/teacherRecipe';
import { DEFAULT_CONFIG, type RunConfig, runConfigSchema } from './schema';

export const MNIST_DEFAULTS = {
  // training the teacher live follows the shipped teacher's recipe (src/diffusion/teacherRecipe.ts)
  teacher: { steps: MNIST_TEACHER_RECIPE.steps, batch: 32, lr: MNIST_TEACHER_RECIPE.peakLr, emaDecay: 0.999 },
  distill: { batch: 16, lrG: 1e-4, lrPhi: 1e-3, sigmaInit: 2.5, steps: 300 },
  disback: { s1: 150, nCheckpoints: 4, spacing: 'geometric', lrStage1: 1e-4, kNode: 50, kMax: 100 },
  evalEvery: 10,
  evalSamples: 128,
} as const;

export function mnistDefaults(base: RunConfig = DEFAULT_CONFIG): RunConfig {
  const m = MNIST_DEFAULTS;
  return runConfigSchema.parse({
    ...base,
    dataset: 'mnist',
    embedDim: 2,
    teacher: { ...base.teacher, ...m.teacher },
    distill: { ...base.distill, ...m.distill, genInit: base.distill.genInit === 'shifted' ? 'teacher' : base.distill.genInit },
    disback: { ...base.disback, ...m.disback },
    evalEvery: m.evalEvery,
    evalSamples: m.evalSamples,
  });
}
