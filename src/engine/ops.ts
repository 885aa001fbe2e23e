/**
 * The engine's ops: thin, typed wrappers that launch a kernel with the right grid.
 * Every op records work on the backend; nothing here reads back or allocates per call.
 */
import type { Backend, Buf } from './backend';
import { groups1d } from './kernel';
import { actBwdKernel, actFwdKernel } from './kernels/act';
import { adamKernel } from './kernels/adam';
import { ewAffineInplaceKernel, ewAxpbyKernel, ewBinaryKernel, gatherRowsKernel } from './kernels/elementwise';
import { fourierBwdKernel, fourierFwdKernel, fourierRatio } from './kernels/fourier';
import { wmseGradKernel, wmseRowsKernel } from './kernels/loss';
import { matmulKernelFor, matmulSplitKGroups, matmulSplitKKernel } from './kernels/matmul';
import { colSumKernel, colSumSplitKernel, fullReduceKernel, REDUCE, type ReduceMode, rowReduceKernel } from './kernels/reduce';
import { rngNormalKernel, rngUniformKernel } from './kernels/rng';
import type { Rng } from './philox';

export const ACT = { none: 0, silu: 1, relu: 2 } as const;
export type Act = keyof typeof ACT;

const dummies = new WeakMap<Backend, { r: Buf; w: Buf }>();
/** Placeholder buffers for bindings a launch does not use (never aliasing a real one). */
export function dummy(be: Backend): { r: Buf; w: Buf } {
  let d = dummies.get(be);
  if (!d) dummies.set(be, (d = { r: be.createBuffer(4, 'dummy-r'), w: be.createBuffer(4, 'dummy-w') }));
  return d;
}

export interface MatmulArgs {
  a: Buf; b: Buf; c: Buf;
  M: number; N: number; K: number;
  /** op(A) = A^T when true: A stored [K, M]. */
  transA?: boolean;
  /** op(B) = B^T when true: B stored [N, K]. */
  transB?: boolean;
  offA?: number; offB?: number; offC?: number;
  alpha?: number; beta?: number;
  bias?: Buf; offBias?: number;
  act?: Act;
  /** Pre-activation output (required when act != none), or input (with actGrad). */
  pre?: Buf; offPre?: number;
  /**
   * Fused activation backward: C = (alpha op(A) op(B) + beta C + bias) * act'(pre), pre
   * read at offPre (e.g. dL/d pre of a hidden layer = (dL/d out W^T) * act'(pre)).
   * Exclusive with act.
   */
  actGrad?: Act;
}

export { matmulKernelFor };

/** C = alpha op(A) op(B) + beta C (+ bias, then activation). */
export function matmul(be: Backend, o: MatmulArgs): void {
  const chunks = (be.software ?? false) ? 0 : splitKChunks(o);
  if (chunks > 1) return matmulSplitK(be, o, chunks);
  const l = matmulLaunch(be, o, be.subgroupSize);
  if (l) be.run(l.kernel, l.params, l.bufs, l.groups);
}

/** Floats of the per-backend buffer that holds split-K partial products (4 MiB). */
export const SPLITK_SCRATCH = 1 << 20;
const splitScratch = new WeakMap<Backend, Buf>();

/**
 * How many K chunks a GPU matmul should be split into (0: none). A product with few 8x8
 * output blocks and a long K (the weight gradient of a 1x1 convolution over a batch of
 * 28x28 maps: 48 x 16 outputs, K = 25,088) runs on a few dozen invocations that each loop
 * over all of K; split, about 4,096 invocations share it, each chunk at least 64 long.
 * Only plain products (no bias or activation) split; software adapters never do (ops.matmul).
 */
export function splitKChunks(o: Pick<MatmulArgs, 'M' | 'N' | 'K' | 'bias' | 'act' | 'actGrad'>): number {
  if (!plainProduct(o)) return 0;
  const blocks = Math.ceil(o.M / 8) * Math.ceil(o.N / 8);
  if (o.K < 512 || blocks >= 1024) return 0;
  const chunks = Math.min(Math.ceil(4096 / blocks), Math.floor(o.K / 64), 256, Math.floor(SPLITK_SCRATCH / (o.M * o.N)));
  return chunks > 1 ? chunks : 0;
}

