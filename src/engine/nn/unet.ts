/**
 * Forward and backward passes of the U-Net of unetSpec.ts for one batch size, in the
 * pattern of MlpWorkspace: the parameters are one flat buffer passed to each call, every
 * activation and gradient buffer is allocated once here, and a pass only records kernels.
 *
 * The network is built once as a list of steps, each a forward closure and a backward
 * closure. The backward runs them in reverse; a tensor read by several steps (a skip
 * connection, a residual input) receives its gradient from each of them: the first write
 * of a backward pass overwrites, later ones accumulate (`beta`).
 *
 * x: [batch, side * side * inCh] (NHWC; for one channel this is the flat image), cond:
 * [batch] (c_noise). Output: [batch, side * side * outCh].
 */
import type { Backend, Buf } from '../backend';
import { actBackward, axpby, colSum, fourierForward, matmul } from '../ops';
import * as C from './convOps';
import { type BlockP, type ConvP, type DenseP, type GnP, unetPlan, type UNetPlan, type UNetSpec } from './unetSpec';

interface T {
  buf: Buf;
  off: number;
  grad: Buf | null;
  /** pixels per sample (side^2) and channels */
  side: number;
  c: number;
}
interface Step {
  fwd: (P: Buf) => void;
  /** G: parameter gradients, pb: their beta (0 overwrite, 1 accumulate) */
  bwd: (P: Buf, G: Buf, pb: number) => void;
}

export interface NetBackwardOptions {
  /** also write dL/dx into `dIn` */
  inputGrad?: boolean;
  /** add the parameter gradients onto `grads` instead of overwriting */
  accumulate?: boolean;
  offDy?: number;
}

export class UNetWorkspace {
  readonly plan: UNetPlan;
  readonly output: Buf;
  /** dL/dx of the last backward with inputGrad */
  readonly dIn: Buf;
  private bufs: Buf[] = [];
  private steps: Step[] = [];
  private touched = new Set<Buf>();
  private input: T;
  private cond: { buf: Buf | null; off: number } = { buf: null, off: 0 };
  private out: T;
  private wantDx = false;
  private femb: Buf;
  private cb!: T;
  private wScratch: Buf;
  private gnSums: Buf;
  private forwarded = false;

  constructor(readonly be: Backend, readonly spec: UNetSpec, readonly batch: number, label = 'unet') {
    this.plan = unetPlan(spec);
    const p = this.plan;
    const B = batch;
    let scratch = 1, cmax = 1;
    const noteConv = (c: ConvP, side: number) => { scratch = Math.max(scratch, C.wgradScratchSize({ B, H: side, W: side }, c.cin, c.cout)); };
    noteConv(p.stem, spec.side);
    noteConv(p.head, spec.side);
    for (const b of [...p.enc, ...p.mid, ...p.dec.map((d) => d.block)]) {
      noteConv(b.conv1, b.side); noteConv(b.conv2, b.side); cmax = Math.max(cmax, b.cin, b.cout);
    }
    this.wScratch = this.mk(scratch, `${label}.wscratch`);
    this.gnSums = this.mk(B * 2 * cmax, `${label}.gnsums`);
    this.dIn = this.mk(B * spec.side * spec.side * spec.inCh, `${label}.din`);
    this.input = { buf: this.dIn, off: 0, grad: this.dIn, side: spec.side, c: spec.inCh };
    this.femb = this.mk(B * p.emb[0].in, `${label}.femb`);

    // embedding MLP: femb -> SiLU dense -> SiLU dense -> dense (all block biases)
    let e: T = { buf: this.femb, off: 0, grad: null, side: 1, c: p.emb[0].in };
    this.steps.push({ fwd: () => fourierForward(be, spec.fourier, this.cond.buf!, this.cond.buf!, this.femb, B, 1, this.cond.off, this.cond.off), bwd: () => {} });
    p.emb.forEach((d, i) => { e = this.dense(e, d, 1, i < p.emb.length - 1 ? 'silu' : 'none', `${label}.emb${i}`); });
    this.cb = e;

    let h = this.tensor(spec.side, p.stem.cout, `${label}.stem`);
    this.conv(this.input, h, p.stem, {});
    const skips: T[] = [];
    p.enc.forEach((b, l) => {
      h = this.block(h, b, `${label}.enc${l}`);
      skips.push(h);
      if (l < p.enc.length - 1) h = this.pool(h, p.sides[l + 1], `${label}.pool${l}`);
    });
    p.mid.forEach((b, i) => { h = this.block(h, b, `${label}.mid${i}`); });
    for (const d of p.dec) {
      const u = this.dense(h, d.up, h.side * h.side, 'none', `${label}.up${d.level}`);
      h = this.up(u, skips[d.level], `${label}.cat${d.level}`);
      h = this.block(h, d.block, `${label}.dec${d.level}`);
    }
    const a = this.tensor(spec.side, h.c, `${label}.headact`);
    this.gn(h, a, p.headGn, 'silu', `${label}.headgn`);
    this.out = this.tensor(spec.side, spec.outCh, `${label}.out`);
    this.conv(a, this.out, p.head, {});
    this.output = this.out.buf;
  }

