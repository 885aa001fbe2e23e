/**
 * A denoising-score-matching step for any `Net` (the U-Net included), built from the same
 * EDM kernels as src/diffusion/dsm.ts: the test / benchmark harness for the MNIST
 * architecture until src/diffusion's DenoiserWorkspace wraps a `Net` (docs/mnist.md).
 * Per step: sigma ~ logN(pMean, pStd^2), x = x0 + sigma eps, D = c_skip x + c_out F(c_in x,
 * c_noise), loss = mean lambda ||D - x0||^2, backward into F's parameters, Adam.
 */
import { addNoiseKernel, dsmGradKernel, edmInKernel, edmOutKernel, sigmaLognormalKernel } from '../../src/diffusion/kernels/edm';
import type { Backend, Buf } from '../../src/engine/backend';
import { groups1d } from '../../src/engine/kernel';
import type { Adam } from '../../src/engine/nn/adam';
import type { Net, NetWorkspace, ParamsLike } from '../../src/engine/nn/net';
import { fullReduce, randNormal } from '../../src/engine/ops';
import { Rng } from '../../src/engine/philox';

export interface EdmParams { sigmaData: number; pMean: number; pStd: number }

export class NetDsmStep {
  readonly ws: NetWorkspace;
  readonly d: number;
  private bufs: Buf[] = [];
  readonly sigma: Buf; readonly eps: Buf; readonly x: Buf; readonly xin: Buf; readonly cnoise: Buf; readonly D: Buf; readonly dF: Buf; readonly rows: Buf; readonly grads: Buf;

  constructor(readonly be: Backend, readonly net: Net, readonly edm: EdmParams, readonly batch: number) {
    this.ws = net.workspace(be, batch, 'dsm');
    this.d = net.inDim;
    const mk = (n: number, l: string) => { const b = be.createBuffer(n, `dsm.${l}`); this.bufs.push(b); return b; };
    const n = batch * this.d;
    this.sigma = mk(batch, 'sigma'); this.eps = mk(n, 'eps'); this.x = mk(n, 'x'); this.xin = mk(n, 'xin'); this.cnoise = mk(batch, 'cnoise');
    this.D = mk(n, 'D'); this.dF = mk(n, 'dF'); this.rows = mk(batch, 'rows'); this.grads = mk(net.paramSize, 'grads');
  }

  /** One update of params on clean x0 [batch, d]; the batch loss goes to lossOut[lossOff]. */
  run(params: ParamsLike, adam: Adam, rng: Rng, x0: Buf, lossOut?: Buf, lossOff = 0): void {
    const { be, batch: B, d, edm } = this;
    const sd = edm.sigmaData;
    randNormal(be, rng, this.sigma, B);
    be.run(sigmaLognormalKernel, { B, pMean: edm.pMean, pStd: edm.pStd, lo: 0.002, hi: 80 }, [this.sigma], groups1d(B));
    randNormal(be, rng, this.eps, B * d);
    be.run(addNoiseKernel, { B, d, offX0: 0 }, [x0, this.sigma, this.eps, this.x], groups1d(B * d));
    be.run(edmInKernel, { B, d, sd, offX: 0, offS: 0 }, [this.x, this.sigma, this.xin, this.cnoise], groups1d(B * d));
    const F = this.ws.forward(params, this.xin, this.cnoise);
    be.run(edmOutKernel, { B, d, sd, offX: 0, offS: 0 }, [this.x, this.sigma, F, this.D], groups1d(B * d));
    be.run(dsmGradKernel, { B, d, sd, offX0: 0 }, [this.D, x0, this.sigma, this.dF, this.rows], groups1d(B));
    this.ws.backward(params, this.dF, this.grads);
    adam.step(params.buf, this.grads);
    if (lossOut) fullReduce(be, 'mean', this.rows, lossOut, B, { offOut: lossOff });
  }

  destroy(): void {
    this.ws.destroy();
    for (const b of this.bufs) this.be.destroyBuffer(b);
  }
}

/**
 * Held-out denoising error at fixed noise levels: for each sigma, mean over pixels and
 * digits of (D(x0 + sigma eps, sigma) - x0)^2, with eps drawn on the host from `seed`
 * (the same noise for every network compared). x0: [n, d] host rows, n a multiple of batch.
 */
export async function heldoutMse(dsm: NetDsmStep, params: ParamsLike, x0: Float32Array, sigmas: readonly number[], seed = 99): Promise<number[]> {
  const { be, batch: B, d } = dsm;
  const n = x0.length / d;
  const out: number[] = [];
  for (const s of sigmas) {
    const rng = new Rng(seed, Math.round(s * 1e4));
    be.write(dsm.sigma, new Float32Array(B).fill(s)); // one noise level for every batch
    let acc = 0;
    for (let r = 0; r + B <= n; r += B) {
      const clean = x0.subarray(r * d, (r + B) * d);
      const noisy = rng.normal(B * d, 0, s);
      for (let i = 0; i < noisy.length; i++) noisy[i] += clean[i];
      be.write(dsm.x, noisy);
      be.run(edmInKernel, { B, d, sd: dsm.edm.sigmaData, offX: 0, offS: 0 }, [dsm.x, dsm.sigma, dsm.xin, dsm.cnoise], groups1d(B * d));
      const F = dsm.ws.forward(params, dsm.xin, dsm.cnoise);
      be.run(edmOutKernel, { B, d, sd: dsm.edm.sigmaData, offX: 0, offS: 0 }, [dsm.x, dsm.sigma, F, dsm.D], groups1d(B * d));
      const D = await be.read(dsm.D);
      for (let i = 0; i < D.length; i++) acc += (D[i] - clean[i]) ** 2;
    }
    out.push(acc / (Math.floor(n / B) * B * d));
  }
  return out;
}
