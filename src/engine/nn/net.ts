/**
 * One interface over the raw networks F(x, c) that the EDM denoiser wraps: the 2-D MLP
 * (mlp.ts) and the MNIST U-Net (unet.ts). A `Net` describes an architecture (sizes,
 * parameter count, initial weights, FLOPs) and makes `NetWorkspace`s, the preallocated
 * activations for one batch size. Parameters are always one flat buffer, so a teacher,
 * its checkpoints, a fake score and a generator of the same Net share one workspace.
 */
import type { Backend, Buf } from '../backend';
import { initMlpWeights, type MlpSpec, MlpWorkspace, mlpLayout, ParamSet, validateSpec } from './mlp';
import { type NetBackwardOptions, UNetWorkspace } from './unet';
import { initUNetWeights, type UNetInitOptions, unetFlops, unetPlan, type UNetSpec } from './unetSpec';

export type { NetBackwardOptions } from './unet';

/** Anything holding a flat parameter buffer (ParamSet, NetParams). */
export interface ParamsLike {
  readonly buf: Buf;
  readonly size: number;
}

export interface NetWorkspace {
  readonly batch: number;
  /** [batch, outDim], written by forward */
  readonly output: Buf;
  /** [batch, inDim], written by backward with inputGrad */
  readonly dIn: Buf;
  forward(params: ParamsLike, x: Buf, cond: Buf | null, offX?: number, offC?: number): Buf;
  backward(params: ParamsLike, dy: Buf, grads: Buf, opts?: NetBackwardOptions): void;
  destroy(): void;
}

export interface Net {
  readonly kind: 'mlp' | 'unet';
  readonly inDim: number;
  readonly outDim: number;
  readonly paramSize: number;
  /** host-side initial weights */
  init(seed: number): Float32Array;
  workspace(be: Backend, batch: number, label?: string): NetWorkspace;
  /** forward FLOPs per sample (a backward costs about twice as much) */
  flopsPerSample(): number;
  /** the architecture, for serialisation */
  readonly spec: MlpSpec | UNetSpec;
}

/** A flat parameter buffer for any Net: the Net-generic twin of mlp.ts's ParamSet. */
export class NetParams implements ParamsLike {
  readonly size: number;
  constructor(readonly be: Backend, readonly net: Net, readonly buf: Buf) {
    this.size = net.paramSize;
    if (buf.length !== this.size) throw new Error(`parameter buffer has ${buf.length} values, the ${net.kind} needs ${this.size}`);
  }
  static create(be: Backend, net: Net, init: Float32Array | null, label = 'params'): NetParams {
    const buf = be.createBuffer(net.paramSize, label);
    if (init) {
      if (init.length !== net.paramSize) throw new Error(`weights have ${init.length} values, the ${net.kind} needs ${net.paramSize}`);
      be.write(buf, init);
    }
    return new NetParams(be, net, buf);
  }
  clone(label = 'params-copy'): NetParams {
    const buf = this.be.createBuffer(this.size, label);
    this.be.copy(this.buf, 0, buf, 0, this.size);
    return new NetParams(this.be, this.net, buf);
  }
  copyFrom(src: ParamsLike): void {
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

class MlpNetWorkspace implements NetWorkspace {
  readonly ws: MlpWorkspace;
  private sets = new WeakMap<Buf, ParamSet>();
  constructor(private readonly be: Backend, private readonly spec: MlpSpec, readonly batch: number, label: string) {
    this.ws = new MlpWorkspace(be, spec, batch, label);
  }
  private ps(p: ParamsLike): ParamSet {
    if (p instanceof ParamSet) return p;
    let s = this.sets.get(p.buf);
    if (!s) this.sets.set(p.buf, (s = new ParamSet(this.be, this.spec, p.buf)));
    return s;
  }
  get output(): Buf { return this.ws.output; }
  get dIn(): Buf { return this.ws.dIn; }
  forward(params: ParamsLike, x: Buf, cond: Buf | null, offX = 0, offC = 0): Buf {
    return this.ws.forward(this.ps(params), x, cond, offX, offC);
  }
  backward(params: ParamsLike, dy: Buf, grads: Buf, opts: NetBackwardOptions = {}): void {
    this.ws.backward(this.ps(params), dy, grads, opts);
  }
  destroy(): void { this.ws.destroy(); }
}

export function mlpNet(spec: MlpSpec, initOpts: { zeroLast?: boolean } = {}): Net {
  validateSpec(spec);
  const { layers, size } = mlpLayout(spec);
  return {
    kind: 'mlp', spec, inDim: spec.inDim, outDim: spec.outDim, paramSize: size,
    init: (seed) => initMlpWeights(spec, seed, initOpts),
    workspace: (be, batch, label = 'mlp') => new MlpNetWorkspace(be, spec, batch, label),
    flopsPerSample: () => layers.reduce((a, L) => a + 2 * L.in * L.out, 0),
  };
}

class UNetNetWorkspace extends UNetWorkspace implements NetWorkspace {}

export function unetNet(spec: UNetSpec, initOpts: UNetInitOptions = {}): Net {
  const plan = unetPlan(spec);
  const px = spec.side * spec.side;
  return {
    kind: 'unet', spec, inDim: px * spec.inCh, outDim: px * spec.outCh, paramSize: plan.size,
    init: (seed) => initUNetWeights(spec, seed, initOpts),
    workspace: (be, batch, label = 'unet') => new UNetNetWorkspace(be, spec, batch, label),
    flopsPerSample: () => unetFlops(spec).total,
  };
}
