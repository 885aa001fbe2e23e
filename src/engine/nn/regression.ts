/**
 * Supervised regression of an MLP on a data pool that lives on the device: the smallest
 * complete training loop of the engine, used by the end-to-end test and the benchmark.
 *
 * One `step()` records, into one command encoder and one submit:
 *   uniform draw -> gather a minibatch (x, c, y) from the pool -> forward -> weighted MSE
 *   -> loss (mean over the batch) into slot `step` of a device-side loss history ->
 *   backward -> Adam.
 * Nothing is read back in the loop and nothing is allocated after construction; the
 * losses are read once with `readLosses()`.
 */
import type { Backend, Buf } from '../backend';
import { type AdamHyper, fullReduce, gatherRows, randUniform, wmse } from '../ops';
import { Rng } from '../philox';
import { Adam, DEFAULT_ADAM } from './adam';
import { initMlpWeights, type MlpSpec, MlpWorkspace, ParamSet } from './mlp';

export interface RegressionData {
  /** [P, inDim] */
  x: Float32Array;
  /** [P], the per-row condition fed to the Fourier embedding (required iff spec.fourier). */
  c?: Float32Array;
  /** [P, outDim] */
  y: Float32Array;
}

export interface RegressionOptions {
  batch: number;
  /** Seeds the weights and the minibatch stream. */
  seed: number;
  adam?: AdamHyper;
  /** Slots of the loss history (step s writes slot s mod historyLength). */
  historyLength?: number;
}

export class RegressionTrainer {
  readonly params: ParamSet;
  readonly ws: MlpWorkspace;
  readonly adam: Adam;
  readonly history: Buf;
  readonly historyLength: number;
  readonly pool: number;
  steps = 0;
  private readonly rng: Rng;
  private readonly bufs: Buf[] = [];
  private readonly poolX: Buf;
  private readonly poolC: Buf | null;
  private readonly poolY: Buf;
  private readonly u: Buf;
  private readonly xb: Buf;
  private readonly cb: Buf | null;
  private readonly yb: Buf;
  private readonly rows: Buf;
  private readonly dy: Buf;
  private readonly grads: Buf;

  constructor(readonly be: Backend, readonly spec: MlpSpec, data: RegressionData, readonly opts: RegressionOptions) {
    const B = opts.batch;
    const P = data.x.length / spec.inDim;
    if (!Number.isInteger(P) || P < 1 || data.y.length !== P * spec.outDim) throw new Error('RegressionTrainer: x and y disagree on the pool size');
    if (!!spec.fourier !== !!data.c || (data.c && data.c.length !== P)) throw new Error('RegressionTrainer: c must be given (one per row) exactly when the MLP has a Fourier embedding');
    this.pool = P;
    this.historyLength = opts.historyLength ?? 1024;
    this.rng = new Rng(opts.seed, 0xda7a);
    const mk = (n: number, label: string, init?: Float32Array) => {
      const b = be.createBuffer(n, `regression.${label}`);
      if (init) be.write(b, init);
      this.bufs.push(b);
      return b;
    };
    this.poolX = mk(P * spec.inDim, 'poolX', data.x);
    this.poolC = data.c ? mk(P, 'poolC', data.c) : null;
    this.poolY = mk(P * spec.outDim, 'poolY', data.y);
    this.u = mk(B, 'u');
    this.xb = mk(B * spec.inDim, 'x');
    this.cb = data.c ? mk(B, 'c') : null;
    this.yb = mk(B * spec.outDim, 'y');
    this.rows = mk(B, 'rows');
    this.dy = mk(B * spec.outDim, 'dy');
    this.history = mk(this.historyLength, 'lossHistory');
    this.params = ParamSet.create(be, spec, initMlpWeights(spec, opts.seed), 'regression.params');
    this.grads = mk(this.params.size, 'grads');
    this.ws = new MlpWorkspace(be, spec, B, 'regression.mlp');
    this.adam = new Adam(be, this.params.size, opts.adam ?? DEFAULT_ADAM, 'regression.adam');
  }

  /** Record one training step; with submit (the default) it is submitted as one command buffer. */
  step(submit = true): void {
    const { be, spec } = this;
    const B = this.opts.batch;
    randUniform(be, this.rng, this.u, B);
    gatherRows(be, this.poolX, this.pool, spec.inDim, this.u, this.xb, B);
    if (this.poolC && this.cb) gatherRows(be, this.poolC, this.pool, 1, this.u, this.cb, B);
    gatherRows(be, this.poolY, this.pool, spec.outDim, this.u, this.yb, B);
    const out = this.ws.forward(this.params, this.xb, this.cb);
    wmse(be, { y: out, t: this.yb, B, d: spec.outDim }, this.rows, this.dy);
    fullReduce(be, 'mean', this.rows, this.history, B, { offOut: this.steps % this.historyLength });
    this.ws.backward(this.params, this.dy, this.grads);
    this.adam.step(this.params.buf, this.grads);
    this.steps++;
    if (submit) be.flush();
  }

  /** The loss (mean squared error summed over outputs) of each step so far, oldest first. */
  async readLosses(): Promise<Float32Array> {
    const L = this.historyLength;
    const h = await this.be.read(this.history);
    if (this.steps <= L) return h.slice(0, this.steps);
    const start = this.steps % L;
    return Float32Array.from({ length: L }, (_, i) => h[(start + i) % L]);
  }

  destroy(): void {
    this.ws.destroy();
    this.adam.destroy();
    this.params.destroy();
    for (const b of this.bufs) this.be.destroyBuffer(b);
    this.bufs.length = 0;
  }
}

/** A smooth target of (x in [-1, 1]^2, c in [0, 1]): the end-to-end test's and the benchmark's problem. */
export function smoothRegressionData(P: number, seed: number): Required<RegressionData> {
  const rng = new Rng(seed, 0x5eed);
  const x = rng.uniform(2 * P, -1, 2);
  const c = rng.uniform(P);
  const y = new Float32Array(2 * P);
  for (let i = 0; i < P; i++) {
    const [a, b, t] = [x[2 * i], x[2 * i + 1], c[i]];
    y[2 * i] = Math.sin(Math.PI * a) * Math.cos(Math.PI * t) + 0.5 * b;
    y[2 * i + 1] = a * b + t * t - 0.3;
  }
  return { x, c, y };
}
