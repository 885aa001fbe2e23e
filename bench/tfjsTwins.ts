/**
 * TF.js 4.22 twins of the engine's workloads, for the benchmark only (never imported by src/
 * or workers/). Same maths as the engine, written the way a TF.js user would: tf.variable,
 * tf.fused.matMul / conv2d, optimizer.minimize with tf.train.adam.
 *
 *   - denoiser: EDM preconditioning (src/diffusion/edm.ts) around the MLP of
 *     src/engine/nn/mlp.ts (Fourier embedding of c_noise concatenated to c_in x, SiLU);
 *     loss = mean_i lambda(sigma_i) ||D(x0 + sigma eps, sigma) - x0||^2 (src/diffusion/dsm.ts).
 *   - distillation: one vanilla DMD iteration of src/distill/racer.ts (K_fake = 1).
 *   - U-Net: the network of src/engine/nn/unet.ts (group norm from tf.moments, 2x2 average
 *     pooling, nearest up-sampling) from the same flat parameter buffer.
 *
 * Weights come from the engine's flat layouts (mlpLayout, unetPlan), so a twin starts from
 * exactly the engine's parameters (tests/bench/tfjsTwins.test.ts checks losses and gradients).
 */
import * as tf from '@tensorflow/tfjs-core';
import type { DenoiserSpec } from '../src/diffusion/denoiser';
import { mlpLayout, type MlpSpec } from '../src/engine/nn/mlp';
import { type BlockP, type ConvP, type DenseP, type GnP, unetPlan, type UNetPlan, type UNetSpec } from '../src/engine/nn/unetSpec';

const TAU = 6.283185307179586;
const f32 = Math.fround;

/** The Fourier frequencies exactly as fourier.wgsl builds them (fmin times ratio k times, in f32). */
export function fourierFreqs(F: number, fmin: number, fmax: number): Float32Array {
  const ratio = F <= 1 ? 1 : f32(Math.pow(fmax / fmin, 1 / (F - 1)));
  const out = new Float32Array(F);
  let f = f32(fmin);
  for (let k = 0; k < F; k++) {
    out[k] = f;
    f = f32(f * ratio);
  }
  return out;
}

const silu = (x: tf.Tensor): tf.Tensor => tf.mul(x, tf.sigmoid(x));

/** [B, 2F]: cos(2 pi f_k c), sin(2 pi f_k c) for c [B, 1]. */
function fourierEmbed(c: tf.Tensor, freqs: tf.Tensor): tf.Tensor {
  const a = tf.mul(tf.mul(c, freqs), TAU);
  return tf.concat([tf.cos(a), tf.sin(a)], 1);
}

// ---- networks -----------------------------------------------------------------------------

export interface TfNet {
  /** F(xin [B, d], cnoise [B, 1]) -> [B, d] */
  apply(xin: tf.Tensor, cnoise: tf.Tensor): tf.Tensor;
  vars: tf.Variable[];
  dispose(): void;
}

/** The engine's MLP (mlp.ts) with weights from its flat buffer: [in, out] row-major W then b per layer. */
export function tfMlp(spec: MlpSpec, flat: Float32Array, trainable = true): TfNet {
  const { layers } = mlpLayout(spec);
  const W = layers.map((L) => tf.variable(tf.tensor2d(flat.slice(L.w, L.w + L.in * L.out), [L.in, L.out]), trainable));
  const b = layers.map((L) => tf.variable(tf.tensor1d(flat.slice(L.b, L.b + L.out)), trainable));
  const freqs = spec.fourier ? tf.keep(tf.tensor2d(fourierFreqs(spec.fourier.F, spec.fourier.fmin, spec.fourier.fmax), [1, spec.fourier.F])) : null;
  return {
    vars: layers.flatMap((_, l) => [W[l], b[l]]),
    apply(x, c) {
      let h = freqs ? tf.concat([x, fourierEmbed(c, freqs)], 1) : x;
      layers.forEach((_, l) => {
        h = tf.fused.matMul({ a: h, b: W[l], bias: b[l] });
        if (l < layers.length - 1) h = spec.act === 'silu' ? silu(h) : spec.act === 'relu' ? tf.relu(h) : h;
      });
      return h;
    },
    dispose() {
      for (const v of [...W, ...b]) v.dispose();
      freqs?.dispose();
    },
  };
}

