/**
 * Samplers on the Karras grid (SPEC "Sampling"): Heun (2nd order, the EDM sampler: 2N - 1
 * network evaluations for N noise levels) and plain Euler (N), deterministic by default.
 *
 * Two options, both off by default (then the loop is exactly the deterministic one):
 * - `churn` (S_churn, with S_tmin / S_tmax / S_noise): EDM's stochastic sampler (Karras et al.
 *   2022, Algorithm 2). Before each step at a noise level s in [tMin, tMax] the sample is
 *   re-noised to s_hat = s (1 + gamma), gamma = min(churn / N, sqrt 2 - 1), by adding
 *   N(0, sNoise^2 (s_hat^2 - s^2)) noise, and the step then runs from s_hat. It targets the same
 *   distribution as the ODE; the added noise lets the chain correct the network's errors instead
 *   of carrying them to the end. Same NFE.
 * - `guide` (autoguidance, Karras et al. 2024): every evaluation at sigma in [min, max] is
 *   D = D_guide + w (D - D_guide), with D_guide a weaker denoiser of the same data (e.g. an
 *   early checkpoint of the same teacher). w = 1 is the plain network. Twice the passes; it
 *   moves samples away from what the weak network also believes, towards the strong one's
 *   sharper shapes, and for w > 1 it no longer samples the teacher's own distribution.
 */
import type { Backend, Buf } from '../engine/backend';
import { groups1d } from '../engine/kernel';
import { axpby, fill, randNormal } from '../engine/ops';
import type { Rng } from '../engine/philox';
import { DenoiserWorkspace, type DenoiserSpec, type Params } from './denoiser';
import { karrasSigmas } from './edm';
import { type GuidanceSettings, validateGuidance } from './guidedTarget';
import { F32_MAX, guideMixKernel, samplerStepKernel } from './kernels/edm';

export type SamplerKind = 'heun' | 'euler';

/**
 * The guide of autoguidance: a weaker denoiser of the same data, and how it guides (the weight w,
 * D = D_guide + w (D - D_guide); the noise interval; the clamp), as guidance distillation's target.
 */
export interface SamplerGuide extends GuidanceSettings {
  params: Params;
  spec: DenoiserSpec;
}

export interface SamplerOptions {
  /** S_churn: 0 (default) is the deterministic sampler. */
  churn?: number;
  /** S_tmin, S_tmax: churn only at these noise levels (default 0.05, 50: EDM's). */
  tMin?: number;
  tMax?: number;
  /** S_noise: scale of the added noise (default 1). */
  sNoise?: number;
  guide?: SamplerGuide;
}

/** EDM's S_tmin / S_tmax defaults. */
export const CHURN_T_MIN = 0.05;
export const CHURN_T_MAX = 50;

/** Checks options before anything runs: a clear message instead of NaN samples. */
export function checkSamplerOptions(o: SamplerOptions, spec: DenoiserSpec): void {
  const { churn = 0, tMin = CHURN_T_MIN, tMax = CHURN_T_MAX, sNoise = 1, guide } = o;
  if (!(Number.isFinite(churn) && churn >= 0 && churn <= 1000)) throw new Error(`sampler: churn must be in [0, 1000] (got ${churn})`);
  if (!(Number.isFinite(tMin) && tMin >= 0 && tMax > tMin)) throw new Error(`sampler: need 0 <= tMin < tMax (got ${tMin}, ${tMax})`);
  if (!(Number.isFinite(sNoise) && sNoise > 0 && sNoise <= 2)) throw new Error(`sampler: sNoise must be in (0, 2] (got ${sNoise})`);
  if (guide) {
    try {
      validateGuidance({ weight: guide.weight, clamp: guide.clamp });
    } catch (e) {
      throw new Error(`sampler: ${(e as Error).message}`);
    }
    if (guide.spec.dim !== spec.dim) throw new Error(`sampler: the guide denoises ${guide.spec.dim}-dimensional samples, the teacher ${spec.dim}`);
  }
}

export class Sampler {
  readonly den: DenoiserWorkspace;
  readonly x: Buf;
  readonly x1: Buf;
  readonly D1: Buf;
  readonly sigma: Buf;
  private tmp: Buf;
  private guideDen: DenoiserWorkspace | null = null;
  /** Network passes per sample in the last `record` (the guide's included; `nfe` without a guide). */
  passes = 0;