  /** F(x, cond): records the forward pass; returns `output` (overwritten by the next call). */
  forward(params: { buf: Buf }, x: Buf, cond: Buf | null, offX = 0, offC = 0): Buf {
    if (!cond) throw new Error('the U-Net is conditioned on c_noise: pass cond');
    this.input.buf = x;
    this.input.off = offX;
    this.cond = { buf: cond, off: offC };
    for (const s of this.steps) s.fwd(params.buf);
    this.forwarded = true;
    return this.output;
  }

  /** Back-propagate dy = dL/d output of the last forward into `grads` (and dIn with inputGrad). */
  backward(params: { buf: Buf }, dy: Buf, grads: Buf, opts: NetBackwardOptions = {}): void {
    if (!this.forwarded) throw new Error('backward before forward');
    this.touched.clear();
    this.wantDx = !!opts.inputGrad;
    this.be.copy(dy, opts.offDy ?? 0, this.out.grad!, 0, this.out.grad!.length);
    const pb = opts.accumulate ? 1 : 0;
    for (let i = this.steps.length - 1; i >= 0; i--) this.steps[i].bwd(params.buf, grads, pb);
  }

  destroy(): void {
    for (const b of this.bufs) this.be.destroyBuffer(b);
    this.bufs = [];
  }

  // ---- construction helpers -------------------------------------------------------------

  private mk(n: number, name: string): Buf {
    const b = this.be.createBuffer(n, name);
    this.bufs.push(b);
    return b;
  }
  private tensor(side: number, c: number, name: string, withGrad = true): T {
    const n = this.batch * side * side * c;
    return { buf: this.mk(n, name), off: 0, grad: withGrad ? this.mk(n, `${name}.grad`) : null, side, c };
  }
  /** beta for a gradient write into t: 0 the first time in this backward pass, then 1. */
  private beta(t: T): number {
    if (this.touched.has(t.grad!)) return 1;
    this.touched.add(t.grad!);
    return 0;
  }
  /** dst.grad (+)= src.grad */
  private passGrad(src: T, dst: T): void {
    const n = src.grad!.length;
    if (this.beta(dst) === 0) this.be.copy(src.grad!, 0, dst.grad!, 0, n);
    else axpby(this.be, 1, src.grad!, 1, dst.grad!, n);
  }
  private sh(t: T) {
    return { B: this.batch, H: t.side, W: t.side };
  }

  /** y (+)= conv3x3(x) (+ the block's embedding bias at column cb); residual: y already holds the skip. */
  private conv(x: T, y: T, c: ConvP, o: { cb?: number; residual?: boolean }): void {
    const be = this.be;
    const s = this.sh(x);
    const embOut = this.plan.embOut;
    this.steps.push({
      fwd: (P) => C.conv3x3Forward(be, {
        ...s, cin: c.cin, cout: c.cout, x: x.buf, offX: x.off, params: P, offW: c.off,
        cb: o.cb === undefined ? undefined : this.cb.buf, offCb: o.cb, sCb: embOut, out: y.buf, beta: o.residual ? 1 : 0,
      }),
      bwd: (P, G, pb) => {
        C.conv3x3BackwardWeights(be, { ...s, cin: c.cin, cout: c.cout, x: x.buf, offX: x.off, dy: y.grad!, grads: G, offW: c.off, scratch: this.wScratch, beta: pb });
        if (o.cb !== undefined) C.chanSum(be, { B: this.batch, HW: y.side * y.side, C: c.cout, x: y.grad!, out: this.cb.grad!, offOut: o.cb, sOut: embOut });
        if (x === this.input && !this.wantDx) return;
        if (x.grad) C.conv3x3BackwardData(be, { ...s, cin: c.cin, cout: c.cout, dy: y.grad!, params: P, offW: c.off, dx: x.grad, beta: this.beta(x) });
      },
    });
  }

  private gn(x: T, y: T, g: GnP, act: 'none' | 'silu', name: string): void {
    const be = this.be;
    const stats = this.mk(this.batch * g.G * 2, `${name}.stats`);
    const args = { B: this.batch, HW: x.side * x.side, C: g.c, G: g.G, act, x: x.buf, offX: x.off, stats, offG: g.off };
    this.steps.push({
      fwd: (P) => C.groupNormForward(be, { ...args, params: P, out: y.buf }),
      bwd: (P, G, pb) => C.groupNormBackward(be, {
        ...args, params: P, dout: y.grad!, sums: this.gnSums, dx: x.grad, beta: x.grad ? this.beta(x) : 0, grads: G, gradBeta: pb,
      }),
    });
  }

