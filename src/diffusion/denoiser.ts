/**
 * The EDM denoiser D(x, sigma) = c_skip x + c_out F(c_in x, c_noise) around the engine's
 * MLP (Fourier embedding of c_noise concatenated to c_in x). One workspace per batch size
 * evaluates any parameter set of the same architecture.
 */
import type { Backend, Buf } from '../engine/backend';
import { groups1d } from '../engine/kernel';
import { MlpWorkspace, type MlpSpec, ParamSet, initMlpWeights } from '../engine/nn/mlp';
import type { Act, FourierSpec } from '../engine/ops';
import type { EdmConfig } from './edm';
import { edmInKernel, edmOutBwdKernel, edmOutKernel } from './kernels/edm';

export interface DenoiserSpec {
  dim: number;
  hidden: number[];
  act: Act;
  fourier: FourierSpec;
  edm: EdmConfig;
}

/** SPEC "Practical notes": low Fourier frequencies (about 0.25..8) make good 2-D teachers. */
export function default2dSpec(sigmaData: number, dim = 2, width = 128, depth = 3): DenoiserSpec {
  return {
    dim,
    hidden: Array.from({ length: depth }, () => width),
    act: 'silu',
    fourier: { F: 8, fmin: 0.25, fmax: 8 },
    edm: { sigmaData, sigmaMin: 0.002, sigmaMax: 20, pMean: -1.2, pStd: 1.2, rho: 7 },
  };
}

export function mlpSpecOf(s: DenoiserSpec): MlpSpec {
  return { inDim: s.dim, outDim: s.dim, hidden: s.hidden, act: s.act, fourier: s.fourier };
}

export function createDenoiserParams(be: Backend, s: DenoiserSpec, seed: number, label = 'denoiser'): ParamSet {
  return ParamSet.create(be, mlpSpecOf(s), initMlpWeights(mlpSpecOf(s), seed, { zeroLast: false }), label);
}

export class DenoiserWorkspace {
  readonly mlp: MlpWorkspace;
  readonly xin: Buf;
  readonly cnoise: Buf;
  readonly D: Buf;
  readonly dF: Buf;
  private lastSigma: Buf | null = null;
  private lastOffS = 0;

  constructor(readonly be: Backend, readonly spec: DenoiserSpec, readonly batch: number, label = 'den') {
    this.mlp = new MlpWorkspace(be, mlpSpecOf(spec), batch, label);
    const n = batch * spec.dim;
    this.xin = be.createBuffer(n, `${label}.xin`);
    this.cnoise = be.createBuffer(batch, `${label}.cnoise`);
    this.D = be.createBuffer(n, `${label}.D`);
    this.dF = be.createBuffer(n, `${label}.dF`);
  }

  /** D(x, sigma) for the whole batch; sigma is per row. Returns the D buffer (overwritten next call). */
  forward(params: ParamSet, x: Buf, sigma: Buf, offX = 0, offS = 0, out: Buf = this.D): Buf {
    const { be, batch: B } = this;
    const d = this.spec.dim;
    const sd = this.spec.edm.sigmaData;
    be.run(edmInKernel, { B, d, sd, offX, offS }, [x, sigma, this.xin, this.cnoise], groups1d(B * d));
    const F = this.mlp.forward(params, this.xin, this.cnoise);
    be.run(edmOutKernel, { B, d, sd, offX, offS }, [x, sigma, F, out], groups1d(B * d));
    this.lastSigma = sigma;
    this.lastOffS = offS;
    return out;
  }

  /** Back-propagate dL/dD of the last forward pass into parameter gradients (x held fixed). */
  backward(params: ParamSet, dD: Buf, grads: Buf, opts: { accumulate?: boolean; offDD?: number } = {}): void {
    if (!this.lastSigma) throw new Error('backward before forward');
    const B = this.batch;
    const d = this.spec.dim;
    this.be.run(edmOutBwdKernel, { B, d, sd: this.spec.edm.sigmaData, offS: this.lastOffS, offDD: opts.offDD ?? 0 }, [this.lastSigma, dD, this.dF], groups1d(B * d));
    this.mlp.backward(params, this.dF, grads, { accumulate: opts.accumulate });
  }

  /** Back-propagate a gradient already taken w.r.t. the raw network output F. */
  backwardRaw(params: ParamSet, dF: Buf, grads: Buf): void {
    this.mlp.backward(params, dF, grads);
  }

  destroy(): void {
    this.mlp.destroy();
    for (const b of [this.xin, this.cnoise, this.D, this.dF]) this.be.destroyBuffer(b);
  }
}
