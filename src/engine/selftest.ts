/**
 * Kernel self-test: every WGSL kernel against its TypeScript twin.
 *
 * Each case fills its buffers (inputs *and* outputs) with the same seeded random values
 * on both backends, records one launch through the engine's ops (or a direct `run` where
 * an op does not expose a parameter, e.g. an output offset), and compares every bound
 * buffer that the kernel may write, over its whole length, so writes outside the
 * intended range are caught too. Shapes include sizes that are not multiples of the
 * workgroup or of any matmul entry point's tile, non-zero offsets, all transposition forms
 * of matmul, bias + each activation, the fused activation gradient, and beta != 0. Kernels
 * with several entry points (matmul, col_sum) are checked through each one this adapter
 * can run; a subgroup kernel for another subgroup size is reported as skipped.
 *
 * Error metric (per compared buffer, then the max over a kernel's cases), with g the GPU
 * value and c the CPU reference:
 *   maxAbs = max_i |g_i - c_i|
 *   maxRel = max_i |g_i - c_i| / max(|c_i|, REL_FLOOR * max_j |c_j|, 1e-30)
 * i.e. a relative error in which values far below the output's own scale are judged
 * relative to REL_FLOOR (1e-2) of that scale, which is where f32 rounding of a sum of
 * cancelling terms leaves them (with a floor of 1e-3, a 129-term f32 dot product already
 * exceeds 1e-4). A NaN or infinity on either side that the other does not share counts as
 * an infinite error.
 * Pass criteria: maxRel <= relTol (default 1e-4) for the f32 kernels; rng_uniform must be
 * bit-identical (maxAbs = 0; the cases use power-of-two scales, see `affineUnit`);
 * rng_normal needs maxAbs <= 2e-5 on a + 2 N(0, 1), i.e. 1e-5 per unit normal (the CPU
 * twin uses float64 log/cos on the same f32 uniforms).
 *
 * No Node-only imports: the app's "self-test" button runs this in the browser.
 */
import type { Backend, Buf } from './backend';
import type { CpuBackend } from './cpu/cpuBackend';
import { groups1d, type KernelDef } from './kernel';
import { actBwdKernel, actFwdKernel } from './kernels/act';
import { adamKernel } from './kernels/adam';
import { ewAffineInplaceKernel, ewAxpbyKernel, ewBinaryKernel, gatherRowsKernel } from './kernels/elementwise';
import { fourierBwdKernel, fourierFwdKernel } from './kernels/fourier';
import { wmseGradKernel, wmseRowsKernel } from './kernels/loss';
import { MATMUL_KERNELS, matmulSplitKKernel } from './kernels/matmul';
import { colSumKernel, colSumSplitKernel, fullReduceKernel, rowReduceKernel } from './kernels/reduce';
import { rngNormalKernel, rngUniformKernel } from './kernels/rng';
import { matmulCases, splitKCases } from './selftestMatmul';
import * as ops from './ops';
import { Rng } from './philox';

/** Same shape as `KernelCheck` in workers/api.ts (the engine imports nothing from workers). */
export interface KernelCheck {
  kernel: string;
  maxAbs: number;
  maxRel: number;
  ok: boolean;
}
export interface KernelCheckReport extends KernelCheck {
  /** Number of cases run for this kernel. */
  cases: number;
  /** The case with the largest error, or the first failure. */
  worst: string;
  /** An exception thrown while running a case. */
  error?: string;
  /** Why this adapter cannot run the kernel (then cases = 0 and ok = true). */
  skipped?: string;
}
export interface KernelCheckOptions {
  seed?: number;
  /** Relative tolerance for the f32 kernels (default 1e-4). */
  relTol?: number;
  /** Only these kernel names. */
  only?: readonly string[];
  onCase?: (kernel: string, label: string) => void;
  /** Include the two 2-D-grid cases (buffers of 4M and 16.8M values; default true). */
  large?: boolean;
}

export const REL_FLOOR = 1e-2;
export const NORMAL_ABS_TOL = 2e-5;

/** Every kernel definition of src/engine/kernels, in report order. */
export const ALL_KERNELS: readonly KernelDef[] = [
  ...MATMUL_KERNELS, matmulSplitKKernel, actFwdKernel, actBwdKernel, ewBinaryKernel, ewAxpbyKernel, ewAffineInplaceKernel, gatherRowsKernel,
  fourierFwdKernel, fourierBwdKernel, wmseRowsKernel, wmseGradKernel, colSumKernel, colSumSplitKernel, rowReduceKernel, fullReduceKernel,
  rngUniformKernel, rngNormalKernel, adamKernel,
] as readonly KernelDef[];