/**
 * The engine's U-Net (unet.ts, unetSpec.ts) with weights from its flat buffer. 3x3 convs
 * are tf.fused.conv2d ('same', bias) where the backend has Conv2DBackpropFilter (webgpu,
 * cpu); the wasm backend has no filter gradient, so there they are an im2col: the 9 shifted
 * windows of the zero-padded input concatenated along channels, times the [9 cin, cout]
 * matrix (the same products; the layout of the engine's [9, cin, cout] block).
 */
export function tfUNet(spec: UNetSpec, flat: Float32Array, trainable = true, opts: { im2col?: boolean } = {}): TfNet {
  const p: UNetPlan = unetPlan(spec);
  const vars: tf.Variable[] = [];
  const v = (off: number, shape: number[]) => {
    const n = shape.reduce((a, b) => a * b, 1);
    const t = tf.variable(tf.tensor(flat.slice(off, off + n), shape), trainable);
    vars.push(t);
    return t;
  };
  const im2col = opts.im2col ?? !tf.getKernel('Conv2DBackpropFilter', tf.getBackend());
  const denseV = (d: DenseP) => ({ W: v(d.off, [d.in, d.out]), b: v(d.off + d.in * d.out, [d.out]) });
  const convV = (c: ConvP) => ({ c, W: v(c.off, [3, 3, c.cin, c.cout]), b: v(c.off + 9 * c.cin * c.cout, [c.cout]) });
  const gnV = (g: GnP) => ({ g, gamma: v(g.off, [g.c]), beta: v(g.off + g.c, [g.c]) });
  type Dense = ReturnType<typeof denseV>;
  type Conv = ReturnType<typeof convV>;
  type Gn = ReturnType<typeof gnV>;
  const blockV = (b: BlockP) => ({ b, gn1: gnV(b.gn1), conv1: convV(b.conv1), gn2: gnV(b.gn2), conv2: convV(b.conv2), proj: b.proj ? denseV(b.proj) : null });
  // created in the plan's order (any order would do: each reads its own offsets)
  const emb = p.emb.map(denseV);
  const stem = convV(p.stem);
  const enc = p.enc.map(blockV);
  const mid = p.mid.map(blockV);
  const dec = p.dec.map((d) => ({ level: d.level, up: denseV(d.up), block: blockV(d.block) }));
  const headGn = gnV(p.headGn);
  const head = convV(p.head);
  const freqs = tf.keep(tf.tensor2d(fourierFreqs(spec.fourier.F, spec.fourier.fmin, spec.fourier.fmax), [1, spec.fourier.F]));

  const dense = (x: tf.Tensor, d: Dense, act: boolean): tf.Tensor => {
    const shape = x.shape;
    const y = tf.fused.matMul({ a: tf.reshape(x, [-1, shape[shape.length - 1]]), b: d.W, bias: d.b });
    const out = shape.length === 2 ? y : tf.reshape(y, [...shape.slice(0, -1), d.W.shape[1] as number]);
    return act ? silu(out) : out;
  };
  const conv = (x: tf.Tensor4D, k: Conv): tf.Tensor4D => {
    if (!im2col) return tf.fused.conv2d({ x, filter: k.W as unknown as tf.Tensor4D, strides: 1, pad: 'same', bias: k.b });
    const [B, H, Wd, C] = x.shape;
    const xp = tf.pad(x, [[0, 0], [1, 1], [1, 1], [0, 0]]);
    const cols: tf.Tensor[] = [];
    for (let ky = 0; ky < 3; ky++) for (let kx = 0; kx < 3; kx++) cols.push(tf.slice(xp, [0, ky, kx, 0], [B, H, Wd, C]));
    const a = tf.reshape(tf.concat(cols, 3), [B * H * Wd, 9 * C]);
    const y = tf.fused.matMul({ a, b: tf.reshape(k.W, [9 * C, k.c.cout]), bias: k.b });
    return tf.reshape(y, [B, H, Wd, k.c.cout]);
  };
  const gn = (x: tf.Tensor4D, g: Gn, act: boolean): tf.Tensor4D => {
    const [B, H, Wd, C] = x.shape;
    const G = g.g.G;
    const xr = tf.reshape(x, [B, H, Wd, G, C / G]);
    const { mean, variance } = tf.moments(xr, [1, 2, 4], true);
    const xh = tf.reshape(tf.mul(tf.sub(xr, mean), tf.rsqrt(tf.add(variance, 1e-5))), [B, H, Wd, C]);
    const y = tf.add(tf.mul(xh, g.gamma), g.beta) as tf.Tensor4D;
    return act ? (silu(y) as tf.Tensor4D) : y;
  };
  const block = (x: tf.Tensor4D, k: ReturnType<typeof blockV>, cb: tf.Tensor): tf.Tensor4D => {
    const B = x.shape[0];
    const a1 = gn(x, k.gn1, true);
    const bias = tf.reshape(tf.slice(cb, [0, k.b.embCol], [B, k.b.cout]), [B, 1, 1, k.b.cout]);
    const h1 = tf.add(conv(a1, k.conv1), bias) as tf.Tensor4D;
    const a2 = gn(h1, k.gn2, true);
    const skip = k.proj ? (dense(x, k.proj, false) as tf.Tensor4D) : x;
    return tf.add(conv(a2, k.conv2), skip) as tf.Tensor4D;
  };
  /** 2x2 average pool (even sides here; the engine also handles odd ones) as a reshape and a mean. */
  const pool = (x: tf.Tensor4D): tf.Tensor4D => {
    const [B, H, Wd, C] = x.shape;
    if (H % 2 || Wd % 2) throw new Error('tfUNet: odd sides are not supported by this twin');
    return tf.mean(tf.reshape(x, [B, H / 2, 2, Wd / 2, 2, C]), [2, 4]) as tf.Tensor4D;
  };
  /** nearest 2x up-sampling as a broadcast (its gradient is a sum on every backend) */
  const up = (x: tf.Tensor4D, side: number): tf.Tensor4D => {
    const [B, h, w, C] = x.shape;
    if (2 * h !== side) throw new Error('tfUNet: odd sides are not supported by this twin');
    return tf.reshape(tf.mul(tf.reshape(x, [B, h, 1, w, 1, C]), tf.ones([1, 1, 2, 1, 2, 1])), [B, side, side, C]);
  };

  return {
    vars,
    apply(xin, cnoise) {
      const B = xin.shape[0];
      const e0 = tf.concat([cnoise, fourierEmbed(cnoise, freqs)], 1);
      const cb = dense(dense(dense(e0, emb[0], true), emb[1], true), emb[2], false);
      let h = conv(tf.reshape(xin, [B, spec.side, spec.side, spec.inCh]), stem);
      const skips: tf.Tensor4D[] = [];
      enc.forEach((k, l) => {
        h = block(h, k, cb);
        skips.push(h);
        if (l < enc.length - 1) h = pool(h);
      });
      for (const k of mid) h = block(h, k, cb);
      for (const d of dec) {
        const u = dense(h, d.up, false) as tf.Tensor4D;
        h = tf.add(up(u, p.sides[d.level]), skips[d.level]) as tf.Tensor4D;
        h = block(h, d.block, cb);
      }
      const out = conv(gn(h, headGn, true), head);
      return tf.reshape(out, [B, spec.side * spec.side * spec.outCh]);
    },
    dispose() {
      for (const t of vars) t.dispose();
      freqs.dispose();
    },
  };
}