  constructor(readonly be: Backend, readonly spec: DenoiserSpec, readonly n: number, label = 'sampler') {
    this.den = new DenoiserWorkspace(be, spec, n, label);
    const size = n * spec.dim;
    this.x = be.createBuffer(size, `${label}.x`);
    this.x1 = be.createBuffer(size, `${label}.x1`);
    this.D1 = be.createBuffer(size, `${label}.D1`);
    this.tmp = be.createBuffer(size, `${label}.tmp`);
    this.sigma = be.createBuffer(n, `${label}.sigma`);
  }

  /** Network evaluations per sample. */
  static nfe(kind: SamplerKind, steps: number): number {
    return kind === 'heun' ? 2 * steps - 1 : steps;
  }

  /** D(x, s) into `out` (the workspace's D buffer by default), guided where the options say. */
  private denoise(params: Params, x: Buf, s: number, guide: SamplerGuide | undefined, out?: Buf): Buf {
    fill(this.be, this.sigma, s);
    const D = this.den.forward(params, x, this.sigma, 0, 0, out);
    this.passes++;
    if (!guide || guide.weight === 1 || s < (guide.min ?? 0) || s > (guide.max ?? Infinity)) return D;
    this.guideDen ??= new DenoiserWorkspace(this.be, guide.spec, this.n, 'sampler.guide');
    const Dg = this.guideDen.forward(guide.params, x, this.sigma);
    this.passes++;
    const n = this.n * this.spec.dim;
    if (guide.clamp === undefined) {
      axpby(this.be, 1 - guide.weight, Dg, guide.weight, D, n); // D = Dg + w (D - Dg)
    } else {
      // D = clamp(Dg + w (D - Dg)); every row is at this sigma, so the kernel's interval is all of them
      const c = guide.clamp;
      this.be.run(guideMixKernel, { B: this.n, d: this.spec.dim, w: guide.weight, lo: 0, hi: F32_MAX, cmin: -c, cmax: c }, [Dg, this.sigma, D], groups1d(n));
    }
    return D;
  }

  /** Record the whole sampling loop; the result is left in `this.x` ([n, dim]). */
  record(params: Params, steps: number, kind: SamplerKind, rng: Rng, sigmaMax = this.spec.edm.sigmaMax, opts: SamplerOptions = {}): Buf {
    checkSamplerOptions(opts, this.spec);
    const { be, n } = this;
    const size = n * this.spec.dim;
    const sig = karrasSigmas(steps, this.spec.edm.sigmaMin, sigmaMax, this.spec.edm.rho);
    const { churn = 0, tMin = CHURN_T_MIN, tMax = CHURN_T_MAX, sNoise = 1, guide } = opts;
    randNormal(be, rng, this.x, size, 0, sig[0]);
    this.passes = 0;
    const g = groups1d(size);
    for (let i = 0; i < steps; i++) {
      let s = sig[i];
      const s1 = sig[i + 1];
      if (churn > 0 && s >= tMin && s <= tMax) {
        const sHat = s * (1 + Math.min(churn / steps, Math.SQRT2 - 1));
        randNormal(be, rng, this.tmp, size, 0, sNoise * Math.sqrt(sHat * sHat - s * s));
        axpby(be, 1, this.tmp, 1, this.x, size);
        s = sHat;
      }
      const D = this.denoise(params, this.x, s, guide);
      // Euler predictor into x1
      be.run(samplerStepKernel, { n: size, h: s1 - s, s, s1: 1, heun: 0 }, [this.x, D, this.x, D, this.x1], g);
      if (kind === 'heun' && s1 > 0) {
        // the second evaluation writes D1; D(x, s) stays in the workspace's D buffer
        const D1 = this.denoise(params, this.x1, s1, guide, this.D1);
        be.run(samplerStepKernel, { n: size, h: s1 - s, s, s1, heun: 1 }, [this.x, D, this.x1, D1, this.tmp], g);
        be.copy(this.tmp, 0, this.x, 0, size);
      } else {
        be.copy(this.x1, 0, this.x, 0, size);
      }
    }
    return this.x;
  }

  async sample(params: Params, steps: number, kind: SamplerKind, rng: Rng, sigmaMax?: number, opts?: SamplerOptions): Promise<Float32Array> {
    this.record(params, steps, kind, rng, sigmaMax, opts);
    this.be.flush();
    return this.be.read(this.x);
  }

  destroy(): void {
    this.den.destroy();
    this.guideDen?.destroy();
    for (const b of [this.x, this.x1, this.D1, this.tmp, this.sigma]) this.be.destroyBuffer(b);
  }
}