export function compareArrays(got: Float32Array, ref: Float32Array): { maxAbs: number; maxRel: number; at: number } {
  if (got.length !== ref.length) return { maxAbs: Infinity, maxRel: Infinity, at: -1 };
  let scale = 0;
  for (let i = 0; i < ref.length; i++) if (Number.isFinite(ref[i])) scale = Math.max(scale, Math.abs(ref[i]));
  const floor = Math.max(REL_FLOOR * scale, 1e-30);
  let maxAbs = 0, maxRel = 0, at = -1;
  for (let i = 0; i < ref.length; i++) {
    const g = got[i], c = ref[i];
    let e: number, r: number;
    if (Object.is(g, c) || g === c) { e = 0; r = 0; }
    else if (!Number.isFinite(g) || !Number.isFinite(c)) { e = Infinity; r = Infinity; }
    else { e = Math.abs(g - c); r = e / Math.max(Math.abs(c), floor); }
    if (e > maxAbs) maxAbs = e;
    if (r > maxRel) { maxRel = r; at = i; }
  }
  return { maxAbs, maxRel, at };
}

/** sym: U(-1, 1), pos: U(0.5, 1.5), unit: U(0, 1), zero, ramp: i mod 1000 (cheap for huge buffers). */
export type Init = 'sym' | 'pos' | 'unit' | 'zero' | 'ramp' | Float32Array;
export interface Case {
  kernel: KernelDef;
  label: string;
  /** [length, initial contents] of each buffer. */
  bufs: readonly (readonly [number, Init])[];
  /** Indices of the buffers to compare after the launch. */
  out: readonly number[];
  launch: (be: Backend, b: Buf[]) => void;
}

const N1D = [1, 3, 17, 256, 257, 1000];

function elementwiseCases(): Case[] {
  const cases: Case[] = [];
  N1D.forEach((n, i) => {
    const o = i % 2 ? [3, 1, 5] : [0, 0, 0];
    for (const act of ['none', 'silu', 'relu'] as const) {
      cases.push({ kernel: actFwdKernel, label: `${act} n=${n} off=${o}`, bufs: [[o[0] + n, 'sym'], [o[1] + n + 2, 'sym']], out: [1],
        launch: (be, [x, y]) => ops.actForward(be, act, x, y, n, o[0], o[1]) });
      cases.push({ kernel: actBwdKernel, label: `${act} n=${n} off=${o}`, bufs: [[o[0] + n, 'sym'], [o[1] + n, 'sym'], [o[2] + n + 2, 'sym']], out: [2],
        launch: (be, [pre, dy, dx]) => ops.actBackward(be, act, pre, dy, dx, n, o[0], o[1], o[2]) });
    }
    for (const op of ['add', 'sub', 'mul'] as const) {
      cases.push({ kernel: ewBinaryKernel, label: `${op} n=${n} off=${o}`, bufs: [[o[0] + n, 'sym'], [o[1] + n, 'sym'], [o[2] + n + 1, 'sym']], out: [2],
        launch: (be, [a, b, c]) => ops.binary(be, op, a, b, c, n, o[0], o[1], o[2]) });
    }
    for (const [alpha, beta] of [[0.3, 0], [-1.5, 0.9], [1, 1]]) {
      cases.push({ kernel: ewAxpbyKernel, label: `a=${alpha} b=${beta} n=${n} off=${o}`, bufs: [[o[0] + n, 'sym'], [o[1] + n + 1, 'sym']], out: [1],
        launch: (be, [x, y]) => ops.axpby(be, alpha, x, beta, y, n, o[0], o[1]) });
    }
    for (const [alpha, c] of [[0, 0], [0, 2.5], [0.7, 0], [-2, 0.25]]) {
      cases.push({ kernel: ewAffineInplaceKernel, label: `a=${alpha} c=${c} n=${n} off=${o[0]}`, bufs: [[o[0] + n + 1, 'sym']], out: [0],
        launch: (be, [y]) => be.run(ewAffineInplaceKernel, { n, alpha, c, offY: o[0] }, [y], groups1d(n)) });
    }
  });
  for (const [n, rows, cols] of [[1, 1, 1], [17, 7, 3], [300, 100, 5], [64, 3, 2]]) {
    const offU = n % 2, offOut = 2;
    const rng = new Rng(99 + n, 5);
    const u = rng.uniform(offU + n);
    // edges: 0, exact multiples of 1/rows, the largest f32 below 1, and 1 itself (clamped)
    const edges = [0, 1 / rows, Math.fround(1 - 2 ** -24), 1, (rows - 1) / rows];
    edges.forEach((e, j) => { if (offU + j < u.length) u[offU + j] = e; });
    cases.push({ kernel: gatherRowsKernel, label: `n=${n} rows=${rows} cols=${cols}`, bufs: [[rows * cols, 'sym'], [u.length, u], [offOut + n * cols + 1, 'sym']], out: [2],
      launch: (be, [src, ub, out]) => ops.gatherRows(be, src, rows, cols, ub, out, n, offU, offOut) });
  }
  return cases;
}

