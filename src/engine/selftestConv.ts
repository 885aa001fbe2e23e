/**
 * Self-test cases for the image kernels (conv2d, groupnorm, resample, film): every kernel on a
 * WebGPU backend against its TypeScript twin, with the metric and tolerance of
 * src/engine/selftest.ts (`compareArrays`, maxRel <= relTol, default 1e-4). Every buffer a
 * kernel may write is filled with seeded values on both backends and compared over its
 * whole length (one element past the written range included), so stray writes are caught.
 *
 * Shapes: channels 1, 3, 5 (and 4, 6 for groups of 2 and 3 channels), sizes 7, 14, 28 and
 * non-square 7x14, batch 1 and 3, zero and non-zero offsets; every optional input
 * (bias, per-sample bias, accumulate, skip, SiLU) on and off.
 *
 *   const reports = [...(await runKernelChecks(gpu, cpu)), ...(await runConvKernelChecks(gpu, cpu))];
 *
 * No Node-only imports: runs in the browser.
 */
import type { Backend, Buf } from './backend';
import type { CpuBackend } from './cpu/cpuBackend';
import type { KernelDef } from './kernel';
import { chanSumKernel, conv3x3Kernel, conv3x3WgradKernel } from './kernels/conv2d';
import { filmBwdKernel, filmFwdKernel } from './kernels/film';
import { conv3x3Sg8Kernel, conv3x3WgradSg8Kernel } from './kernels/conv2dSg';
import { gnApplyKernel, gnBwdChanKernel, gnBwdDxKernel, gnStatsKernel, gnStatsWgGroups, gnStatsWgKernel } from './kernels/groupnorm';
import { pool2BwdKernel, pool2FwdKernel, up2BwdKernel, up2FwdKernel } from './kernels/resample';
import * as C from './nn/convOps';
import { Rng } from './philox';
import { compareArrays, emptyReports, type KernelCheckOptions, type KernelCheckReport } from './selftest';

/** Every kernel of conv2d.ts, groupnorm.ts, resample.ts and film.ts, in report order. */
export const CONV_KERNELS: readonly KernelDef[] = [
  conv3x3Kernel, conv3x3WgradKernel, conv3x3Sg8Kernel, conv3x3WgradSg8Kernel, chanSumKernel, gnStatsKernel, gnStatsWgKernel, gnApplyKernel, gnBwdChanKernel, gnBwdDxKernel,
  pool2FwdKernel, pool2BwdKernel, up2FwdKernel, up2BwdKernel, filmFwdKernel, filmBwdKernel,
] as readonly KernelDef[];

/** sym: U(-1, 1); pos: U(0.5, 1.5); or explicit contents. */
type Init = 'sym' | 'pos' | Float32Array;
export interface ConvCase {
  kernel: KernelDef;
  label: string;
  bufs: readonly (readonly [number, Init])[];
  out: readonly number[];
  launch: (be: Backend, b: Buf[]) => void;
}

/**
 * [B, H, W, cin, cout]: every channel count of {1, 3, 5} on each side, sizes 7/14/28, one
 * non-square; then the U-Net's widths, where the subgroup kernels' column blocks (1 to 4 per
 * tile, one to three tiles: 8, 24, 33, 48, 64, 96) and row blocks (cin 9, 17: partly filled)
 * differ. Pixel counts are never a multiple of a workgroup's 32 rows.
 */
