/**
 * Typed launchers for the image kernels (conv2d, groupnorm, resample), the counterpart of
 * ops.ts for NHWC tensors. A tensor is [B, H, W, C] row-major; a 3x3 convolution's
 * parameters are one block [9, Cin, Cout] followed by bias [Cout] (`conv3x3Size`), a
 * group norm's gamma [C] followed by beta [C]. Nothing here allocates or reads back.
 */
import type { Backend, Buf } from '../backend';
import { groups1d } from '../kernel';
import { chanSumKernel, conv3x3Kernel, conv3x3WgradKernel } from '../kernels/conv2d';
import { conv3x3Sg8Kernel, conv3x3WgradSg8Kernel, convSg8Groups, convWgradSg8Groups } from '../kernels/conv2dSg';
import { gnApplyKernel, gnBwdChanKernel, gnBwdDxKernel, gnStatsKernel, gnStatsWgGroups, gnStatsWgKernel } from '../kernels/groupnorm';
import { filmBwdKernel, filmFwdKernel } from '../kernels/film';
import { pool2BwdKernel, pool2FwdKernel, up2BwdKernel, up2FwdKernel } from '../kernels/resample';
import { ACT, colSum, dummy } from '../ops';

export interface Shape4 {
  B: number;
  H: number;
  W: number;
}

export const conv3x3Size = (cin: number, cout: number) => (9 * cin + 1) * cout;
export const GN_EPS = 1e-5;

/**
 * Which convolution kernels a launch uses: the 8-lane subgroup forms (conv2dSg.wgsl) when
 * the adapter's subgroups have exactly 8 lanes (lavapipe), else conv2d.wgsl's.
 * `subgroupSize` overrides the backend's (null: the kernels that need no subgroups; the
 * self-test uses it to check both on one adapter).
 */
export interface ConvKernelChoice {
  subgroupSize?: number | null;
}
function useSg8(be: Backend, o: ConvKernelChoice): boolean {
  return (o.subgroupSize === undefined ? be.subgroupSize ?? null : o.subgroupSize) === 8;
}

export interface ConvFwdArgs extends Shape4, ConvKernelChoice {
  cin: number;
  cout: number;
  x: Buf; offX?: number;
  /** parameter buffer; the block [9 cin cout weights, cout biases] starts at offW */
  params: Buf; offW: number;
  bias?: boolean;
  /** per-sample per-channel bias cb[b * sCb + n] (the noise-level conditioning) */
  cb?: Buf; offCb?: number; sCb?: number;
  out: Buf; offOut?: number;
  /** out = conv + beta * out (1: add onto a residual already in out) */
  beta?: number;
}

type Conv3x3Params = Parameters<typeof conv3x3Kernel.cpu>[0];

/** One conv3x3 launch (either direction) on the kernel `choice` selects. */
function runConv3x3(be: Backend, choice: ConvKernelChoice, p: Conv3x3Params, bufs: readonly Buf[]): void {
  const M = p.B * p.H * p.W;
  const sg = convSg8Groups(M, p.Cout);
  // past 65535 workgroup rows (> 2 million pixels) the plain kernel, whose 1-D grid groups1d folds into 2-D
  if (useSg8(be, choice) && sg[1] <= 65535) be.run(conv3x3Sg8Kernel, p, bufs, sg);
  else be.run(conv3x3Kernel, p, bufs, groups1d(Math.ceil(M / 4) * Math.ceil(p.Cout / 4), 64));
}

export function conv3x3Forward(be: Backend, o: ConvFwdArgs): void {
  runConv3x3(be, o, {
    B: o.B, H: o.H, W: o.W, Cin: o.cin, Cout: o.cout, flip: 0,
    offA: o.offX ?? 0, offW: o.offW, sWt: o.cin * o.cout, sWc: o.cout, sWn: 1,
    hasBias: o.bias === false ? 0 : 1, offBias: o.offW + 9 * o.cin * o.cout,
    hasCb: o.cb ? 1 : 0, offCb: o.offCb ?? 0, sCb: o.sCb ?? o.cout,
    offOut: o.offOut ?? 0, beta: o.beta ?? 0,
  }, [o.x, o.params, o.cb ?? dummy(be).r, o.out]);
}

/** dx = conv^T(dy): the input gradient of a forward conv with (cin, cout); beta accumulates. */
export function conv3x3BackwardData(be: Backend, o: Shape4 & ConvKernelChoice & { cin: number; cout: number; dy: Buf; offDy?: number; params: Buf; offW: number; dx: Buf; offDx?: number; beta?: number }): void {
  runConv3x3(be, o, {
    B: o.B, H: o.H, W: o.W, Cin: o.cout, Cout: o.cin, flip: 1,
    offA: o.offDy ?? 0, offW: o.offW, sWt: o.cin * o.cout, sWc: 1, sWn: o.cout,
    hasBias: 0, offBias: 0, hasCb: 0, offCb: 0, sCb: 0, offOut: o.offDx ?? 0, beta: o.beta ?? 0,
  }, [o.dy, o.params, dummy(be).r, o.dx]);
}