function fourierCases(): Case[] {
  const cases: Case[] = [];
  const specs: ops.FourierSpec[] = [{ F: 1, fmin: 1, fmax: 1 }, { F: 3, fmin: 0.5, fmax: 4 }, { F: 8, fmin: 1, fmax: 16 }];
  const shapes = [[1, 1], [3, 2], [17, 3], [129, 2], [70, 1]];
  let idx = 0;
  for (const f of specs) {
    for (const [B, d] of shapes) {
      const w = d + 2 * f.F;
      const o = idx++ % 2 ? [2, 3, 4, 1] : [0, 0, 0, 0];
      // c in [-1.5, 1.5): the range of c_noise = ln(sigma) / 4 for sigma in [0.002, 80]
      const cInit = new Float32Array(o[1] + B);
      new Rng(7 + idx, 3).uniform(cInit.length, -1.5, 3).forEach((v, i) => (cInit[i] = v));
      cases.push({ kernel: fourierFwdKernel, label: `B=${B} d=${d} F=${f.F} off=${o}`, bufs: [[o[0] + B * d, 'sym'], [cInit.length, cInit], [o[2] + B * w + 1, 'sym']], out: [2],
        launch: (be, [x, c, out]) =>
          ops.fourierForward(be, f, x, c, out, B, d, o[0], o[1], o[2]) });
      cases.push({ kernel: fourierBwdKernel, label: `B=${B} d=${d} F=${f.F} off=${o}`, bufs: [[B * w, 'sym'], [cInit.length, cInit], [o[2] + B * d + 1, 'sym'], [o[3] + B + 1, 'sym']], out: [2, 3],
        launch: (be, [dout, c, dx, dc]) =>
          ops.fourierBackward(be, f, dout, c, dx, dc, B, d, o[1], o[2], o[3]) });
    }
  }
  return cases;
}

