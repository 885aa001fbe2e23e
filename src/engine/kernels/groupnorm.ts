import src from './groupnorm.wgsl?raw';
import { defineKernel, groups1d, wgslSections } from '../kernel';

const S = wgslSections(src);

const sigm = (v: number) => 1 / (1 + Math.exp(-v));
/** act 0: identity, 1: SiLU (the codes of ops.ACT). */
export const gnAct = (v: number, code: number) => (code === 1 ? v * sigm(v) : v);
export const gnActGrad = (v: number, code: number) => {
  if (code !== 1) return 1;
  const s = sigm(v);
  return s * (1 + v * (1 - s));
};

/** The statistics as gn_stats computes them: float64 here, two passes. */
function stat(p: { HW: number; C: number; G: number; offX: number }, x: Float32Array, b: number, g: number, eps: number): [number, number] {
  const Cg = p.C / p.G;
  const x0 = p.offX + b * p.HW * p.C + g * Cg;
  let s = 0;
  for (let q = 0; q < p.HW; q++) for (let j = 0; j < Cg; j++) s += x[x0 + q * p.C + j];
  const n = p.HW * Cg;
  const mean = s / n;
  let v = 0;
  for (let q = 0; q < p.HW; q++) for (let j = 0; j < Cg; j++) v += (x[x0 + q * p.C + j] - mean) ** 2;
  return [mean, 1 / Math.sqrt(v / n + eps)];
}

export const gnStatsKernel = defineKernel(S, {
  name: 'gn_stats',
  params: [['B', 'u32'], ['HW', 'u32'], ['C', 'u32'], ['G', 'u32'], ['eps', 'f32'], ['offX', 'u32'], ['offS', 'u32']],
  bindings: [{ name: 'x', write: false }, { name: 'stats', write: true }],
  cpu: (p, [x, stats]) => {
    for (let b = 0; b < p.B; b++) {
      for (let g = 0; g < p.G; g++) {
        const [m, r] = stat(p, x, b, g, p.eps);
        stats[p.offS + 2 * (b * p.G + g)] = m;
        stats[p.offS + 2 * (b * p.G + g) + 1] = r;
      }
    }
  },
});

/**
 * gn_stats for GPUs: one workgroup of 64 per (b, g) (grid: workgroups, see gnStatsWgGroups),
 * tree-summed partial sums. Same output and twin as gn_stats; the order of the sums differs.
 */
export const gnStatsWgKernel = defineKernel(S, {
  name: 'gn_stats_wg', params: gnStatsKernel.params, bindings: gnStatsKernel.bindings, cpu: gnStatsKernel.cpu,
});
/** gn_stats_wg's grid for B G statistics: one workgroup each, folded into y past 65,535. */
export function gnStatsWgGroups(n: number): [number, number, number] {
  return groups1d(n, 1);
}

type GnP = { B: number; HW: number; C: number; G: number; offX: number; offS: number; offG: number; act: number };
/** Normalised value, pre-activation and group of element e (reads the saved statistics). */
function elem(p: GnP, x: Float32Array, stats: Float32Array, P: Float32Array, e: number) {
  const c = e % p.C, b = Math.floor(e / (p.HW * p.C));
  const g = Math.floor(c / (p.C / p.G));
  const sg = p.offS + 2 * (b * p.G + g);
  const rstd = stats[sg + 1];
  const xh = (x[p.offX + e] - stats[sg]) * rstd;
  return { c, b, g, rstd, xh, pre: xh * P[p.offG + c] + P[p.offG + p.C + c] };
}

export const gnApplyKernel = defineKernel(S, {
  name: 'gn_apply',
  params: [['B', 'u32'], ['HW', 'u32'], ['C', 'u32'], ['G', 'u32'], ['act', 'u32'], ['offX', 'u32'], ['offS', 'u32'], ['offG', 'u32'], ['offOut', 'u32']],
  bindings: [{ name: 'x', write: false }, { name: 'stats', write: false }, { name: 'P', write: false }, { name: 'out', write: true }],
  cpu: (p, [x, stats, P, out]) => {
    for (let e = 0; e < p.B * p.HW * p.C; e++) out[p.offOut + e] = gnAct(elem(p, x, stats, P, e).pre, p.act);
  },
});

export const gnBwdChanKernel = defineKernel(S, {
  name: 'gn_bwd_chan',
  params: [['B', 'u32'], ['HW', 'u32'], ['C', 'u32'], ['G', 'u32'], ['act', 'u32'], ['offX', 'u32'], ['offS', 'u32'], ['offG', 'u32'], ['offDout', 'u32'], ['offSum', 'u32']],
  bindings: [{ name: 'x', write: false }, { name: 'stats', write: false }, { name: 'P', write: false }, { name: 'dout', write: false }, { name: 'sums', write: true }],
  cpu: (p, [x, stats, P, dout, sums]) => {
    for (let b = 0; b < p.B; b++) {
      for (let c = 0; c < p.C; c++) {
        let s0 = 0, s1 = 0;
        for (let q = 0; q < p.HW; q++) {
          const e = (b * p.HW + q) * p.C + c;
          const r = elem(p, x, stats, P, e);
          const gy = dout[p.offDout + e] * gnActGrad(r.pre, p.act);
          s0 += gy * r.xh;
          s1 += gy;
        }
        sums[p.offSum + b * 2 * p.C + c] = s0;
        sums[p.offSum + b * 2 * p.C + p.C + c] = s1;
      }
    }
  },
});

export const gnBwdDxKernel = defineKernel(S, {
  name: 'gn_bwd_dx',
  params: [
    ['B', 'u32'], ['HW', 'u32'], ['C', 'u32'], ['G', 'u32'], ['act', 'u32'], ['offX', 'u32'], ['offS', 'u32'], ['offG', 'u32'],
    ['offDout', 'u32'], ['offSum', 'u32'], ['offDx', 'u32'], ['beta', 'f32'],
  ],
  bindings: [
    { name: 'x', write: false }, { name: 'stats', write: false }, { name: 'P', write: false }, { name: 'dout', write: false },
    { name: 'sums', write: false }, { name: 'dx', write: true },
  ],
  cpu: (p, [x, stats, P, dout, sums, dx]) => {
    const Cg = p.C / p.G, n = p.HW * Cg;
    for (let e = 0; e < p.B * p.HW * p.C; e++) {
      const r = elem(p, x, stats, P, e);
      let m0 = 0, m1 = 0;
      const sb = p.offSum + r.b * 2 * p.C;
      for (let j = r.g * Cg; j < (r.g + 1) * Cg; j++) {
        m0 += P[p.offG + j] * sums[sb + j];
        m1 += P[p.offG + j] * sums[sb + p.C + j];
      }
      const gy = dout[p.offDout + e] * gnActGrad(r.pre, p.act);
      let v = r.rstd * (gy * P[p.offG + r.c] - m1 / n - r.xh * (m0 / n));
      if (p.beta !== 0) v += p.beta * dx[p.offDx + e];
      dx[p.offDx + e] = v;
    }
  },
});