  /** y = act(x W + b) over `rows` rows of x (a 1x1 conv when rows = pixels). */
  private dense(x: T, d: DenseP, pixels: number, act: 'none' | 'silu', name: string): T {
    const be = this.be;
    const rows = this.batch * pixels;
    const side = Math.round(Math.sqrt(pixels));
    const y: T = { buf: this.mk(rows * d.out, name), off: 0, grad: this.mk(rows * d.out, `${name}.grad`), side, c: d.out };
    const pre = act === 'none' ? null : this.mk(rows * d.out, `${name}.pre`);
    const gpre = act === 'none' ? y.grad! : this.mk(rows * d.out, `${name}.gpre`);
    this.steps.push({
      fwd: (P) => matmul(be, {
        a: x.buf, offA: x.off, b: P, offB: d.off, c: y.buf, M: rows, N: d.out, K: d.in,
        bias: P, offBias: d.off + d.in * d.out, act, pre: pre ?? undefined,
      }),
      bwd: (P, G, pb) => {
        if (pre) actBackward(be, act, pre, y.grad!, gpre, rows * d.out);
        matmul(be, { a: x.buf, offA: x.off, b: gpre, c: G, offC: d.off, M: d.in, N: d.out, K: rows, transA: true, beta: pb });
        colSum(be, gpre, G, rows, d.out, { offOut: d.off + d.in * d.out, beta: pb });
        if (x.grad) matmul(be, { a: gpre, b: P, offB: d.off, c: x.grad, M: rows, N: d.in, K: d.out, transB: true, beta: this.beta(x) });
      },
    });
    return y;
  }

  private block(x: T, b: BlockP, name: string): T {
    const a1 = this.tensor(b.side, b.cin, `${name}.a1`);
    const h1 = this.tensor(b.side, b.cout, `${name}.h1`);
    const a2 = this.tensor(b.side, b.cout, `${name}.a2`);
    this.gn(x, a1, b.gn1, 'silu', `${name}.gn1`);
    this.conv(a1, h1, b.conv1, { cb: b.embCol });
    if (b.filmCol === null) this.gn(h1, a2, b.gn2, 'silu', `${name}.gn2`);
    else {
      const n2 = this.tensor(b.side, b.cout, `${name}.n2`);
      this.gn(h1, n2, b.gn2, 'none', `${name}.gn2`);
      this.film(n2, a2, b.filmCol);
    }
    let y: T;
    if (b.proj) {
      y = this.dense(x, b.proj, b.side * b.side, 'none', `${name}.out`);
    } else {
      y = this.tensor(b.side, b.cout, `${name}.out`);
      this.steps.push({ fwd: () => this.be.copy(x.buf, x.off, y.buf, 0, y.buf.length), bwd: () => this.passGrad(y, x) });
    }
    this.conv(a2, y, b.conv2, { residual: true });
    return y;
  }

  /** y = SiLU(x (1 + scale) + shift), the scale and shift from the embedding at column col. */
  private film(x: T, y: T, col: number): void {
    const args = { B: this.batch, HW: x.side * x.side, C: x.c, act: 'silu' as const, x: x.buf, offX: x.off, m: this.cb.buf, offM: col, sM: this.plan.embOut };
    this.steps.push({
      fwd: () => C.filmForward(this.be, { ...args, out: y.buf }),
      bwd: () => C.filmBackward(this.be, { ...args, dout: y.grad!, dx: x.grad!, beta: this.beta(x), dm: this.cb.grad! }),
    });
  }

  private pool(x: T, side: number, name: string): T {
    const y = this.tensor(side, x.c, name);
    const s = { ...this.sh(x), C: x.c };
    this.steps.push({
      fwd: () => C.pool2Forward(this.be, s, x.buf, y.buf, x.off),
      bwd: () => C.pool2Backward(this.be, s, y.grad!, x.grad!, 0, 0, this.beta(x)),
    });
    return y;
  }

  /** nearest 2x of x to the skip's side, plus the skip */
  private up(x: T, skip: T, name: string): T {
    const y = this.tensor(skip.side, x.c, name);
    const s = { ...this.sh(x), C: x.c, Ho: skip.side, Wo: skip.side };
    this.steps.push({
      fwd: () => C.up2Forward(this.be, s, x.buf, y.buf, { skip: skip.buf, offSkip: skip.off, offX: x.off }),
      bwd: () => {
        C.up2Backward(this.be, s, y.grad!, x.grad!, 0, 0, this.beta(x));
        this.passGrad(y, skip);
      },
    });
    return y;
  }
}