function lossReduceCases(large: boolean): Case[] {
  const cases: Case[] = [];
  let idx = 0;
  for (const [B, d] of [[1, 1], [17, 2], [129, 3], [256, 5], [300, 2]]) {
    for (const hasW of [0, 1]) {
      const o = idx++ % 2 ? [1, 2, 3, 4] : [0, 0, 0, 0];
      const common = { B, d, hasW, offY: o[0], offT: o[1], offW: o[2] };
      const bufs = [[o[0] + B * d, 'sym'], [o[1] + B * d, 'sym'], [o[2] + B, 'pos'], [o[3] + B * d + 1, 'sym']] as const;
      cases.push({ kernel: wmseRowsKernel, label: `B=${B} d=${d} w=${hasW} off=${o}`, bufs, out: [3],
        launch: (be, [y, t, w, rows]) => be.run(wmseRowsKernel, { ...common, offRows: o[3] }, [y, t, w, rows], groups1d(B, 64)) });
      cases.push({ kernel: wmseGradKernel, label: `B=${B} d=${d} w=${hasW} off=${o}`, bufs, out: [3],
        launch: (be, [y, t, w, dy]) => be.run(wmseGradKernel, { ...common, scale: 0.7, offDy: o[3] }, [y, t, w, dy], groups1d(B * d)) });
    }
  }
  for (const [M, N] of [[1, 1], [3, 17], [129, 3], [64, 65], [257, 2], [1030, 33]]) {
    const o = (M + N) % 2 ? [3, 2] : [0, 0];
    for (const [scale, beta] of [[1, 0], [0.25, 1], [-1, 0.5]]) {
      for (const split of [false, true]) {
        cases.push({ kernel: split ? colSumSplitKernel : colSumKernel, label: `M=${M} N=${N} scale=${scale} beta=${beta} off=${o}`, bufs: [[o[0] + M * N, 'sym'], [o[1] + N + 1, 'sym']], out: [1],
          launch: (be, [x, out]) => ops.colSum(be, x, out, M, N, { offX: o[0], offOut: o[1], scale, beta, split }) });
      }
    }
    for (const mode of ['sum', 'mean', 'sqnorm'] as const) {
      cases.push({ kernel: rowReduceKernel, label: `${mode} M=${M} N=${N} off=${o}`, bufs: [[o[0] + M * N, 'sym'], [o[1] + M + 1, 'sym']], out: [1],
        launch: (be, [x, out]) => ops.rowReduce(be, mode, x, out, M, N, o[0], o[1]) });
    }
  }
  // past 65535 workgroups groups1d switches to a 2-D grid: one 64-wide and one 256-wide kernel
  if (large) {
    const big64 = 65535 * 64 + 5;
    cases.push({ kernel: rowReduceKernel, label: `2-D grid: mean M=${big64} N=1`, bufs: [[big64, 'ramp'], [big64, 'zero']], out: [1],
      launch: (be, [x, out]) => ops.rowReduce(be, 'mean', x, out, big64, 1) });
    const big256 = 65535 * 256 + 7;
    cases.push({ kernel: ewAffineInplaceKernel, label: `2-D grid: n=${big256}`, bufs: [[big256 + 1, 'ramp']], out: [0],
      launch: (be, [y]) => ops.scale(be, y, -0.5, big256) });
  }
  for (const n of [1, 17, 255, 256, 257, 1000, 4099]) {
    for (const mode of ['sum', 'mean', 'sqnorm'] as const) {
      const o = n % 2 ? [5, 3] : [0, 0];
      cases.push({ kernel: fullReduceKernel, label: `${mode} n=${n} off=${o}`, bufs: [[o[0] + n, 'pos'], [o[1] + 2, 'sym']], out: [1],
        launch: (be, [x, out]) => ops.fullReduce(be, mode, x, out, n, { offX: o[0], offOut: o[1], scale: 0.5 }) });
    }
  }
  return cases;
}

function rngAdamCases(): Case[] {
  const cases: Case[] = [];
  const draws: [number, number, number, number, number][] = [
    // n, seed, stream, counter, offOut
    [1, 1, 0, 0, 0], [3, 42, 1, 10, 2], [4, 42, 1, 10, 0], [5, 2 ** 40 + 12345, 7, 0, 1], [1000, 123, 2, 2 ** 32 - 5, 3], [4097, 0, 0xffffffff, 2 ** 33 + 17, 0],
  ];
  for (const [n, seed, stream, ctr, off] of draws) {
    const mk = () => { const r = new Rng(seed, stream); r.counter = ctr; return r; };
    cases.push({ kernel: rngUniformKernel, label: `n=${n} seed=${seed} stream=${stream} ctr=${ctr}`, bufs: [[off + n + 1, 'sym']], out: [0],
      launch: (be, [out]) => ops.randUniform(be, mk(), out, n, -2, 4, off) });
    cases.push({ kernel: rngNormalKernel, label: `n=${n} seed=${seed} stream=${stream} ctr=${ctr}`, bufs: [[off + n + 1, 'sym']], out: [0],
      launch: (be, [out]) => ops.randNormal(be, mk(), out, n, 0.5, 2, off) });
  }
  const hypers: [ops.AdamHyper, number, number][] = [
    [{ lr: 1e-3, beta1: 0.9, beta2: 0.999, eps: 1e-8 }, 1, 1],
    [{ lr: 1e-2, beta1: 0, beta2: 0.99, eps: 1e-6 }, 3, 1],
    [{ lr: 3e-3, beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 0.01 }, 10, 0.5],
  ];
  for (const n of [1, 17, 1000]) {
    for (const [h, t, gscale] of hypers) {
      cases.push({ kernel: adamKernel, label: `n=${n} ${JSON.stringify(h)} t=${t} gscale=${gscale}`, bufs: [[n, 'sym'], [n, 'sym'], [n, 'sym'], [n, 'pos']], out: [0, 2, 3],
        launch: (be, [p, g, m, v]) => ops.adamStep(be, h, t, p, g, m, v, gscale) });
    }
  }
  return cases;
}

/** subgroupSize: the adapter's (Backend.subgroupSize); it decides which matmul entry points run. */
export function allCases(large = true, subgroupSize: number | null = null): Case[] {
  return [...matmulCases(subgroupSize), ...splitKCases(), ...elementwiseCases(), ...fourierCases(), ...lossReduceCases(large), ...rngAdamCases()];
}

