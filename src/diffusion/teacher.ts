/**
 * Teacher training: DSM on minibatches drawn on the device from a data pool, Adam, and an
 * EMA of the weights (the EMA is "the teacher"). Losses land in a device-side ring that
 * the caller reads when it wants; nothing in `step` waits for the GPU.
 */
import type { Backend, Buf } from '../engine/backend';
import { Adam } from '../engine/nn/adam';
import { copy, ema, gatherRows, randUniform } from '../engine/ops';
import { Rng } from '../engine/philox';
import { createDenoiserParams, createParams, type DenoiserSpec, type Params } from './denoiser';
import { DsmStep } from './dsm';
import { GuidedTarget, type GuidanceSettings } from './guidedTarget';

export interface TeacherOptions {
  batch: number;
  lr: number;
  emaDecay: number;
  seed: number;
  /** Adam betas (EDM uses 0.9/0.999). */
  beta1?: number;
  beta2?: number;
}

export const LOSS_RING = 1024;

export class TeacherTrainer {
  readonly params: Params;
  readonly ema: Params;
  readonly adam: Adam;
  readonly dsm: DsmStep;
  readonly pool: Buf;
  readonly poolRows: number;
  readonly x0: Buf;
  readonly u: Buf;
  readonly losses: Buf;
  readonly rng: Rng;
  steps = 0;
  /** The EMA kept as autoguidance's weak network (`snapshotGuide`), when the recipe asks for one. */
  guide: Params | null = null;
  /** The EMA frozen as guidance distillation's main network (`startGuidance`). */
  main: Params | null = null;
  /** The guided target `startGuidance` made (and this trainer owns; `dsm.target` while set). */
  private guided: GuidedTarget | null = null;

  constructor(readonly be: Backend, readonly spec: DenoiserSpec, pool: Float32Array, readonly opts: TeacherOptions) {
    if (pool.length % spec.dim !== 0 || pool.length < spec.dim) throw new Error('data pool size is not a multiple of the data dimension');
    this.poolRows = pool.length / spec.dim;
    this.rng = new Rng(opts.seed, 0x7ea);
    this.params = createDenoiserParams(be, spec, opts.seed, 'teacher.params');
    this.ema = this.params.clone('teacher.ema');
    this.adam = new Adam(be, this.params.size, { lr: opts.lr, beta1: opts.beta1 ?? 0.9, beta2: opts.beta2 ?? 0.999, eps: 1e-8 }, 'teacher.adam');
    this.dsm = new DsmStep(be, spec, opts.batch, this.params.size, 'teacher.dsm');
    this.pool = be.createBuffer(pool.length, 'teacher.pool');
    be.write(this.pool, pool);
    this.x0 = be.createBuffer(opts.batch * spec.dim, 'teacher.x0');
    this.u = be.createBuffer(opts.batch, 'teacher.u');
    this.losses = be.createBuffer(LOSS_RING, 'teacher.losses');
  }

  /** Record `n` training steps and submit them (one command buffer per step). */
  step(n = 1): void {
    const { be, opts, spec } = this;
    for (let k = 0; k < n; k++) {
      randUniform(be, this.rng, this.u, opts.batch);
      gatherRows(be, this.pool, this.poolRows, spec.dim, this.u, this.x0, opts.batch);
      this.dsm.run(this.params, this.adam, this.rng, this.x0, { lossOut: this.losses, lossOff: this.steps % LOSS_RING });
      // EMA with a warm-up so early teachers are not dominated by the random init
      const decay = Math.min(opts.emaDecay, (1 + this.steps) / (10 + this.steps));
      ema(be, this.params.buf, this.ema.buf, decay);
      this.steps++;
      be.flush();
    }
  }

  /** Keep the current EMA as the weak network of a later guidance distillation. */
  snapshotGuide(): void {
    this.guide?.destroy();
    this.guide = this.ema.clone('teacher.guide');
  }

  /**
   * From now on regress the guided denoiser guide + w (main - guide) (`GuidedTarget`) instead
   * of the clean digits, main being the EMA frozen now; the weights restart from that EMA and
   * Adam from zero (as `--init-from` does with a model file). `main` given: resume with that
   * frozen network (a checkpoint's) and leave the weights and Adam as they are.
   */
  startGuidance(settings: GuidanceSettings, main?: Float32Array): void {
    if (!this.guide) throw new Error('guidance distillation needs a guide: snapshotGuide() first');
    this.guided?.destroy();
    this.main?.destroy();
    if (main) {
      this.main = createParams(this.be, this.spec, main, 'teacher.main');
    } else {
      this.main = this.ema.clone('teacher.main');
      copy(this.be, this.ema.buf, this.params.buf);
      this.adam.reset();
    }
    this.guided = new GuidedTarget(this.be, this.spec, this.main, this.spec, this.guide, this.opts.batch, settings);
    this.dsm.target = this.guided;
  }

  /** Losses of the last `count` steps (<= LOSS_RING), oldest first. */
  async recentLosses(count: number): Promise<Float32Array> {
    const c = Math.min(count, this.steps, LOSS_RING);
    const all = await this.be.read(this.losses);
    const out = new Float32Array(c);
    for (let i = 0; i < c; i++) out[i] = all[(this.steps - c + i) % LOSS_RING];
    return out;
  }

  destroy(): void {
    this.params.destroy();
    this.ema.destroy();
    this.adam.destroy();
    this.dsm.destroy();
    this.guided?.destroy();
    this.guide?.destroy();
    this.main?.destroy();
    for (const b of [this.pool, this.x0, this.u, this.losses]) this.be.destroyBuffer(b);
  }
}
