/**
 * The EDM denoiser D(x, sigma) = c_skip x + c_out F(c_in x, c_noise) around the engine's
 * MLP (Fourier embedding of c_noise concatenated to c_in x). One workspace per batch size
 * evaluates any parameter set of the same architecture.
 */
import type { Backend, Buf } from '../engine/backend';
import { groups1d } from '../engine/kernel';
import { type MlpSpec, ParamSet } from '../engine/nn/mlp';
import { mlpNet, type Net, NetParams, type NetWorkspace, unetNet } from '../engine/nn/net';
import type { UNetSpec } from '../engine/nn/unetSpec';
import type { Act, FourierSpec } from '../engine/ops';
import type { EdmConfig } from './edm';
import { edmInKernel, edmOutBwdKernel, edmOutKernel } from './kernels/edm';

export interface DenoiserSpec {
  dim: number;
  hidden: number[];
  act: Act;
  fourier: FourierSpec;
  edm: EdmConfig;
  /** MNIST: the raw network F is this U-Net instead of the MLP described above. */
  unet?: UNetSpec;
}

/** A flat parameter set of a denoiser's network (MLP: ParamSet, U-Net: NetParams). */
export type Params = ParamSet | NetParams;

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

const nets = new WeakMap<DenoiserSpec, Net>();
/** The raw network F of a denoiser spec (memoised per spec object). */
export function netOf(s: DenoiserSpec): Net {
  let n = nets.get(s);
  if (!n) nets.set(s, (n = s.unet ? unetNet(s.unet) : mlpNet(mlpSpecOf(s))));
  return n;
}

/** Parameters for the spec's network from given weights (validated against its size). */
export function createParams(be: Backend, s: DenoiserSpec, weights: Float32Array | null, label = 'denoiser'): Params {
  return s.unet ? NetParams.create(be, netOf(s), weights, label) : ParamSet.create(be, mlpSpecOf(s), weights, label);
}

export function createDenoiserParams(be: Backend, s: DenoiserSpec, seed: number, label = 'denoiser'): Params {
  return createParams(be, s, netOf(s).init(seed), label);
}

export class DenoiserWorkspace {
  readonly net: NetWorkspace;
  readonly xin: Buf;
  readonly cnoise: Buf;
  readonly D: Buf;
  readonly dF: Buf;
  private lastSigma: Buf | null = null;
  private lastOffS = 0;

  constructor(readonly be: Backend, readonly spec: DenoiserSpec, readonly batch: number, label = 'den') {
    this.net = netOf(spec).workspace(be, batch, label);
    const n = batch * spec.dim;
    this.xin = be.createBuffer(n, `${label}.xin`);
    this.cnoise = be.createBuffer(batch, `${label}.cnoise`);
    this.D = be.createBuffer(n, `${label}.D`);
    this.dF = be.createBuffer(n, `${label}.dF`);
  }

  /** D(x, sigma) for the whole batch; sigma is per row. Returns the D buffer (overwritten next call). */
  forward(params: Params, x: Buf, sigma: Buf, offX = 0, offS = 0, out: Buf = this.D): Buf {
    const { be, batch: B } = this;
    const d = this.spec.dim;
    const sd = this.spec.edm.sigmaData;
    be.run(edmInKernel, { B, d, sd, offX, offS }, [x, sigma, this.xin, this.cnoise], groups1d(B * d));
    const F = this.net.forward(params, this.xin, this.cnoise);
    be.run(edmOutKernel, { B, d, sd, offX, offS }, [x, sigma, F, out], groups1d(B * d));
    this.lastSigma = sigma;
    this.lastOffS = offS;
    return out;
  }

  /** Back-propagate dL/dD of the last forward pass into parameter gradients (x held fixed). */
  backward(params: Params, dD: Buf, grads: Buf, opts: { accumulate?: boolean; offDD?: number } = {}): void {
    if (!this.lastSigma) throw new Error('backward before forward');
    const B = this.batch;
    const d = this.spec.dim;
    this.be.run(edmOutBwdKernel, { B, d, sd: this.spec.edm.sigmaData, offS: this.lastOffS, offDD: opts.offDD ?? 0 }, [this.lastSigma, dD, this.dF], groups1d(B * d));
    this.net.backward(params, this.dF, grads, { accumulate: opts.accumulate });
  }

  /** Back-propagate a gradient already taken w.r.t. the raw network output F. */
  backwardRaw(params: Params, dF: Buf, grads: Buf): void {
    this.net.backward(params, dF, grads);
  }

  destroy(): void {
    this.net.destroy();
    for (const b of [this.xin, this.cnoise, this.D, this.dF]) this.be.destroyBuffer(b);
  }
}