// ---- EDM denoiser and DSM -----------------------------------------------------------------

/** D(x, sigma) = c_skip x + c_out F(c_in x, c_noise); sigma [B, 1]. */
export function denoise(net: TfNet, sd: number, x: tf.Tensor, sigma: tf.Tensor): tf.Tensor {
  const s2 = tf.square(sigma);
  const tot = tf.add(s2, sd * sd);
  const cin = tf.rsqrt(tot);
  const cskip = tf.div(sd * sd, tot);
  const cout = tf.mul(tf.mul(sigma, sd), cin);
  const cnoise = tf.mul(tf.log(sigma), 0.25);
  const F = net.apply(tf.mul(x, cin), cnoise);
  return tf.add(tf.mul(cskip, x), tf.mul(cout, F));
}

/** The noise of one DSM step: n ~ N(0, 1) for sigma = clamp(exp(pMean + pStd n), lo, hi) and eps ~ N(0, I). */
export interface DsmNoise {
  /** [B, 1] standard normal, mapped to sigma here */
  n: tf.Tensor;
  /** [B, d] */
  eps: tf.Tensor;
}

export function sampleSigma(spec: DenoiserSpec, n: tf.Tensor, range?: { lo: number; hi: number }): tf.Tensor {
  const e = spec.edm;
  return tf.clipByValue(tf.exp(tf.add(tf.mul(n, e.pStd), e.pMean)), range?.lo ?? 1e-6, range?.hi ?? 1e6);
}

