import type { Backend, Buf } from '../backend';
import { type AdamHyper, adamStep, fill } from '../ops';

export const DEFAULT_ADAM: AdamHyper = { lr: 1e-3, beta1: 0.9, beta2: 0.999, eps: 1e-8 };

/** Adam state (first and second moments, step count) for one flat parameter buffer. */
export class Adam {
  readonly m: Buf;
  readonly v: Buf;
  t = 0;
  constructor(readonly be: Backend, readonly size: number, public hyper: AdamHyper = DEFAULT_ADAM, label = 'adam') {
    this.m = be.createBuffer(size, `${label}.m`);
    this.v = be.createBuffer(size, `${label}.v`);
    fill(be, this.m, 0);
    fill(be, this.v, 0);
  }
  step(params: Buf, grads: Buf, gscale = 1): void {
    this.t++;
    adamStep(this.be, this.hyper, this.t, params, grads, this.m, this.v, gscale);
  }
  reset(): void {
    this.t = 0;
    fill(this.be, this.m, 0);
    fill(this.be, this.v, 0);
  }
  destroy(): void {
    this.be.destroyBuffer(this.m);
    this.be.destroyBuffer(this.v);
  }
}