/** No bias, activation or activation gradient: C = alpha A B + beta C alone. */
function plainProduct(o: Pick<MatmulArgs, 'bias' | 'act' | 'actGrad'>): boolean {
  return !o.bias && (o.act ?? 'none') === 'none' && (o.actGrad ?? 'none') === 'none';
}

/** The shape, offset and stride parameters of a matmul launch (op(A) and op(B) through strides). */
function operandParams(o: MatmulArgs) {
  return {
    M: o.M, N: o.N, K: o.K,
    offA: o.offA ?? 0, sAm: o.transA ? 1 : o.K, sAk: o.transA ? o.M : 1,
    offB: o.offB ?? 0, sBk: o.transB ? 1 : o.N, sBn: o.transB ? o.K : 1,
  };
}

const onesBufs = new WeakMap<Backend, Buf>();
/** A per-backend buffer of at least n ones (grown to the next power of two when too short). */
function onesFor(be: Backend, n: number): Buf {
  let b = onesBufs.get(be);
  if (!b || b.length < n) {
    onesBufs.set(be, (b = be.createBuffer(2 ** Math.ceil(Math.log2(Math.max(n, 1 << 16))), 'ones')));
    fill(be, b, 1);
  }
  return b;
}

/**
 * The matmul as `chunks` partial products over K (matmul_splitk, into a scratch buffer of the
 * backend) summed by col_sum_split, which also applies beta: the same result as ops.matmul
 * up to the order of the sums. Plain products only (no bias or activation).
 */
export function matmulSplitK(be: Backend, o: MatmulArgs, chunks: number): void {
  if (!plainProduct(o)) throw new Error('matmulSplitK: plain products only (no bias or activation)');
  if (o.M <= 0 || o.N <= 0) return;
  const kc = Math.ceil(o.K / chunks);
  const n = Math.ceil(o.K / kc);
  if (n * o.M * o.N > SPLITK_SCRATCH) throw new Error(`matmulSplitK: ${n} chunks of ${o.M} x ${o.N} exceed the scratch buffer`);
  let scratch = splitScratch.get(be);
  if (!scratch) splitScratch.set(be, (scratch = be.createBuffer(SPLITK_SCRATCH, 'splitk-scratch')));
  const d = dummy(be);
  const params = { ...operandParams(o), kc, offC: 0, offBias: 0, offPre: 0, alpha: o.alpha ?? 1, beta: 0, hasBias: 0, act: 0, dact: 0 };
  be.run(matmulSplitKKernel, params, [o.a, o.b, d.r, scratch, d.w], matmulSplitKGroups(o.M, o.N, n));
  colSum(be, scratch, o.c, n, o.M * o.N, { offOut: o.offC ?? 0, beta: o.beta ?? 0, split: true });
}

/**
 * The launch matmul() records, with the entry point chosen for `subgroupSize` (null: the
 * kernels that need no subgroups; the self-test uses it to check those on every adapter).
 * Null when the output is empty.
 */
export function matmulLaunch(be: Backend, o: MatmulArgs, subgroupSize?: number | null) {
  const d = dummy(be);
  const act = ACT[o.act ?? 'none'];
  const dact = ACT[o.actGrad ?? 'none'];
  if ((act !== 0 || dact !== 0) && !o.pre) throw new Error('matmul: an activation (or its gradient) needs a pre-activation buffer');
  if (act !== 0 && dact !== 0) throw new Error('matmul: act and actGrad are exclusive');
  if (o.M <= 0 || o.N <= 0) return null;
  const { kernel, groups } = matmulKernelFor(o.M, o.N, subgroupSize);
  const params = {
    ...operandParams(o),
    offC: o.offC ?? 0, offBias: o.offBias ?? 0, offPre: o.offPre ?? 0,
    alpha: o.alpha ?? 1, beta: o.beta ?? 0, hasBias: o.bias ? 1 : 0, act, dact,
  };
  return { kernel, params, bufs: [o.a, o.b, o.bias ?? d.r, o.c, o.pre ?? d.w], groups };
}