export function drawNoise(B: number, d: number): DsmNoise {
  return { n: tf.randomNormal([B, 1]), eps: tf.randomNormal([B, d]) };
}

/** mean_i lambda(sigma_i) ||D(x0 + sigma eps, sigma) - x0||^2 (the loss of src/diffusion/dsm.ts). */
export function dsmLoss(spec: DenoiserSpec, net: TfNet, x0: tf.Tensor, noise: DsmNoise, range?: { lo: number; hi: number }): tf.Scalar {
  const sd = spec.edm.sigmaData;
  const sigma = sampleSigma(spec, noise.n, range);
  const x = tf.add(x0, tf.mul(sigma, noise.eps));
  const D = denoise(net, sd, x, sigma);
  const lw = tf.div(tf.add(tf.square(sigma), sd * sd), tf.square(tf.mul(sigma, sd)));
  const rows = tf.mul(lw, tf.sum(tf.squaredDifference(D, x0), 1, true));
  return tf.mean(rows) as tf.Scalar;
}

export function netFor(spec: DenoiserSpec, flat: Float32Array, trainable = true, opts: { im2col?: boolean } = {}): TfNet {
  if (spec.unet) return tfUNet(spec.unet, flat, trainable, opts);
  return tfMlp({ inDim: spec.dim, outDim: spec.dim, hidden: spec.hidden, act: spec.act, fourier: spec.fourier }, flat, trainable);
}

/** One DSM training step (denoiser or U-Net): sample noise, loss, gradients, Adam. */
export class TfDsmTrainer {
  readonly net: TfNet;
  readonly opt: tf.AdamOptimizer;
  constructor(readonly spec: DenoiserSpec, flat: Float32Array, readonly x0: tf.Tensor, adam: { lr: number; beta1: number; beta2: number; eps: number }, opts: { im2col?: boolean } = {}) {
    this.net = netFor(spec, flat, true, opts);
    this.opt = tf.train.adam(adam.lr, adam.beta1, adam.beta2, adam.eps);
  }
  /** Record one step; returns nothing (the caller syncs with `await probe().data()`). */
  step(noise?: DsmNoise): void {
    tf.tidy(() => {
      const nz = noise ?? drawNoise(this.x0.shape[0], this.spec.dim);
      this.opt.minimize(() => dsmLoss(this.spec, this.net, this.x0, nz), false, this.net.vars);
    });
  }
  /** A small tensor written by the last step (the last bias): awaiting its data() waits for the step. */
  probe(): tf.Tensor {
    return this.net.vars[this.net.vars.length - 1];
  }
  dispose(): void {
    this.net.dispose();
    this.opt.dispose();
    this.x0.dispose();
  }
}

// ---- one vanilla distillation iteration ---------------------------------------------------

export interface TfRacerOptions {
  batch: number;
  lrG: number;
  lrPhi: number;
  sigmaInit: number;
  weighting: 'dmd' | 'diffinstruct';
  sigmaRange: { lo: number; hi: number };
}

/** Fixed noise of one iteration (tests); drawn with tf.randomNormal otherwise. */
export interface RacerNoise {
  z1: tf.Tensor;
  fake: DsmNoise;
  z2: tf.Tensor;
  gen: DsmNoise;
}

