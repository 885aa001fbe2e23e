/**
 * Kernel self-test cases for the diffusion layer (src/diffusion/kernels/edm.ts), and a
 * small generic runner that the distillation layer reuses (src/distill/selftestCases.ts).
 *
 * Same method, metric and tolerance as src/engine/selftest.ts (`compareArrays`, maxRel <=
 * relTol, default 1e-4): every buffer a kernel may write is filled with seeded values on
 * both backends and compared over its whole length (one element past the intended range
 * included), so writes out of range are caught. Shapes are odd (1, 3, 17, 257, 300, 1000
 * rows; d = 1, 2, 3, 5), offsets alternate between zero and non-zero, and noise levels span
 * the whole EDM range [0.002, 80] with sigma = sigma_data and sigma = 1 included.
 *
 * The engine's `runKernelChecks` covers src/engine/kernels only (the engine imports nothing
 * from the layers above it), so the app's self-test runs these after it:
 *
 *   const reports = [
 *     ...(await runKernelChecks(gpu, cpu)),
 *     ...(await runEdmKernelChecks(gpu, cpu)),
 *     ...(await runDistillKernelChecks(gpu, cpu)),
 *   ];
 *
 * No Node-only imports: this runs in the browser too.
 */
import type { Backend, Buf } from '../engine/backend';
import type { CpuBackend } from '../engine/cpu/cpuBackend';
import { groups1d, type KernelDef } from '../engine/kernel';
import { Rng } from '../engine/philox';
import { compareArrays, emptyReports, type KernelCheckOptions, type KernelCheckReport } from '../engine/selftest';
import {
  addNoiseKernel, dsmGradKernel, EDM_KERNELS, edmInKernel, edmOutBwdKernel, edmOutKernel, guideMixKernel, samplerStepKernel, sigmaLognormalKernel,
} from './kernels/edm';

/** sym: U(-1, 1), pos: U(0.5, 1.5), zero, or explicit contents. */
export type CaseInit = 'sym' | 'pos' | 'zero' | Float32Array;

export interface KernelCase {
  kernel: KernelDef;
  label: string;
  /** [length, initial contents] of each buffer */
  bufs: readonly (readonly [number, CaseInit])[];
  /** indices of the buffers to compare after the launch (every buffer the kernel writes) */
  out: readonly number[];
  launch: (be: Backend, b: Buf[]) => void;
}

/** Rows x data dimension of the 1-D-launch cases. */
export const EDM_SHAPES: readonly (readonly [number, number])[] = [[1, 1], [3, 2], [17, 3], [257, 2], [300, 5], [1000, 1]];

/**
 * `n` noise levels, log-uniform over [0.002, 80], with the edges 0.002 and 80, sigma_data
 * (0.5) and 1 written at the front of the range [off, off + n); entries before `off` are 1.
 */
export function sigmaValues(off: number, n: number, seed: number): Float32Array {
  const out = new Float32Array(off + n).fill(1);
  const u = new Rng(seed, 0x51a).uniform(n);
  const lo = Math.log(0.002), hi = Math.log(80);
  for (let i = 0; i < n; i++) out[off + i] = Math.exp(lo + (hi - lo) * u[i]);
  [0.002, 80, 0.5, 1].forEach((v, j) => { if (j < n) out[off + j] = v; });
  return out;
}

function symValues(n: number, seed: number, scale = 1): Float32Array {
  return new Rng(seed, 0x5e).uniform(n, -scale, 2 * scale);
}

