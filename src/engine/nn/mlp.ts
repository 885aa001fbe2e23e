/**
 * A multilayer perceptron with explicit forward and backward passes.
 *
 * The architecture (`MlpSpec`) is separate from its weights (`ParamSet`, one flat buffer:
 * per layer W [in, out] row-major then b [out]) and from the activations for a given
 * batch (`MlpWorkspace`). So many parameter sets (a teacher, frozen checkpoints, a fake
 * score, a student) can be evaluated with one preallocated workspace and no copies.
 */
import type { Backend, Buf } from '../backend';
import { type Act, colSum, type FourierSpec, fourierBackward, fourierForward, matmul } from '../ops';
import { Rng } from '../philox';

export interface MlpSpec {
  inDim: number;
  outDim: number;
  hidden: number[];
  act: Act;
  /** Sinusoidal embedding of a per-row scalar concatenated to the input. */
  fourier?: FourierSpec | null;
}

export interface LayerLayout {
  in: number;
  out: number;
  w: number;
  b: number;
}

export function mlpLayout(spec: MlpSpec): { layers: LayerLayout[]; size: number } {
  const dims = [spec.inDim + (spec.fourier ? 2 * spec.fourier.F : 0), ...spec.hidden, spec.outDim];
  const layers: LayerLayout[] = [];
  let off = 0;
  for (let l = 0; l + 1 < dims.length; l++) {
    const w = off;
    off += dims[l] * dims[l + 1];
    layers.push({ in: dims[l], out: dims[l + 1], w, b: off });
    off += dims[l + 1];
  }
  return { layers, size: off };
}

export function validateSpec(spec: MlpSpec): void {
  const ok = (v: number) => Number.isInteger(v) && v > 0 && v <= 65536;
  if (!ok(spec.inDim) || !ok(spec.outDim) || !spec.hidden.every(ok)) throw new Error(`invalid MLP dimensions ${JSON.stringify(spec)}`);
  if (spec.fourier && (!ok(spec.fourier.F) || !(spec.fourier.fmin > 0) || !(spec.fourier.fmax >= spec.fourier.fmin))) throw new Error('invalid Fourier embedding');
}

/** Host-side initial weights: U(-1/sqrt(in), 1/sqrt(in)) for W and b (PyTorch's Linear default). */
export function initMlpWeights(spec: MlpSpec, seed: number, opts: { zeroLast?: boolean } = {}): Float32Array {
  const { layers, size } = mlpLayout(spec);
  const rng = new Rng(seed, 0x1717);
  const out = new Float32Array(size);
  layers.forEach((L, i) => {
    const bound = 1 / Math.sqrt(L.in);
    const last = i === layers.length - 1 && opts.zeroLast;
    const w = rng.uniform(L.in * L.out + L.out, -bound, 2 * bound);
    if (!last) out.set(w, L.w);
  });
  return out;
}

export class ParamSet {
  readonly size: number;
  constructor(readonly be: Backend, readonly spec: MlpSpec, readonly buf: Buf) {
    this.size = mlpLayout(spec).size;
    if (buf.length !== this.size) throw new Error(`parameter buffer has ${buf.length} values, spec needs ${this.size}`);
  }
  static create(be: Backend, spec: MlpSpec, init: Float32Array | null, label = 'params'): ParamSet {
    validateSpec(spec);
    const { size } = mlpLayout(spec);
    const buf = be.createBuffer(size, label);
    if (init) {
      if (init.length !== size) throw new Error(`weights have ${init.length} values, spec needs ${size}`);
      be.write(buf, init);
    }
    return new ParamSet(be, spec, buf);
  }
  clone(label = 'params-copy'): ParamSet {
    const buf = this.be.createBuffer(this.size, label);
    this.be.copy(this.buf, 0, buf, 0, this.size);
    return new ParamSet(this.be, this.spec, buf);
  }
  copyFrom(src: ParamSet): void {
    if (src.size !== this.size) throw new Error('copyFrom: parameter sets differ in size');
    this.be.copy(src.buf, 0, this.buf, 0, this.size);
  }
  read(): Promise<Float32Array> {
    return this.be.read(this.buf);
  }
  destroy(): void {
    this.be.destroyBuffer(this.buf);
  }
}

/** Activations and gradient buffers for one batch size. */
export class MlpWorkspace {
  readonly layers: LayerLayout[];
  readonly emb: Buf | null;
  readonly pre: Buf[] = [];
  readonly out: Buf[] = [];
  /**
   * dL/d out per layer. The same buffers as gPre: the last layer has no activation, and a
   * hidden layer's dL/d out is never materialised (its activation backward is fused into
   * the matmul of the layer above, see backward).
   */
  readonly gOut: Buf[] = [];
  /** dL/d pre-activation per layer (the last layer's is its gOut). */
  readonly gPre: Buf[] = [];
  readonly dIn: Buf;
  readonly dCond: Buf;
  private bufs: Buf[] = [];
  /** Input and condition of the last forward pass (the backward pass needs them). */
  private lastX: Buf | null = null;
  private lastC: Buf | null = null;
  private lastOffX = 0;
  private lastOffC = 0;