const CONV_SHAPES: readonly (readonly [number, number, number, number, number])[] = [
  [1, 7, 7, 1, 1], [3, 7, 7, 3, 5], [1, 14, 14, 5, 3], [3, 14, 14, 1, 5], [1, 28, 28, 3, 1], [3, 28, 28, 5, 5], [3, 7, 14, 3, 3], [1, 28, 28, 1, 3],
  [1, 14, 14, 8, 8], [2, 7, 7, 24, 48], [3, 7, 14, 9, 33], [1, 28, 28, 8, 24], [2, 7, 7, 48, 96], [1, 7, 7, 17, 64],
];
/** The two forms of the conv kernels: [forward / input-gradient, weight-gradient, subgroup size passed to the launchers]. */
const CONV_FORMS = [[conv3x3Kernel, conv3x3WgradKernel, null], [conv3x3Sg8Kernel, conv3x3WgradSg8Kernel, 8]] as const;
/** [B, H, W, C, G] */
const GN_SHAPES: readonly (readonly [number, number, number, number, number])[] = [
  [1, 7, 7, 1, 1], [3, 7, 7, 3, 1], [3, 14, 14, 5, 5], [1, 28, 28, 3, 3], [3, 28, 28, 4, 2], [1, 7, 14, 6, 3], [3, 14, 14, 6, 2],
];
const RS_SHAPES: readonly (readonly [number, number, number, number])[] = [
  [1, 7, 7, 1], [3, 7, 7, 3], [1, 14, 14, 5], [3, 28, 28, 3], [3, 7, 14, 5], [1, 28, 28, 1],
];

function convCases(): ConvCase[] {
  const cases: ConvCase[] = [];
  CONV_SHAPES.forEach(([B, H, W, cin, cout], i) => {
    const o = i % 2 ? [3, 5, 2, 7] : [0, 0, 0, 0]; // x, params, cb, out offsets
    const np = C.conv3x3Size(cin, cout);
    const pix = B * H * W;
    const bias = i % 3 !== 2, cb = i % 2 === 0, beta = [0, 1, -0.5][i % 3];
    const sCb = cout + (i % 2);
    const { S, chunk } = C.wgradSplit(pix);
    for (const [fwdKernel, wgradKernel, subgroupSize] of CONV_FORMS) {
      cases.push({
        kernel: fwdKernel, label: `fwd B=${B} ${H}x${W} ${cin}->${cout} bias=${bias} cb=${cb} beta=${beta} off=${o}`,
        bufs: [[o[0] + pix * cin, 'sym'], [o[1] + np, 'sym'], [o[2] + B * sCb, 'sym'], [o[3] + pix * cout + 1, 'sym']], out: [3],
        launch: (be, [x, p, c, y]) => C.conv3x3Forward(be, {
          B, H, W, cin, cout, x, offX: o[0], params: p, offW: o[1], bias, cb: cb ? c : undefined, offCb: o[2], sCb, out: y, offOut: o[3], beta, subgroupSize,
        }),
      });
      cases.push({
        kernel: fwdKernel, label: `input-grad B=${B} ${H}x${W} ${cin}->${cout} beta=${beta} off=${o}`,
        bufs: [[o[0] + pix * cout, 'sym'], [o[1] + np, 'sym'], [o[3] + pix * cin + 1, 'sym']], out: [2],
        launch: (be, [dy, p, dx]) => C.conv3x3BackwardData(be, { B, H, W, cin, cout, dy, offDy: o[0], params: p, offW: o[1], dx, offDx: o[3], beta, subgroupSize }),
      });
      // the partials as the kernel writes them (offset scratch), then through the launcher with its column sum
      const offPart = i % 2 ? 4 : 0;
      cases.push({
        kernel: wgradKernel, label: `weight-grad partials B=${B} ${H}x${W} ${cin}->${cout} S=${S} chunk=${chunk} off=${o}`,
        bufs: [[o[0] + pix * cin, 'sym'], [o[3] + pix * cout, 'sym'], [offPart + S * np + 1, 'sym']], out: [2],
        launch: (be, [x, dy, part]) => C.conv3x3WgradPartials(be, { subgroupSize }, { B, H, W, Cin: cin, Cout: cout, S, chunk, offA: o[0], offDy: o[3], offPart }, [x, dy, part]),
      });
      cases.push({
        kernel: wgradKernel, label: `weight-grad B=${B} ${H}x${W} ${cin}->${cout} beta=${beta} off=${o}`,
        bufs: [[o[0] + pix * cin, 'sym'], [o[3] + pix * cout, 'sym'], [o[1] + np + 1, 'sym'], [S * np, 'sym']], out: [2],
        launch: (be, [x, dy, g, scratch]) => C.conv3x3BackwardWeights(be, {
          B, H, W, cin, cout, x, offX: o[0], dy, offDy: o[3], grads: g, offW: o[1], scratch, beta, subgroupSize,
        }),
      });
    }
    cases.push({
      kernel: chanSumKernel, label: `B=${B} HW=${H * W} C=${cout} sOut=${sCb} beta=${beta} off=${o}`,
      bufs: [[o[0] + pix * cout, 'sym'], [o[2] + B * sCb + 1, 'sym']], out: [1],
      launch: (be, [x, out]) => C.chanSum(be, { B, HW: H * W, C: cout, x, offX: o[0], out, offOut: o[2], sOut: sCb, beta }),
    });
  });
  return cases;
}

