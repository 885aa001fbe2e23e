/**
 * Where a teacher comes from: the shipped pretrained models under public/models/ (the toys'
 * trained by the CLI; MNIST's mnist.dbm, an 8-24-48 U-Net). In the browser they are fetched
 * from BASE_URL + models/<set>.dbm, in Node read from public/models/.
 */
import type { RunConfig } from '../src/config/schema';
import type { Backend } from '../src/engine/backend';
import type { DenoiserSpec } from '../src/diffusion/denoiser';
import { TeacherTrainer } from '../src/diffusion/teacher';
import { applyRecipeStep, MNIST_TEACHER_RECIPE } from '../src/diffusion/teacherRecipe';
import { loadShippedTeacher } from '../src/models/shipped';

export async function loadPretrainedTeacher(config: RunConfig, spec: DenoiserSpec): Promise<{ spec: DenoiserSpec; weights: Float32Array }> {
  if (config.embedDim !== 2) throw new Error(`no pretrained teacher is shipped for the embedded toy (R^${config.embedDim})`);
  const m = await loadShippedTeacher(config.dataset);
  if (m.spec.dim !== spec.dim) throw new Error(`the shipped teacher for '${config.dataset}' models ${m.spec.dim}-D data, not ${spec.dim}-D`);
  return { spec: m.spec, weights: m.weights };
}

/**
 * Train a teacher live (DSM + Adam + EMA on the run's pool; any spec: the 2-D MLPs or the
 * MNIST U-Net), reporting progress every chunk of steps (2 for the U-Net, whose steps take
 * about a second on a software adapter; 20 otherwise). The U-Net follows the shipped MNIST
 * teacher's recipe (its phases' learning rates and noise mixes, and its final guidance
 * distillation, src/diffusion/teacherRecipe.ts) compressed to the configured steps, scaled by the configured lr / the recipe's peak; the
 * MLPs train at a constant lr on the spec's noise. Returns the EMA weights; throws if
 * `cancelled()` turns true (the run was reconfigured).
 */
export async function trainTeacherLive(be: Backend, spec: DenoiserSpec, pool: Float32Array, c: RunConfig, progress: (label: string, frac: number) => void, cancelled: () => boolean): Promise<Float32Array> {
  const tr = new TeacherTrainer(be, spec, pool, { batch: c.teacher.batch, lr: c.teacher.lr, emaDecay: c.teacher.emaDecay, seed: c.seed });
  try {
    const chunk = spec.unet ? 2 : 20;
    const total = c.teacher.steps;
    const recipe = spec.unet ? MNIST_TEACHER_RECIPE : null;
    const t0 = performance.now();
    for (let s = 0; s < total; s += chunk) {
      for (let k = 0; k < Math.min(chunk, total - s); k++) {
        if (recipe) applyRecipeStep(tr, recipe, total, c.teacher.lr / recipe.peakLr);
        tr.step(1);
      }
      await be.sync();
      if (cancelled()) throw new Error('cancelled: the run was reconfigured');
      await new Promise((r) => setTimeout(r, 0)); // let messages in (CPU backend: sync() never yields)
      const done = Math.min(s + chunk, total);
      progress(teacherProgressLabel(done, total, performance.now() - t0, tr.main ? 'guidance distillation' : undefined), done / total);
    }
    return await tr.ema.read();
  } finally {
    tr.destroy();
  }
}

/**
 * "training the teacher (1,200 / 30,750 steps, about 25 min left)": the estimate once 1 % or 20
 * steps are done; `stage` (e.g. the recipe's guidance distillation) named after the steps.
 */
export function teacherProgressLabel(done: number, total: number, elapsedMs: number, stage?: string): string {
  const n = (v: number) => v.toLocaleString('en');
  const base = `training the teacher (${n(done)} / ${n(total)} steps${stage ? `, ${stage}` : ''}`;
  if (done >= total || done < Math.max(20, total / 100) || !(elapsedMs > 0)) return `${base})`;
  const left = ((total - done) * elapsedMs) / done / 1000;
  const words = left < 90 ? `${Math.max(1, Math.round(left))} s` : left < 5400 ? `${Math.round(left / 60)} min` : `${(left / 3600).toFixed(1)} h`;
  return `${base}, about ${words} left)`;
}