  constructor(readonly be: Backend, readonly spec: MlpSpec, readonly batch: number, label = 'mlp') {
    validateSpec(spec);
    this.layers = mlpLayout(spec).layers;
    const mk = (n: number, name: string) => {
      const b = be.createBuffer(n, `${label}.${name}`);
      this.bufs.push(b);
      return b;
    };
    this.emb = spec.fourier ? mk(batch * this.layers[0].in, 'emb') : null;
    this.layers.forEach((L, l) => {
      const last = l === this.layers.length - 1;
      this.out.push(mk(batch * L.out, `out${l}`));
      this.pre.push(last ? this.out[l] : mk(batch * L.out, `pre${l}`));
      this.gPre.push(mk(batch * L.out, `gpre${l}`));
      this.gOut.push(this.gPre[l]);
    });
    this.dIn = mk(batch * spec.inDim, 'din');
    this.dCond = mk(batch, 'dcond');
  }

  /** The network output of the last forward pass, [batch, outDim]. */
  get output(): Buf {
    return this.out[this.out.length - 1];
  }

  /** y = MLP(x [, cond]); x is [batch, inDim] at offX, cond [batch] at offC. */
  forward(params: ParamSet, x: Buf, cond: Buf | null = null, offX = 0, offC = 0): Buf {
    const be = this.be;
    const B = this.batch;
    let input = x;
    let inOff = offX;
    if (this.spec.fourier) {
      if (!cond) throw new Error('this MLP embeds a per-row condition: pass cond');
      fourierForward(be, this.spec.fourier, x, cond, this.emb!, B, this.spec.inDim, offX, offC);
      input = this.emb!;
      inOff = 0;
    }
    this.lastX = x; this.lastC = cond; this.lastOffX = offX; this.lastOffC = offC;
    this.layers.forEach((L, l) => {
      const last = l === this.layers.length - 1;
      matmul(be, {
        a: input, b: params.buf, c: this.out[l], M: B, N: L.out, K: L.in, offA: inOff, offB: L.w,
        bias: params.buf, offBias: L.b, act: last ? 'none' : this.spec.act, pre: last ? undefined : this.pre[l],
      });
      input = this.out[l];
      inOff = 0;
    });
    return this.output;
  }

  /**
   * Back-propagate dy (= dL/dy, [batch, outDim]) through the last forward pass. Parameter
   * gradients are written into `grads` (overwritten, or accumulated with accumulate=true);
   * with inputGrad the gradient w.r.t. x lands in `dIn` (and w.r.t. cond in `dCond`).
   */
  backward(params: ParamSet, dy: Buf, grads: Buf, opts: { inputGrad?: boolean; accumulate?: boolean; offDy?: number } = {}): void {
    const be = this.be;
    const B = this.batch;
    const beta = opts.accumulate ? 1 : 0;
    if (!this.lastX) throw new Error('backward before forward');
    const nl = this.layers.length;
    // dL/d out of the last layer (it has no activation: gPre === gOut there)
    be.copy(dy, opts.offDy ?? 0, this.gOut[nl - 1], 0, B * this.spec.outDim);
    for (let l = nl - 1; l >= 0; l--) {
      const L = this.layers[l];
      // dL/d pre of this layer: the copy above, or the fused matmul of the layer above
      const g = this.gPre[l];
      const input = l > 0 ? this.out[l - 1] : this.emb ?? this.lastX;
      const inOff = l > 0 || this.emb ? 0 : this.lastOffX;
      // dW = in^T g  ([in, B] x [B, out])
      matmul(be, { a: input, b: g, c: grads, M: L.in, N: L.out, K: B, transA: true, offA: inOff, offC: L.w, beta });
      colSum(be, g, grads, B, L.out, { offOut: L.b, beta });
      if (l > 0) {
        // dL/d pre[l-1] = (g W^T) * act'(pre[l-1]): the activation backward fused into the matmul
        matmul(be, { a: g, b: params.buf, c: this.gPre[l - 1], M: B, N: L.in, K: L.out, transB: true, offB: L.w, actGrad: this.spec.act, pre: this.pre[l - 1] });
      } else if (opts.inputGrad) {
        if (this.spec.fourier) {
          const embGrad = this.gPreEmbed();
          matmul(be, { a: g, b: params.buf, c: embGrad, M: B, N: L.in, K: L.out, transB: true, offB: L.w });
          fourierBackward(be, this.spec.fourier, embGrad, this.lastC!, this.dIn, this.dCond, B, this.spec.inDim, this.lastOffC, 0);
        } else {
          matmul(be, { a: g, b: params.buf, c: this.dIn, M: B, N: L.in, K: L.out, transB: true, offB: L.w });
        }
      }
    }
  }

  private embGradBuf: Buf | null = null;
  private gPreEmbed(): Buf {
    if (!this.embGradBuf) {
      this.embGradBuf = this.be.createBuffer(this.batch * this.layers[0].in, 'mlp.embgrad');
      this.bufs.push(this.embGradBuf);
    }
    return this.embGradBuf;
  }

  destroy(): void {
    for (const b of this.bufs) this.be.destroyBuffer(b);
    this.bufs = [];
  }
}
