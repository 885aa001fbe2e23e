/**
 * One denoising-score-matching update (SPEC "Teacher training"): ln sigma ~ N(pMean, pStd^2),
 * loss = mean_i lambda(sigma_i) ||D(x0 + sigma eps, sigma) - x0||^2, then Adam. The same
 * step trains the teacher, the fake score (on stop-gradient generator samples) and the
 * degradation recorder (on frozen G^0 samples). Everything stays on the device.
 */
import type { Backend, Buf } from '../engine/backend';
import { groups1d } from '../engine/kernel';
import type { Adam } from '../engine/nn/adam';
import { fullReduce, randNormal } from '../engine/ops';
import type { Rng } from '../engine/philox';
import { DenoiserWorkspace, type DenoiserSpec, type Params } from './denoiser';
import { addNoiseKernel, dsmGradKernel, sigmaLognormalKernel } from './kernels/edm';

/** A denoiser-shaped regression target: [batch, dim] at the noised batch (x, sigma). */
export interface DsmTarget {
  compute(x: Buf, sigma: Buf): Buf;
}

export class DsmStep {
  readonly den: DenoiserWorkspace;
  readonly sigma: Buf;
  readonly eps: Buf;
  readonly x: Buf;
  readonly rows: Buf;
  readonly grads: Buf;
  /**
   * Training-noise override: when set, ln sigma ~ N(pMean, pStd^2) with these values instead of
   * the spec's (a teacher-training option, e.g. a phase that trains the coarse-shape noise levels
   * more; the spec, and so distillation's p_distill, is unchanged).
   */
  sigmaDist: { pMean: number; pStd: number } | null = null;
  /**
   * Regression-target override: when set, the loss is lambda(sigma) ||D(x, sigma) - T(x, sigma)||^2
   * with T this target at the same noised x (guidance distillation, `GuidedTarget`) instead of the
   * clean x0. Off for every distillation loss; a teacher-training option only.
   */
  target: DsmTarget | null = null;

  constructor(readonly be: Backend, readonly spec: DenoiserSpec, readonly batch: number, paramSize: number, label = 'dsm') {
    this.den = new DenoiserWorkspace(be, spec, batch, label);
    this.sigma = be.createBuffer(batch, `${label}.sigma`);
    this.eps = be.createBuffer(batch * spec.dim, `${label}.eps`);
    this.x = be.createBuffer(batch * spec.dim, `${label}.x`);
    this.rows = be.createBuffer(batch, `${label}.rows`);
    this.grads = be.createBuffer(paramSize, `${label}.grads`);
  }

  /** Draw sigma (log-normal, clipped to [lo, hi]) and eps, and form x = x0 + sigma eps. */
  noise(rng: Rng, x0: Buf, offX0 = 0, range?: { lo: number; hi: number }): void {
    const { be, batch: B } = this;
    const d = this.spec.dim;
    const e = this.sigmaDist ?? this.spec.edm;
    randNormal(be, rng, this.sigma, B);
    be.run(sigmaLognormalKernel, { B, pMean: e.pMean, pStd: e.pStd, lo: range?.lo ?? 1e-6, hi: range?.hi ?? 1e6 }, [this.sigma], groups1d(B));
    randNormal(be, rng, this.eps, B * d);
    be.run(addNoiseKernel, { B, d, offX0 }, [x0, this.sigma, this.eps, this.x], groups1d(B * d));
  }

  /**
   * One full update of `params` on clean samples x0 [batch, dim] (regressing `target` at the
   * noised samples instead of x0 when it is set). The batch loss (mean of
   * lambda-weighted squared errors) is written to lossOut[lossOff] when given.
   */
  run(params: Params, adam: Adam, rng: Rng, x0: Buf, opts: { offX0?: number; lossOut?: Buf; lossOff?: number; range?: { lo: number; hi: number } } = {}): void {
    const { be, batch: B } = this;
    const d = this.spec.dim;
    this.noise(rng, x0, opts.offX0 ?? 0, opts.range);
    const T = this.target?.compute(this.x, this.sigma) ?? null;
    const D = this.den.forward(params, this.x, this.sigma);
    const [y, offY] = T ? [T, 0] : [x0, opts.offX0 ?? 0];
    be.run(dsmGradKernel, { B, d, sd: this.spec.edm.sigmaData, offX0: offY }, [D, y, this.sigma, this.den.dF, this.rows], groups1d(B));
    this.den.backwardRaw(params, this.den.dF, this.grads);
    adam.step(params.buf, this.grads);
    if (opts.lossOut) fullReduce(be, 'mean', this.rows, opts.lossOut, B, { offOut: opts.lossOff ?? 0 });
  }

  destroy(): void {
    this.den.destroy();
    for (const b of [this.sigma, this.eps, this.x, this.rows, this.grads]) this.be.destroyBuffer(b);
  }
}