export function actForward(be: Backend, act: Act, x: Buf, out: Buf, n: number, offX = 0, offOut = 0): void {
  be.run(actFwdKernel, { n, act: ACT[act], offX, offOut }, [x, out], groups1d(n));
}
export function actBackward(be: Backend, act: Act, pre: Buf, dy: Buf, dx: Buf, n: number, offPre = 0, offDy = 0, offDx = 0): void {
  be.run(actBwdKernel, { n, act: ACT[act], offPre, offDy, offDx }, [pre, dy, dx], groups1d(n));
}

const BIN = { add: 0, sub: 1, mul: 2 } as const;
export function binary(be: Backend, op: keyof typeof BIN, a: Buf, b: Buf, out: Buf, n: number, offA = 0, offB = 0, offOut = 0): void {
  be.run(ewBinaryKernel, { n, op: BIN[op], offA, offB, offOut }, [a, b, out], groups1d(n));
}
/** y = alpha x + beta y */
export function axpby(be: Backend, alpha: number, x: Buf, beta: number, y: Buf, n: number, offX = 0, offY = 0): void {
  be.run(ewAxpbyKernel, { n, alpha, beta, offX, offY }, [x, y], groups1d(n));
}
export function scale(be: Backend, y: Buf, alpha: number, n = y.length, offY = 0): void {
  be.run(ewAffineInplaceKernel, { n, alpha, c: 0, offY }, [y], groups1d(n));
}
export function fill(be: Backend, y: Buf, value: number, n = y.length, offY = 0): void {
  be.run(ewAffineInplaceKernel, { n, alpha: 0, c: value, offY }, [y], groups1d(n));
}
/** Parameter copy (also between parameter sets of the same layout). */
export function copy(be: Backend, src: Buf, dst: Buf, n = src.length, offSrc = 0, offDst = 0): void {
  be.copy(src, offSrc, dst, offDst, n);
}
/** EMA of parameters: ema = decay ema + (1 - decay) p. */
export function ema(be: Backend, params: Buf, emaBuf: Buf, decay: number): void {
  axpby(be, 1 - decay, params, decay, emaBuf, params.length);
}
/** out[i, :] = src[floor(u[i] rows), :], a device-side random minibatch. */
export function gatherRows(be: Backend, src: Buf, rows: number, cols: number, u: Buf, out: Buf, n: number, offU = 0, offOut = 0): void {
  be.run(gatherRowsKernel, { n, cols, rows, offU, offOut }, [src, u, out], groups1d(n * cols));
}

/**
 * out[j] = beta out[j] + scale sum_i x[i, j] (bias gradient). Software adapters get one
 * invocation per column, GPUs 16 partial sums per column (see reduce.wgsl); `split`
 * overrides the choice (the self-test checks both on every adapter).
 */
export function colSum(be: Backend, x: Buf, out: Buf, M: number, N: number, o: { offX?: number; offOut?: number; scale?: number; beta?: number; split?: boolean } = {}): void {
  // a GPU's long sums over few columns (bias gradients: M = batch x pixels) go through split-K
  // as ones[1, M] x[M, N]: col_sum_split would give them a single workgroup
  if (o.split === undefined && !(be.software ?? false) && M >= 4096 && N <= 256) {
    const chunks = splitKChunks({ M: 1, N, K: M });
    if (chunks > 1) return matmulSplitK(be, { a: onesFor(be, M), b: x, c: out, M: 1, N, K: M, offB: o.offX, offC: o.offOut, alpha: o.scale, beta: o.beta }, chunks);
  }
  const split = o.split ?? !(be.software ?? false);
  const params = { M, N, offX: o.offX ?? 0, offOut: o.offOut ?? 0, scale: o.scale ?? 1, beta: o.beta ?? 0 };
  if (split) be.run(colSumSplitKernel, params, [x, out], [Math.ceil(N / 16), 1, 1]);
  else be.run(colSumKernel, params, [x, out], [Math.ceil(N / 64), 1, 1]);
}
export function rowReduce(be: Backend, mode: ReduceMode, x: Buf, out: Buf, M: number, N: number, offX = 0, offOut = 0): void {
  be.run(rowReduceKernel, { M, N, mode: REDUCE[mode], offX, offOut }, [x, out], groups1d(M, 64));
}
export function fullReduce(be: Backend, mode: ReduceMode, x: Buf, out: Buf, n: number, o: { offX?: number; offOut?: number; scale?: number } = {}): void {
  be.run(fullReduceKernel, { n, mode: REDUCE[mode], offX: o.offX ?? 0, offOut: o.offOut ?? 0, scale: o.scale ?? 1 }, [x, out], [1, 1, 1]);
}