/** With `large`, one case past 65535 workgroups, where groups1d switches to a 2-D grid (2 x 67 MB buffers). */
export function edmCases(large = false): KernelCase[] {
  const cases: KernelCase[] = [];
  if (large) {
    const n = 65535 * 256 + 7;
    const sig = new Float32Array([0.7]);
    cases.push({
      kernel: edmOutBwdKernel, label: `2-D grid: B=1 d=${n}`,
      bufs: [[1, sig], [n, 'sym'], [n + 1, 'sym']], out: [2],
      launch: (be, [s, dD, dF]) => be.run(edmOutBwdKernel, { B: 1, d: n, sd: 0.5, offS: 0, offDD: 0 }, [s, dD, dF], groups1d(n)),
    });
  }
  EDM_SHAPES.forEach(([B, d], idx) => {
    const off = idx % 2 === 1;
    const [oX, oS, oD] = off ? [3, 2, 5] : [0, 0, 0];
    const sd = idx % 3 === 2 ? 1.3 : 0.5;
    const n = B * d;
    const sig = sigmaValues(oS, B, 100 + idx);
    const tag = `B=${B} d=${d} sd=${sd}${off ? ' offsets' : ''}`;
    cases.push({
      kernel: edmInKernel, label: tag,
      bufs: [[oX + n, 'sym'], [sig.length, sig], [n + 1, 'sym'], [B + 1, 'sym']], out: [2, 3],
      launch: (be, [x, s, xin, cn]) => be.run(edmInKernel, { B, d, sd, offX: oX, offS: oS }, [x, s, xin, cn], groups1d(n)),
    });
    cases.push({
      kernel: edmOutKernel, label: tag,
      // F of the size a network output has (about unit scale, here up to 3)
      bufs: [[oX + n, 'sym'], [sig.length, sig], [n, symValues(n, 200 + idx, 3)], [n + 1, 'sym']], out: [3],
      launch: (be, [x, s, F, D]) => be.run(edmOutKernel, { B, d, sd, offX: oX, offS: oS }, [x, s, F, D], groups1d(n)),
    });
    cases.push({
      kernel: edmOutBwdKernel, label: tag,
      bufs: [[sig.length, sig], [oD + n, 'sym'], [n + 1, 'sym']], out: [2],
      launch: (be, [s, dD, dF]) => be.run(edmOutBwdKernel, { B, d, sd, offS: oS, offDD: oD }, [s, dD, dF], groups1d(n)),
    });
    const sig0 = sigmaValues(0, B, 300 + idx);
    cases.push({
      kernel: addNoiseKernel, label: `B=${B} d=${d}${off ? ' offX0' : ''}`,
      bufs: [[oX + n, 'sym'], [B, sig0], [n, symValues(n, 400 + idx, 3)], [n + 1, 'sym']], out: [3],
      launch: (be, [x0, s, eps, x]) => be.run(addNoiseKernel, { B, d, offX0: oX }, [x0, s, eps, x], groups1d(n)),
    });
    cases.push({
      kernel: dsmGradKernel, label: tag,
      bufs: [[n, 'sym'], [oX + n, 'sym'], [B, sig0], [n + 1, 'sym'], [B + 1, 'sym']], out: [3, 4],
      launch: (be, [D, x0, s, dF, rows]) => be.run(dsmGradKernel, { B, d, sd, offX0: oX }, [D, x0, s, dF, rows], groups1d(B)),
    });
  });
  // guide_mix: in place, an interval that holds some rows (and its edges), the whole range, none; clamped or not
  EDM_SHAPES.forEach(([B, d], idx) => {
    const n = B * d;
    const sig = sigmaValues(0, B, 800 + idx);
    for (const [w, lo, hi, c] of [[3, 0.3, 20, 3e38], [2.5, 0, 1e30, 1], [0, 0.5, 1, 3e38], [1.7, 100, 200, 1], [3, 0, 1e30, 0.5]]) {
      cases.push({
        kernel: guideMixKernel, label: `B=${B} d=${d} w=${w} [${lo}, ${hi}] clamp ${c}`,
        bufs: [[n, symValues(n, 900 + idx, 2)], [B, sig], [n + 1, symValues(n + 1, 950 + idx, 2)]], out: [2],
        launch: (be, [Dg, s, D]) => be.run(guideMixKernel, { B, d, w, lo, hi, cmin: -c, cmax: c }, [Dg, s, D], groups1d(n)),
      });
    }
  });
  // sigma_lognormal: in place on N(0, 1)-like values in [-4, 4] (the clamps are hit)
  for (const B of [1, 3, 17, 257, 1000]) {
    for (const [pMean, pStd, lo, hi] of [[-1.2, 1.2, 0.002, 20], [-1.2, 1.2, 1e-6, 1e6], [0.3, 0.5, 0.5, 2]]) {
      cases.push({
        kernel: sigmaLognormalKernel, label: `B=${B} pMean=${pMean} pStd=${pStd} [${lo}, ${hi}]`,
        bufs: [[B + 1, symValues(B + 1, 500 + B, 4)]], out: [0],
        launch: (be, [s]) => be.run(sigmaLognormalKernel, { B, pMean, pStd, lo, hi }, [s], groups1d(B)),
      });
    }
  }
  // sampler_step: Euler and Heun over steps of a Karras grid (large, unit and tiny sigma)
  const steps: [number, number, number][] = [[80, 57.3, 0], [80, 57.3, 1], [2.5, 1.9, 1], [0.5, 0.31, 1], [0.002, 0, 0], [1, 0.002, 1]];
  steps.forEach(([s, s1, heun], j) => {
    for (const n of [1, 17, 257, 1000]) {
      const amp = Math.max(s, 1);
      cases.push({
        kernel: samplerStepKernel, label: `n=${n} s=${s} s1=${s1} heun=${heun}`,
        bufs: [[n, symValues(n, 600 + j, amp)], [n, 'sym'], [n, symValues(n, 700 + j, amp)], [n, 'sym'], [n + 1, 'sym']], out: [4],
        launch: (be, [x, D, x1, D1, out]) =>
          be.run(samplerStepKernel, { n, h: s1 - s, s, s1: heun ? s1 : 1, heun }, [x, D, x1, D1, out], groups1d(n)),
      });
    }
  });
  return cases;
}

function initData(len: number, init: CaseInit, rng: Rng): Float32Array {
  if (init instanceof Float32Array) {
    if (init.length !== len) throw new Error(`case buffer: ${init.length} values for a buffer of ${len}`);
    return init;
  }
  if (init === 'zero') return new Float32Array(len);
  if (init === 'pos') return rng.uniform(len, 0.5, 1);
  return rng.uniform(len, -1, 2);
}

async function runCase(be: Backend, c: KernelCase, data: Float32Array[]): Promise<Float32Array[]> {
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

/** Run `cases` on `gpu` and on the CPU reference; one report per kernel of `kernels`, in that order. */
export async function runCaseChecks(
  gpu: Backend, cpu: CpuBackend, kernels: readonly KernelDef[], cases: readonly KernelCase[], opts: KernelCheckOptions = {},
): Promise<KernelCheckReport[]> {
  const relTol = opts.relTol ?? 1e-4;
  const reports = emptyReports(kernels, gpu, opts.only);
  const rng = new Rng(opts.seed ?? 20240531, 0x5e1f + 1);
  const worst = new Map<string, number>();
  for (const c of cases) {
    const rep = reports.get(c.kernel.name);
    if (!rep || rep.skipped) continue;
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

/** Every kernel of src/diffusion/kernels on `gpu` against the CPU twins (opts.large: default false). */
export function runEdmKernelChecks(gpu: Backend, cpu: CpuBackend, opts: KernelCheckOptions = {}): Promise<KernelCheckReport[]> {
  return runCaseChecks(gpu, cpu, EDM_KERNELS, edmCases(opts.large ?? false), opts);
}