type WgradParams = Parameters<typeof conv3x3WgradKernel.cpu>[0];

/** The split-K partials of the weight gradient (bufs: x, dy, part) on the kernel `choice` selects; conv3x3BackwardWeights sums them. */
export function conv3x3WgradPartials(be: Backend, choice: ConvKernelChoice, p: WgradParams, bufs: readonly Buf[]): void {
  if (useSg8(be, choice)) be.run(conv3x3WgradSg8Kernel, p, bufs, convWgradSg8Groups(p.Cin, p.Cout, p.S));
  else be.run(conv3x3WgradKernel, p, bufs, groups1d(p.S * 10 * Math.ceil(p.Cin / 4) * Math.ceil(p.Cout / 4), 64));
}

/** Pixel chunks of the split-K weight gradient: about `target` pixels each. */
export function wgradSplit(M: number, target = 256): { S: number; chunk: number } {
  const S = Math.max(1, Math.min(1024, Math.ceil(M / target)));
  const chunk = Math.ceil(M / S);
  return { S: Math.ceil(M / chunk), chunk };
}
/** Scratch floats conv3x3BackwardWeights needs for a layer. */
export function wgradScratchSize(s: Shape4, cin: number, cout: number): number {
  return wgradSplit(s.B * s.H * s.W).S * conv3x3Size(cin, cout);
}

/**
 * Weight and bias gradients of a forward conv: grads[offW..] (= [9 cin cout, cout]) =
 * beta grads + sum over pixels. `scratch` holds the split-K partials (wgradScratchSize).
 */
export function conv3x3BackwardWeights(be: Backend, o: Shape4 & ConvKernelChoice & { cin: number; cout: number; x: Buf; offX?: number; dy: Buf; offDy?: number; grads: Buf; offW: number; scratch: Buf; beta?: number }): void {
  const { S, chunk } = wgradSplit(o.B * o.H * o.W);
  const n = conv3x3Size(o.cin, o.cout);
  if (o.scratch.length < S * n) throw new Error(`conv3x3BackwardWeights: scratch has ${o.scratch.length} floats, needs ${S * n}`);
  conv3x3WgradPartials(be, o, { B: o.B, H: o.H, W: o.W, Cin: o.cin, Cout: o.cout, S, chunk, offA: o.offX ?? 0, offDy: o.offDy ?? 0, offPart: 0 }, [o.x, o.dy, o.scratch]);
  colSum(be, o.scratch, o.grads, S, n, { offOut: o.offW, beta: o.beta ?? 0 });
}

/** out[offOut + b sOut + c] = beta out + sum over pixels of x[b, :, :, c]. */
export function chanSum(be: Backend, o: { B: number; HW: number; C: number; x: Buf; offX?: number; out: Buf; offOut?: number; sOut?: number; beta?: number }): void {
  be.run(chanSumKernel, { B: o.B, HW: o.HW, C: o.C, offX: o.offX ?? 0, offOut: o.offOut ?? 0, sOut: o.sOut ?? o.C, beta: o.beta ?? 0 }, [o.x, o.out], groups1d(o.B * o.C, 64));
}

export interface GnArgs {
  B: number; HW: number; C: number; G: number;
  act: 'none' | 'silu';
  x: Buf; offX?: number;
  /** [B G 2]: mean, rstd per (b, g), written by the forward and read by the backward */
  stats: Buf; offS?: number;
  /** gamma [C] then beta [C] at offG */
  params: Buf; offG: number;
}

/** out = act(GroupNorm(x) gamma + beta); also fills `stats`. */
export function groupNormForward(be: Backend, o: GnArgs & { out: Buf; offOut?: number }): void {
  if (o.C % o.G !== 0) throw new Error(`groupNorm: ${o.C} channels do not split into ${o.G} groups`);
  const base = { B: o.B, HW: o.HW, C: o.C, G: o.G, offX: o.offX ?? 0, offS: o.offS ?? 0 };
  // software adapters: one thread per (b, g); GPUs: one workgroup per (b, g) (groupnorm.wgsl)
  if (be.software ?? false) be.run(gnStatsKernel, { ...base, eps: GN_EPS }, [o.x, o.stats], groups1d(o.B * o.G, 64));
  else be.run(gnStatsWgKernel, { ...base, eps: GN_EPS }, [o.x, o.stats], gnStatsWgGroups(o.B * o.G));
  be.run(gnApplyKernel, { ...base, act: ACT[o.act], offG: o.offG, offOut: o.offOut ?? 0 }, [o.x, o.stats, o.params, o.out], groups1d(o.B * o.HW, 64));
}

/**
 * Backward of groupNormForward for dout: dx (beta accumulates), and [dgamma, dbeta] into
 * grads[offG..offG + 2C) (gradBeta accumulates). `sums` is scratch of B 2C floats.
 */