/**
 * src/distill/racer.ts, vanilla (K_fake = 1, phi from the teacher): a fake-score DSM step
 * on stop-gradient G(z1), then a generator step through G only with dL/dx0 = g = w (D_phi -
 * D_teacher) at x = G(z2) + sigma eps (w: the DMD normaliser 1 / (mean |x0 - D_teacher| +
 * 1e-6), or 1). g enters through tf.customGrad: the score evaluations run in its forward
 * function, which TF.js does not record, so they are not differentiated (as in the engine).
 */
export class TfRacer {
  readonly eta: TfNet;
  readonly phi: TfNet;
  readonly teacher: TfNet;
  readonly optG: tf.AdamOptimizer;
  readonly optPhi: tf.AdamOptimizer;
  private readonly sigmaInit: tf.Tensor;
  /** generator surrogate loss (0.5 mean w^2 |D_phi - D_t|^2) of the last step */
  lastLossG: tf.Tensor | null = null;

  constructor(readonly spec: DenoiserSpec, teacherW: Float32Array, g0: Float32Array, readonly o: TfRacerOptions) {
    this.teacher = netFor(spec, teacherW, false);
    this.phi = netFor(spec, teacherW, true);
    this.eta = netFor(spec, g0, true);
    this.optG = tf.train.adam(o.lrG, 0, 0.999, 1e-8);
    this.optPhi = tf.train.adam(o.lrPhi, 0, 0.999, 1e-8);
    this.sigmaInit = tf.keep(tf.fill([o.batch, 1], o.sigmaInit));
  }

  private G(z: tf.Tensor): tf.Tensor {
    return denoise(this.eta, this.spec.edm.sigmaData, tf.mul(z, this.o.sigmaInit), this.sigmaInit);
  }

  step(noise?: RacerNoise): void {
    const { spec, o } = this;
    const B = o.batch, d = spec.dim, sd = spec.edm.sigmaData;
    tf.tidy(() => {
      const nz = noise ?? { z1: tf.randomNormal([B, d]), fake: drawNoise(B, d), z2: tf.randomNormal([B, d]), gen: drawNoise(B, d) };
      // fake score: DSM on stop-gradient generator samples
      const x0f = this.G(nz.z1);
      this.optPhi.minimize(() => dsmLoss(spec, this.phi, x0f, nz.fake, o.sigmaRange), false, this.phi.vars);
      // generator: dL/dx0 = g through G only
      const surrogate = tf.customGrad(((x0: tf.Tensor, save: tf.GradSaveFunc) => {
        const sigma = sampleSigma(spec, nz.gen.n, o.sigmaRange);
        const x = tf.add(x0, tf.mul(sigma, nz.gen.eps));
        const Dphi = denoise(this.phi, sd, x, sigma);
        const Dt = denoise(this.teacher, sd, x, sigma);
        const w = o.weighting === 'dmd' ? tf.div(1, tf.add(tf.mean(tf.abs(tf.sub(x0, Dt)), 1, true), 1e-6)) : tf.onesLike(sigma);
        const r = tf.sub(Dphi, Dt);
        const g = tf.mul(w, r);
        save([g]);
        const value = tf.mean(tf.mul(tf.mul(0.5, tf.square(w)), tf.sum(tf.square(r), 1, true))) as tf.Scalar;
        return { value, gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => tf.mul(dy, saved[0]) };
      }) as unknown as Parameters<typeof tf.customGrad>[0]);
      const cost = this.optG.minimize(() => surrogate(this.G(nz.z2)) as tf.Scalar, true, this.eta.vars);
      this.lastLossG?.dispose();
      this.lastLossG = cost ? tf.keep(cost) : null;
    });
  }

  probe(): tf.Tensor {
    return this.eta.vars[this.eta.vars.length - 1];
  }

  dispose(): void {
    for (const n of [this.eta, this.phi, this.teacher]) n.dispose();
    this.optG.dispose();
    this.optPhi.dispose();
    this.sigmaInit.dispose();
    this.lastLossG?.dispose();
  }
}
