/**
 * A small CNN classifier for 28x28 digits, built from the engine's kernels (NHWC, as the U-Net):
 *
 *   x [B, 28, 28, 1] -> per stage l: conv3x3 c_(l-1)->c_l, ReLU, 2x2 avg-pool (28 -> 14 -> 7 -> 4)
 *     -> flatten -> Dense hidden, ReLU (the penultimate features) -> Dense classes (logits)
 *
 * Parameters in one flat buffer: each stage's conv [9, cin, cout] + [cout], then
 * dense1 W [flat, hidden] + b, dense2 W [hidden, classes] + b. The softmax cross-entropy
 * is taken on the host (`softmaxXent`): ten logits per digit need no kernel of their own.
 */
import type { Backend, Buf } from '../backend';
import { Rng } from '../philox';
import { actBackward, actForward, colSum, matmul } from '../ops';
import { conv3x3BackwardData, conv3x3BackwardWeights, conv3x3Forward, conv3x3Size, pool2Backward, pool2Forward, wgradScratchSize } from './convOps';

export interface ClassifierSpec {
  side: number;
  /** one conv3x3 + ReLU + 2x2 average pool per entry */
  channels: number[];
  hidden: number;
  classes: number;
}

export const MNIST_CLASSIFIER: ClassifierSpec = { side: 28, channels: [16, 32, 64], hidden: 64, classes: 10 };

export interface ClassifierPlan {
  spec: ClassifierSpec;
  /** side before each stage, and after the last pool (sides.length = stages + 1) */
  sides: number[];
  /** offset of each stage's conv block [9, cin, cout] + [cout] */
  convs: number[];
  flat: number;
  w1: number; b1: number; w2: number; b2: number; size: number;
}

export function classifierPlan(spec: ClassifierSpec): ClassifierPlan {
  const sides = [spec.side];
  const convs: number[] = [];
  let off = 0, cin = 1;
  for (const c of spec.channels) {
    convs.push(off);
    off += conv3x3Size(cin, c);
    cin = c;
    sides.push(Math.ceil(sides[sides.length - 1] / 2));
  }
  const last = sides[sides.length - 1];
  const flat = last * last * cin;
  const w1 = off, b1 = w1 + flat * spec.hidden, w2 = b1 + spec.hidden, b2 = w2 + spec.hidden * spec.classes;
  return { spec, sides, convs, flat, w1, b1, w2, b2, size: b2 + spec.classes };
}

/** He-uniform weights for the ReLU layers, U(+-1/sqrt(fan_in)) for the logits, zero biases. */
export function initClassifierWeights(spec: ClassifierSpec, seed: number): Float32Array {
  const p = classifierPlan(spec);
  const w = new Float32Array(p.size);
  const rng = new Rng(seed, 0xc1a5);
  // Rng.uniform(n, a, b) draws a + b u, u in [0, 1)
  const fill = (off: number, n: number, bound: number) => w.set(rng.uniform(n, -bound, 2 * bound), off);
  spec.channels.forEach((c, l) => {
    const cin = l === 0 ? 1 : spec.channels[l - 1];
    fill(p.convs[l], 9 * cin * c, Math.sqrt(6 / (9 * cin)));
  });
  fill(p.w1, p.flat * spec.hidden, Math.sqrt(6 / p.flat));
  fill(p.w2, spec.hidden * spec.classes, 1 / Math.sqrt(spec.hidden));
  return w;
}

interface Stage { cin: number; cout: number; side: number; pre: Buf; act: Buf; pooled: Buf; gPooled: Buf; gAct: Buf }

/** Activations for one batch size; parameters passed per call. */
export class ClassifierWorkspace {
  readonly plan: ClassifierPlan;
  readonly logits: Buf;
  /** penultimate features [B, hidden] (after the ReLU) */
  readonly features: Buf;
  private stages: Stage[];
  private h1pre: Buf; private gh: Buf; private ghp: Buf; private scratch: Buf;
  private bufs: Buf[] = [];
  private x: Buf | null = null;
  private offX = 0;

  constructor(readonly be: Backend, readonly spec: ClassifierSpec, readonly batch: number, label = 'clf') {
    const p = (this.plan = classifierPlan(spec));
    const B = batch;
    const mk = (n: number, l: string) => { const b = be.createBuffer(n, `${label}.${l}`); this.bufs.push(b); return b; };
    let scratch = 0;
    this.stages = spec.channels.map((cout, l) => {
      const cin = l === 0 ? 1 : spec.channels[l - 1], side = p.sides[l], n = B * side * side * cout, np = B * p.sides[l + 1] ** 2 * cout;
      scratch = Math.max(scratch, wgradScratchSize({ B, H: side, W: side }, cin, cout));
      return { cin, cout, side, pre: mk(n, `pre${l}`), act: mk(n, `act${l}`), gAct: mk(n, `gact${l}`), pooled: mk(np, `pool${l}`), gPooled: mk(np, `gpool${l}`) };
    });
    this.h1pre = mk(B * spec.hidden, 'h1pre'); this.features = mk(B * spec.hidden, 'h1'); this.gh = mk(B * spec.hidden, 'gh'); this.ghp = mk(B * spec.hidden, 'ghp');
    this.logits = mk(B * spec.classes, 'logits');
    this.scratch = mk(scratch, 'wscratch');
  }