export function groupNormBackward(be: Backend, o: GnArgs & { dout: Buf; offDout?: number; sums: Buf; dx: Buf | null; offDx?: number; beta?: number; grads: Buf; gradBeta?: number }): void {
  const base = { B: o.B, HW: o.HW, C: o.C, G: o.G, act: ACT[o.act], offX: o.offX ?? 0, offS: o.offS ?? 0, offG: o.offG, offDout: o.offDout ?? 0, offSum: 0 };
  be.run(gnBwdChanKernel, base, [o.x, o.stats, o.params, o.dout, o.sums], groups1d(o.B * o.C, 64));
  colSum(be, o.sums, o.grads, o.B, 2 * o.C, { offOut: o.offG, beta: o.gradBeta ?? 0 });
  if (o.dx) {
    be.run(gnBwdDxKernel, { ...base, offDx: o.offDx ?? 0, beta: o.beta ?? 0 }, [o.x, o.stats, o.params, o.dout, o.sums, o.dx], groups1d(o.B * o.HW, 64));
  }
}

export interface FilmArgs {
  B: number; HW: number; C: number;
  act: 'none' | 'silu';
  x: Buf; offX?: number;
  /** per-sample rows of the embedding output: scale at m[offM + b sM + c], shift at [.. + C + c] */
  m: Buf; offM: number; sM: number;
}

/** out = act(x (1 + scale) + shift), per sample and channel (film.wgsl). */
export function filmForward(be: Backend, o: FilmArgs & { out: Buf; offOut?: number }): void {
  be.run(filmFwdKernel, { B: o.B, HW: o.HW, C: o.C, act: ACT[o.act], offX: o.offX ?? 0, offM: o.offM, sM: o.sM, offOut: o.offOut ?? 0 }, [o.x, o.m, o.out], groups1d(o.B * o.HW, 64));
}

/** Backward of filmForward for dout: dx (beta accumulates); the scale and shift gradients overwrite dm at m's layout. */
export function filmBackward(be: Backend, o: FilmArgs & { dout: Buf; offDout?: number; dx: Buf; offDx?: number; beta?: number; dm: Buf }): void {
  be.run(filmBwdKernel, {
    B: o.B, HW: o.HW, C: o.C, act: ACT[o.act], offX: o.offX ?? 0, offM: o.offM, sM: o.sM, offDout: o.offDout ?? 0, offDx: o.offDx ?? 0, beta: o.beta ?? 0,
  }, [o.x, o.m, o.dout, o.dx, o.dm], groups1d(o.B * o.C, 64));
}

export function pool2Forward(be: Backend, s: Shape4 & { C: number }, x: Buf, out: Buf, offX = 0, offOut = 0, beta = 0): void {
  const n = s.B * Math.ceil(s.H / 2) * Math.ceil(s.W / 2);
  be.run(pool2FwdKernel, { B: s.B, H: s.H, W: s.W, C: s.C, offX, offOut, beta }, [x, out], groups1d(n, 64));
}
export function pool2Backward(be: Backend, s: Shape4 & { C: number }, dout: Buf, dx: Buf, offDout = 0, offDx = 0, beta = 0): void {
  be.run(pool2BwdKernel, { B: s.B, H: s.H, W: s.W, C: s.C, offDout, offDx, beta }, [dout, dx], groups1d(s.B * s.H * s.W, 64));
}

/** Nearest 2x up-sampling of x [B, H, W, C] to [B, Ho, Wo, C], plus skip (same shape as out) when given. */
export function up2Forward(be: Backend, s: Shape4 & { C: number; Ho: number; Wo: number }, x: Buf, out: Buf, o: { skip?: Buf; offSkip?: number; offX?: number; offOut?: number } = {}): void {
  if (s.Ho > 2 * s.H || s.Ho < 2 * s.H - 1 || s.Wo > 2 * s.W || s.Wo < 2 * s.W - 1) throw new Error(`up2: ${s.H}x${s.W} cannot become ${s.Ho}x${s.Wo}`);
  be.run(up2FwdKernel, {
    B: s.B, H: s.H, W: s.W, Ho: s.Ho, Wo: s.Wo, C: s.C, offX: o.offX ?? 0, hasSkip: o.skip ? 1 : 0, offSkip: o.offSkip ?? 0, offOut: o.offOut ?? 0,
  }, [x, o.skip ?? dummy(be).r, out], groups1d(s.B * s.Ho * s.Wo, 64));
}
export function up2Backward(be: Backend, s: Shape4 & { C: number; Ho: number; Wo: number }, dout: Buf, dx: Buf, offDout = 0, offDx = 0, beta = 0): void {
  be.run(up2BwdKernel, { B: s.B, H: s.H, W: s.W, Ho: s.Ho, Wo: s.Wo, C: s.C, offDout, offDx, beta }, [dout, dx], groups1d(s.B * s.H * s.W, 64));
}
