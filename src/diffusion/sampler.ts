/**
 * Deterministic samplers on the Karras grid (SPEC "Sampling"): Heun (2nd order, the
 * EDM sampler: 2N - 1 network evaluations for N noise levels) and plain Euler (N).
 */
import type { Backend, Buf } from '../engine/backend';
import { groups1d } from '../engine/kernel';
import { fill, randNormal } from '../engine/ops';
import type { Rng } from '../engine/philox';
import { DenoiserWorkspace, type DenoiserSpec, type Params } from './denoiser';
import { karrasSigmas } from './edm';
import { samplerStepKernel } from './kernels/edm';

export type SamplerKind = 'heun' | 'euler';

export class Sampler {
  readonly den: DenoiserWorkspace;
  readonly x: Buf;
  readonly x1: Buf;
  readonly D1: Buf;
  readonly sigma: Buf;
  private tmp: Buf;

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

  /** Record the whole sampling loop; the result is left in `this.x` ([n, dim]). */
  record(params: Params, steps: number, kind: SamplerKind, rng: Rng, sigmaMax = this.spec.edm.sigmaMax): Buf {
    const { be, n } = this;
    const size = n * this.spec.dim;
    const sig = karrasSigmas(steps, this.spec.edm.sigmaMin, sigmaMax, this.spec.edm.rho);
    randNormal(be, rng, this.x, size, 0, sig[0]);
    const g = groups1d(size);
    for (let i = 0; i < steps; i++) {
      const s = sig[i];
      const s1 = sig[i + 1];
      fill(be, this.sigma, s);
      const D = this.den.forward(params, this.x, this.sigma);
      // Euler predictor into x1
      be.run(samplerStepKernel, { n: size, h: s1 - s, s, s1: 1, heun: 0 }, [this.x, D, this.x, D, this.x1], g);
      if (kind === 'heun' && s1 > 0) {
        fill(be, this.sigma, s1);
        // the second evaluation writes D1; D(x, s) stays in the workspace's D buffer
        const D1 = this.den.forward(params, this.x1, this.sigma, 0, 0, this.D1);
        be.run(samplerStepKernel, { n: size, h: s1 - s, s, s1, heun: 1 }, [this.x, D, this.x1, D1, this.tmp], g);
        be.copy(this.tmp, 0, this.x, 0, size);
      } else {
        be.copy(this.x1, 0, this.x, 0, size);
      }
    }
    return this.x;
  }

  async sample(params: Params, steps: number, kind: SamplerKind, rng: Rng, sigmaMax?: number): Promise<Float32Array> {
    this.record(params, steps, kind, rng, sigmaMax);
    this.be.flush();
    return this.be.read(this.x);
  }

  destroy(): void {
    this.den.destroy();
    for (const b of [this.x, this.x1, this.D1, this.tmp, this.sigma]) this.be.destroyBuffer(b);
  }
}