function gnCases(): ConvCase[] {
  const cases: ConvCase[] = [];
  GN_SHAPES.forEach(([B, H, W, Ch, G], i) => {
    const HW = H * W, n = B * HW * Ch;
    const o = i % 2 ? [2, 3, 5, 1, 4] : [0, 0, 0, 0, 0]; // x, stats, params, dout, sums/out
    const act = i % 2 ? 'silu' : 'none';
    const beta = [0, 1, 0.5][i % 3];
    const x = new Rng(40 + i, 7).uniform(o[0] + n, -1, 2);
    if (i === 3) for (let k = 0; k < x.length; k++) x[k] += 20; // a mean far from zero
    // plausible statistics: mean in (-1, 1), rstd in (0.5, 1.5)
    const stats = new Rng(50 + i, 7).uniform(o[1] + 2 * B * G + 1, 0.5, 1);
    for (let k = o[1]; k < stats.length; k += 2) stats[k] -= 1;
    const common = { B, HW, C: Ch, G, offX: o[0], offS: o[1], offG: o[2] };
    cases.push({
      kernel: gnStatsKernel, label: `B=${B} ${H}x${W} C=${Ch} G=${G}${i === 3 ? ' mean 20' : ''} off=${o}`,
      bufs: [[x.length, x], [o[1] + 2 * B * G + 1, 'sym']], out: [1],
      launch: (be, [xb, s]) => be.run(gnStatsKernel, { B, HW, C: Ch, G, eps: C.GN_EPS, offX: o[0], offS: o[1] }, [xb, s], [Math.ceil((B * G) / 64), 1, 1]),
    });
    cases.push({
      kernel: gnStatsWgKernel, label: `B=${B} ${H}x${W} C=${Ch} G=${G}${i === 3 ? ' mean 20' : ''} off=${o}`,
      bufs: [[x.length, x], [o[1] + 2 * B * G + 1, 'sym']], out: [1],
      launch: (be, [xb, s]) => be.run(gnStatsWgKernel, { B, HW, C: Ch, G, eps: C.GN_EPS, offX: o[0], offS: o[1] }, [xb, s], gnStatsWgGroups(B * G)),
    });
    cases.push({
      kernel: gnApplyKernel, label: `B=${B} ${H}x${W} C=${Ch} G=${G} act=${act} off=${o}`,
      bufs: [[x.length, x], [stats.length, stats], [o[2] + 2 * Ch, 'sym'], [o[4] + n + 1, 'sym']], out: [3],
      launch: (be, [xb, s, p, out]) => be.run(gnApplyKernel, { ...common, act: act === 'silu' ? 1 : 0, offOut: o[4] }, [xb, s, p, out], [Math.ceil((B * HW) / 64), 1, 1]),
    });
    cases.push({
      kernel: gnBwdChanKernel, label: `B=${B} ${H}x${W} C=${Ch} G=${G} act=${act} off=${o}`,
      bufs: [[x.length, x], [stats.length, stats], [o[2] + 2 * Ch, 'sym'], [o[3] + n, 'sym'], [o[4] + 2 * B * Ch + 1, 'sym']], out: [4],
      launch: (be, [xb, s, p, d, sums]) => be.run(gnBwdChanKernel, { ...common, act: act === 'silu' ? 1 : 0, offDout: o[3], offSum: o[4] }, [xb, s, p, d, sums], [Math.ceil((B * Ch) / 64), 1, 1]),
    });
    cases.push({
      kernel: gnBwdDxKernel, label: `B=${B} ${H}x${W} C=${Ch} G=${G} act=${act} beta=${beta} off=${o}`,
      bufs: [[x.length, x], [stats.length, stats], [o[2] + 2 * Ch, 'sym'], [o[3] + n, 'sym'], [o[4] + 2 * B * Ch, 'sym'], [o[1] + n + 1, 'sym']], out: [5],
      launch: (be, [xb, s, p, d, sums, dx]) => be.run(gnBwdDxKernel, { ...common, act: act === 'silu' ? 1 : 0, offDout: o[3], offSum: o[4], offDx: o[1], beta }, [xb, s, p, d, sums, dx], [Math.ceil((B * HW) / 64), 1, 1]),
    });
  });
  return cases;
}

