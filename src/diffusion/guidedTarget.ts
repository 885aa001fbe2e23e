/**
 * The regression target of guidance distillation: a teacher that carries autoguidance in one
 * network. Autoguidance (Karras et al. 2024) samples with D_g + w (D_main - D_g), D_g a weaker
 * denoiser of the same data; score distillation for text-to-image (DMD) distils a teacher score
 * guided the same way (with classifier-free guidance). Distilling the guided denoiser into a single network
 * (Meng et al. 2023, stage one) gives a teacher with the guided sampler's samples at one pass per
 * evaluation, and whose own score is what the students are distilled from: DSM's step with this
 * target in place of the clean digit, x = x0 + sigma eps drawn as usual.
 *
 * Both networks are frozen (snapshots); the target is computed on the device, nothing read back.
 */
import type { Backend, Buf } from '../engine/backend';
import { groups1d } from '../engine/kernel';
import { F32_MAX, guideMixKernel } from './kernels/edm';
import { DenoiserWorkspace, type DenoiserSpec, type Params } from './denoiser';

export interface GuidanceSettings {
  /** w: target = D_g + w (D_main - D_g); 1 is the main network alone. */
  weight: number;
  /** Guide only at sigma in [min, max] (Kynkaanniemi et al. 2024); the main network elsewhere. Default: everywhere. */
  min?: number;
  max?: number;
  /**
   * Static thresholding (Imagen): clamp the guided estimate to [-clamp, clamp], the data's range
   * (digits lie in [-1, 1], and so does their ideal denoiser, a convex combination of digits; a
   * guided one overshoots). Default: no clamp.
   */
  clamp?: number;
}

export function validateGuidance(g: GuidanceSettings): void {
  const w = g.weight, lo = g.min ?? 0, hi = g.max ?? Infinity;
  if (!(Number.isFinite(w) && w >= 0 && w <= 10)) throw new Error(`guidance weight must be in [0, 10] (got ${w})`);
  if (!(lo >= 0 && hi > lo)) throw new Error(`guidance interval must satisfy 0 <= min < max (got [${lo}, ${hi}])`);
  if (g.clamp !== undefined && !(g.clamp > 0 && Number.isFinite(g.clamp))) throw new Error(`guidance clamp must be a positive number (got ${g.clamp})`);
}

export class GuidedTarget {
  private readonly mainDen: DenoiserWorkspace;
  private readonly guideDen: DenoiserWorkspace;

  constructor(
    readonly be: Backend,
    readonly spec: DenoiserSpec,
    readonly main: Params,
    readonly guideSpec: DenoiserSpec,
    readonly guide: Params,
    readonly batch: number,
    readonly settings: GuidanceSettings,
  ) {
    validateGuidance(settings);
    if (guideSpec.dim !== spec.dim) throw new Error(`guidance: the guide denoises ${guideSpec.dim}-dimensional samples, the main network ${spec.dim}`);
    if (guideSpec.edm.sigmaData !== spec.edm.sigmaData) throw new Error(`guidance: the guide's sigma_data ${guideSpec.edm.sigmaData} differs from the main network's ${spec.edm.sigmaData}`);
    this.mainDen = new DenoiserWorkspace(be, spec, batch, 'guided.main');
    this.guideDen = new DenoiserWorkspace(be, guideSpec, batch, 'guided.guide');
  }

  /** D_g + w (D_main - D_g) at (x, sigma) [batch rows] (clamped if asked), D_main outside the interval; returns a buffer overwritten by the next call. */
  compute(x: Buf, sigma: Buf): Buf {
    const n = this.batch * this.spec.dim;
    const w = this.settings.weight;
    const D = this.mainDen.forward(this.main, x, sigma);
    if (w === 1 && this.settings.clamp === undefined) return D;
    const Dg = this.guideDen.forward(this.guide, x, sigma);
    const lo = this.settings.min ?? 0, hi = Math.min(this.settings.max ?? Infinity, F32_MAX), c = this.settings.clamp ?? F32_MAX;
    this.be.run(guideMixKernel, { B: this.batch, d: this.spec.dim, w, lo, hi, cmin: -c, cmax: c }, [Dg, sigma, D], groups1d(n));
    return D;
  }

  destroy(): void {
    this.mainDen.destroy();
    this.guideDen.destroy();
  }
}