function initData(len: number, init: Init, rng: Rng): Float32Array {
  if (init instanceof Float32Array) return init;
  if (init === 'sym') return rng.uniform(len, -1, 2);
  if (init === 'pos') return rng.uniform(len, 0.5, 1);
  if (init === 'zero') return new Float32Array(len);
  if (init === 'ramp') {
    const a = new Float32Array(len);
    for (let i = 0; i < len; i++) a[i] = (i % 1000) - 500;
    return a;
  }
  return rng.uniform(len);
}

async function runCase(be: Backend, c: Case, data: Float32Array[]): Promise<Float32Array[]> {
  const bufs = c.bufs.map(([len], i) => be.createBuffer(len, `selftest.${c.kernel.name}.${i}`));
  try {
    bufs.forEach((b, i) => be.write(b, data[i]));
    c.launch(be, bufs);
    be.flush();
    return await Promise.all(c.out.map((i) => be.read(bufs[i])));
  } finally {
    for (const b of bufs) be.destroyBuffer(b);
  }
}

/**
 * One empty report per kernel of `kernels` (those `only` names, when given), in that order;
 * a kernel `gpu` cannot run (written for another subgroup size) is marked skipped with why.
 */
export function emptyReports(kernels: readonly KernelDef[], gpu: Backend, only?: readonly string[]): Map<string, KernelCheckReport> {
  const reports = new Map<string, KernelCheckReport>();
  for (const k of kernels) {
    if (only && !only.includes(k.name)) continue;
    const rep: KernelCheckReport = { kernel: k.name, maxAbs: 0, maxRel: 0, ok: true, cases: 0, worst: '' };
    const need = k.subgroupSize ?? null;
    if (need !== null && need !== (gpu.subgroupSize ?? null)) rep.skipped = `needs subgroups of exactly ${need} lanes; this adapter: ${gpu.subgroupSize ?? 'none'}`;
    reports.set(k.name, rep);
  }
  return reports;
}

/** Run every kernel on `gpu` and on the CPU reference and compare (see the metric above). */
export async function runKernelChecks(gpu: Backend, cpu: CpuBackend, opts: KernelCheckOptions = {}): Promise<KernelCheckReport[]> {
  const relTol = opts.relTol ?? 1e-4;
  const reports = emptyReports(ALL_KERNELS, gpu, opts.only);
  const rng = new Rng(opts.seed ?? 20240531, 0x5e1f);
  const worstScore = new Map<string, number>();
  for (const c of allCases(opts.large ?? true, gpu.subgroupSize ?? null)) {
    const rep = reports.get(c.kernel.name);
    if (!rep) continue;
    opts.onCase?.(c.kernel.name, c.label);
    const data = c.bufs.map(([len, init]) => initData(len, init, rng));
    rep.cases++;
    let got: Float32Array[], ref: Float32Array[];
    try {
      got = await runCase(gpu, c, data);
      ref = await runCase(cpu, c, data);
    } catch (e) {
      rep.ok = false;
      rep.maxAbs = rep.maxRel = Infinity;
      rep.error ??= `${c.label}: ${e instanceof Error ? e.message : String(e)}`;
      rep.worst = c.label;
      continue;
    }
    for (let j = 0; j < got.length; j++) {
      const { maxAbs, maxRel, at } = compareArrays(got[j], ref[j]);
      let ok: boolean, score: number;
      if (c.kernel === rngUniformKernel) { ok = maxAbs === 0; score = maxAbs; }
      else if (c.kernel === rngNormalKernel) { ok = maxAbs <= NORMAL_ABS_TOL; score = maxAbs / NORMAL_ABS_TOL; }
      else { ok = maxRel <= relTol; score = maxRel / relTol; }
      rep.maxAbs = Math.max(rep.maxAbs, maxAbs);
      rep.maxRel = Math.max(rep.maxRel, maxRel);
      const prevWorst = worstScore.get(c.kernel.name) ?? -1;
      if (rep.ok && (!ok || score > prevWorst)) {
        worstScore.set(c.kernel.name, score);
        rep.worst = at < 0 ? c.label : `${c.label} [buffer ${c.out[j]}, index ${at}: gpu ${got[j][at]} cpu ${ref[j][at]}]`;
      }
      if (!ok) rep.ok = false;
    }
  }
  return [...reports.values()];
}