function resampleCases(): ConvCase[] {
  const cases: ConvCase[] = [];
  RS_SHAPES.forEach(([B, H, W, Ch], i) => {
    const Ho = Math.ceil(H / 2), Wo = Math.ceil(W / 2);
    const o = i % 2 ? [3, 2, 5] : [0, 0, 0];
    const beta = [0, 1, -0.5][i % 3];
    const big = B * H * W * Ch, small = B * Ho * Wo * Ch;
    const s = { B, H, W, C: Ch };
    cases.push({ kernel: pool2FwdKernel, label: `B=${B} ${H}x${W} C=${Ch} beta=${beta} off=${o}`, bufs: [[o[0] + big, 'sym'], [o[1] + small + 1, 'sym']], out: [1],
      launch: (be, [x, y]) => C.pool2Forward(be, s, x, y, o[0], o[1], beta) });
    cases.push({ kernel: pool2BwdKernel, label: `B=${B} ${H}x${W} C=${Ch} beta=${beta} off=${o}`, bufs: [[o[0] + small, 'sym'], [o[1] + big + 1, 'sym']], out: [1],
      launch: (be, [d, dx]) => C.pool2Backward(be, s, d, dx, o[0], o[1], beta) });
    // up-sampling from the pooled size back to H x W (odd sizes: 2h - 1), and to 2h x 2w
    for (const [h, w, ho, wo] of [[Ho, Wo, H, W], [H, W, 2 * H, 2 * W]]) {
      const lo = B * h * w * Ch, hi = B * ho * wo * Ch, u = { B, H: h, W: w, Ho: ho, Wo: wo, C: Ch };
      const skip = (i + ho) % 2 === 0;
      cases.push({ kernel: up2FwdKernel, label: `B=${B} ${h}x${w}->${ho}x${wo} C=${Ch} skip=${skip} off=${o}`,
        bufs: [[o[0] + lo, 'sym'], [o[2] + hi, 'sym'], [o[1] + hi + 1, 'sym']], out: [2],
        launch: (be, [x, sk, y]) => C.up2Forward(be, u, x, y, { skip: skip ? sk : undefined, offSkip: o[2], offX: o[0], offOut: o[1] }) });
      cases.push({ kernel: up2BwdKernel, label: `B=${B} ${h}x${w}->${ho}x${wo} C=${Ch} beta=${beta} off=${o}`,
        bufs: [[o[0] + hi, 'sym'], [o[1] + lo + 1, 'sym']], out: [1],
        launch: (be, [d, dx]) => C.up2Backward(be, u, d, dx, o[0], o[1], beta) });
    }
  });
  return cases;
}