export interface FourierSpec {
  F: number;
  fmin: number;
  fmax: number;
}
/** F frequencies log-spaced over [fmin, fmax] (the last is fmax up to f32 rounding). */
export function fourierForward(be: Backend, f: FourierSpec, x: Buf, c: Buf, out: Buf, B: number, d: number, offX = 0, offC = 0, offOut = 0): void {
  const ratio = fourierRatio(f.F, f.fmin, f.fmax);
  be.run(fourierFwdKernel, { B, d, F: f.F, fmin: f.fmin, ratio, offX, offC, offOut }, [x, c, out], groups1d(B, 64));
}
export function fourierBackward(be: Backend, f: FourierSpec, dout: Buf, c: Buf, dx: Buf, dc: Buf, B: number, d: number, offC = 0, offDx = 0, offDc = 0): void {
  const ratio = fourierRatio(f.F, f.fmin, f.fmax);
  be.run(fourierBwdKernel, { B, d, F: f.F, fmin: f.fmin, ratio, offC, offDx, offDc }, [dout, c, dx, dc], groups1d(B, 64));
}

export interface WmseArgs {
  y: Buf; t: Buf; B: number; d: number;
  w?: Buf; offW?: number; offY?: number; offT?: number;
  /** loss = scale * mean_i w_i ||y_i - t_i||^2 */
  scale?: number;
}
/** Per-row weighted squared errors into rows[0..B) and the gradient into dy. */
export function wmse(be: Backend, o: WmseArgs, rows: Buf, dy: Buf): void {
  const d = dummy(be);
  const common = { B: o.B, d: o.d, hasW: o.w ? 1 : 0, offY: o.offY ?? 0, offT: o.offT ?? 0, offW: o.offW ?? 0 };
  be.run(wmseRowsKernel, { ...common, offRows: 0 }, [o.y, o.t, o.w ?? d.r, rows], groups1d(o.B, 64));
  be.run(wmseGradKernel, { ...common, scale: o.scale ?? 1, offDy: 0 }, [o.y, o.t, o.w ?? d.r, dy], groups1d(o.B * o.d));
}

export interface AdamHyper {
  lr: number;
  beta1: number;
  beta2: number;
  eps: number;
  weightDecay?: number;
}
/** One fused Adam step over a whole flat parameter buffer; t is the 1-based step count. */
export function adamStep(be: Backend, h: AdamHyper, t: number, param: Buf, grad: Buf, m: Buf, v: Buf, gscale = 1): void {
  const n = param.length;
  be.run(
    adamKernel,
    { n, lr: h.lr, b1: h.beta1, b2: h.beta2, eps: h.eps, bc1: 1 - Math.pow(h.beta1, t), bc2: 1 - Math.pow(h.beta2, t), wd: h.weightDecay ?? 0, gscale },
    [param, grad, m, v],
    groups1d(n),
  );
}

/** Fill out[off..off+n) with uniforms in (a, a + b) from the seeded stream. */
export function randUniform(be: Backend, rng: Rng, out: Buf, n: number, a = 0, b = 1, offOut = 0): void {
  const blocks = Math.ceil(n / 4);
  be.run(rngUniformKernel, { n, ...rng.take(blocks), offOut, a, b }, [out], groups1d(blocks, 64));
}
/** Fill with a + b N(0, 1). */
export function randNormal(be: Backend, rng: Rng, out: Buf, n: number, a = 0, b = 1, offOut = 0): void {
  const blocks = Math.ceil(n / 4);
  be.run(rngNormalKernel, { n, ...rng.take(blocks), offOut, a, b }, [out], groups1d(blocks, 64));
}