  /** Logits [B, classes] of images x [B, side * side] (offset offX); features are kept in `features`. */
  forward(params: Buf, x: Buf, offX = 0): Buf {
    const { be, batch: B, spec, plan: p } = this;
    let input = x, offIn = offX;
    this.stages.forEach((st, l) => {
      const sh = { B, H: st.side, W: st.side };
      conv3x3Forward(be, { ...sh, cin: st.cin, cout: st.cout, x: input, offX: offIn, params, offW: p.convs[l], out: st.pre });
      actForward(be, 'relu', st.pre, st.act, st.act.length);
      pool2Forward(be, { ...sh, C: st.cout }, st.act, st.pooled);
      input = st.pooled;
      offIn = 0;
    });
    matmul(be, { a: input, b: params, c: this.features, M: B, N: spec.hidden, K: p.flat, offB: p.w1, bias: params, offBias: p.b1, act: 'relu', pre: this.h1pre });
    matmul(be, { a: this.features, b: params, c: this.logits, M: B, N: spec.classes, K: spec.hidden, offB: p.w2, bias: params, offBias: p.b2 });
    this.x = x;
    this.offX = offX;
    return this.logits;
  }

  /** Parameter gradients (overwritten) of the last forward pass for dL/dlogits. */
  backward(params: Buf, dLogits: Buf, grads: Buf): void {
    if (!this.x) throw new Error('backward before forward');
    const { be, batch: B, spec, plan: p } = this;
    const L = this.stages.length;
    matmul(be, { a: this.features, b: dLogits, c: grads, M: spec.hidden, N: spec.classes, K: B, transA: true, offC: p.w2 });
    colSum(be, dLogits, grads, B, spec.classes, { offOut: p.b2 });
    matmul(be, { a: dLogits, b: params, c: this.gh, M: B, N: spec.hidden, K: spec.classes, transB: true, offB: p.w2 });
    actBackward(be, 'relu', this.h1pre, this.gh, this.ghp, this.gh.length);
    matmul(be, { a: this.stages[L - 1].pooled, b: this.ghp, c: grads, M: p.flat, N: spec.hidden, K: B, transA: true, offC: p.w1 });
    colSum(be, this.ghp, grads, B, spec.hidden, { offOut: p.b1 });
    matmul(be, { a: this.ghp, b: params, c: this.stages[L - 1].gPooled, M: B, N: p.flat, K: spec.hidden, transB: true, offB: p.w1 });
    for (let l = L - 1; l >= 0; l--) {
      const st = this.stages[l], sh = { B, H: st.side, W: st.side };
      pool2Backward(be, { ...sh, C: st.cout }, st.gPooled, st.gAct);
      // the activation is not needed by the backward pass: it receives the pre-activation gradient
      actBackward(be, 'relu', st.pre, st.gAct, st.act, st.act.length);
      const input = l === 0 ? this.x : this.stages[l - 1].pooled;
      conv3x3BackwardWeights(be, { ...sh, cin: st.cin, cout: st.cout, x: input, offX: l === 0 ? this.offX : 0, dy: st.act, grads, offW: p.convs[l], scratch: this.scratch });
      if (l > 0) conv3x3BackwardData(be, { ...sh, cin: st.cin, cout: st.cout, dy: st.act, params, offW: p.convs[l], dx: this.stages[l - 1].gPooled });
    }
  }

  destroy(): void {
    for (const b of this.bufs) this.be.destroyBuffer(b);
  }
}

/**
 * Softmax cross-entropy over rows of logits [n, k] with integer labels: writes the
 * probabilities into `probs` and returns the mean loss; dLogits (when given) gets
 * (p - onehot) / n, the gradient of the mean loss.
 */
export function softmaxXent(logits: Float32Array, labels: ArrayLike<number>, k: number, probs: Float32Array, dLogits?: Float32Array): number {
  const n = labels.length;
  let loss = 0;
  for (let i = 0; i < n; i++) {
    let m = -Infinity;
    for (let j = 0; j < k; j++) m = Math.max(m, logits[i * k + j]);
    let s = 0;
    for (let j = 0; j < k; j++) s += Math.exp(logits[i * k + j] - m);
    for (let j = 0; j < k; j++) {
      const pij = Math.exp(logits[i * k + j] - m) / s;
      probs[i * k + j] = pij;
      if (dLogits) dLogits[i * k + j] = (pij - (j === labels[i] ? 1 : 0)) / n;
    }
    loss += Math.log(s) + m - logits[i * k + labels[i]];
  }
  return loss / n;
}
