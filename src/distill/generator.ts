/**
 * The one-step generator G_eta(z) = D_eta(sigma_init z, sigma_init), z ~ N(0, I)
 * (SPEC "One-step generator"). eta starts as a copy of the teacher (default), a fresh
 * random initialisation, or a teacher copy whose output is shifted away from the data.
 */
import type { Backend, Buf } from '../engine/backend';
import { mlpLayout } from '../engine/nn/mlp';
import { fill, randNormal } from '../engine/ops';
import type { Rng } from '../engine/philox';
import { createDenoiserParams, createParams, DenoiserWorkspace, type DenoiserSpec, mlpSpecOf, type Params } from '../diffusion/denoiser';
import { cOut } from '../diffusion/edm';

export type GenInit = 'teacher' | 'random' | 'shifted';

/** Build the initial generator's parameters from the teacher's (host copy of its weights). */
export function initialGeneratorWeights(spec: DenoiserSpec, teacher: Float32Array, init: GenInit, sigmaInit: number, seed: number, be: Backend): Params {
  if (init === 'random') return createDenoiserParams(be, spec, seed ^ 0x5eed, 'G0');
  const w = teacher.slice();
  if (init === 'shifted') {
    if (spec.unet) throw new Error("the 'shifted' generator start is defined for the MLP denoisers (2-D data) only");
    // Shift every output by delta = 1.5 sigma_data along (1, 1, ...)/sqrt(d): add delta / c_out to the last bias.
    const layers = mlpLayout(mlpSpecOf(spec)).layers;
    const last = layers[layers.length - 1];
    const delta = (1.5 * spec.edm.sigmaData) / Math.sqrt(spec.dim);
    const co = cOut(sigmaInit, spec.edm.sigmaData);
    for (let j = 0; j < last.out; j++) w[last.b + j] += delta / co;
  }
  return createParams(be, spec, w, 'G0');
}

export class GeneratorWorkspace {
  readonly den: DenoiserWorkspace;
  readonly z: Buf;
  readonly sigma: Buf;

  constructor(readonly be: Backend, readonly spec: DenoiserSpec, readonly batch: number, readonly sigmaInit: number, label = 'gen') {
    this.den = new DenoiserWorkspace(be, spec, batch, label);
    this.z = be.createBuffer(batch * spec.dim, `${label}.z`);
    this.sigma = be.createBuffer(batch, `${label}.sigma`);
    fill(be, this.sigma, sigmaInit);
  }

  /** Draw z and return x0 = G(z) (the buffer is overwritten by the next call). */
  sample(eta: Params, rng: Rng, out?: Buf): Buf {
    randNormal(this.be, rng, this.z, this.batch * this.spec.dim, 0, this.sigmaInit);
    return this.den.forward(eta, this.z, this.sigma, 0, 0, out);
  }

  /** x0 = G(z) for a given z buffer (already scaled by sigma_init). */
  forwardFixed(eta: Params, zScaled: Buf, out?: Buf): Buf {
    return this.den.forward(eta, zScaled, this.sigma, 0, 0, out);
  }

  /** Back-propagate dL/dx0 through the last `sample` into eta's gradients. */
  backward(eta: Params, dx0: Buf, grads: Buf): void {
    this.den.backward(eta, dx0, grads);
  }

  destroy(): void {
    this.den.destroy();
    this.be.destroyBuffer(this.z);
    this.be.destroyBuffer(this.sigma);
  }
}