/** [B, H, W, C]; the embedding rows are wider than 2C (other blocks' columns) and offset. */
const FILM_SHAPES: readonly (readonly [number, number, number, number])[] = [
  [1, 7, 7, 1], [3, 7, 7, 3], [2, 14, 14, 8], [3, 28, 28, 5], [2, 7, 14, 24], [1, 28, 28, 8],
];

function filmCases(): ConvCase[] {
  const cases: ConvCase[] = [];
  FILM_SHAPES.forEach(([B, H, W, Ch], i) => {
    const HW = H * W, n = B * HW * Ch;
    const o = i % 2 ? [3, 2, 5] : [0, 0, 0]; // x, m (column), out / dout
    const sM = 2 * Ch + 3 * (i % 3);
    const act = i % 3 === 1 ? 'none' : 'silu';
    const beta = [0, 1, -0.5][i % 3];
    const m = new Rng(60 + i, 7).uniform(B * sM + o[1] + 2, -1, 2);
    const args = { B, HW, C: Ch, act, offX: o[0], offM: o[1], sM } as const;
    cases.push({
      kernel: filmFwdKernel, label: `B=${B} ${H}x${W} C=${Ch} sM=${sM} act=${act} off=${o}`,
      bufs: [[o[0] + n, 'sym'], [m.length, m], [o[2] + n + 1, 'sym']], out: [2],
      launch: (be, [x, mb, y]) => C.filmForward(be, { ...args, x, m: mb, out: y, offOut: o[2] }),
    });
    cases.push({
      kernel: filmBwdKernel, label: `B=${B} ${H}x${W} C=${Ch} sM=${sM} act=${act} beta=${beta} off=${o}`,
      bufs: [[o[0] + n, 'sym'], [m.length, m], [o[2] + n, 'sym'], [o[0] + n + 1, 'sym'], [m.length, 'sym']], out: [3, 4],
      launch: (be, [x, mb, d, dx, dm]) => C.filmBackward(be, { ...args, x, m: mb, dout: d, offDout: o[2], dx, offDx: o[0], beta, dm }),
    });
  });
  return cases;
}

export function convCasesAll(): ConvCase[] {
  return [...convCases(), ...gnCases(), ...resampleCases(), ...filmCases()];
}

async function runCase(be: Backend, c: ConvCase, data: Float32Array[]): Promise<Float32Array[]> {
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

/** Run the image-kernel cases on `gpu` and on the CPU reference; one report per kernel of CONV_KERNELS. */
export async function runConvKernelChecks(gpu: Backend, cpu: CpuBackend, opts: KernelCheckOptions = {}): Promise<KernelCheckReport[]> {
  const relTol = opts.relTol ?? 1e-4;
  const reports = emptyReports(CONV_KERNELS, gpu, opts.only);
  const rng = new Rng(opts.seed ?? 20240531, 0xc0);
  const worst = new Map<string, number>();
  for (const c of convCasesAll()) {
    const rep = reports.get(c.kernel.name);
    if (!rep || rep.skipped) continue;
    opts.onCase?.(c.kernel.name, c.label);
    const data = c.bufs.map(([len, init]) => (init instanceof Float32Array ? init : init === 'pos' ? rng.uniform(len, 0.5, 1) : rng.uniform(len, -1, 2)));
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
      const ok = maxRel <= relTol;
      rep.maxAbs = Math.max(rep.maxAbs, maxAbs);
      rep.maxRel = Math.max(rep.maxRel, maxRel);
      if (rep.ok && (!ok || maxRel > (worst.get(c.kernel.name) ?? -1))) {
        worst.set(c.kernel.name, maxRel);
        rep.worst = at < 0 ? c.label : `${c.label} [buffer ${c.out[j]}, index ${at}: gpu ${got[j][at]} cpu ${ref[j][at]}]`;
      }
      if (!ok) rep.ok = false;
    }
  }
  return [...reports.values()];
}
