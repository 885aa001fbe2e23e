import src from './edm.wgsl?raw';
import { defineKernel, wgslSections } from '../../engine/kernel';
import { cIn, cNoise, cOut, cSkip, lambdaWeight } from '../edm';

const S = wgslSections(src);

export const edmInKernel = defineKernel(S, {
  name: 'edm_in',
  params: [['B', 'u32'], ['d', 'u32'], ['sd', 'f32'], ['offX', 'u32'], ['offS', 'u32']],
  bindings: [{ name: 'x', write: false }, { name: 'sigma', write: false }, { name: 'xin', write: true }, { name: 'cnoise', write: true }],
  cpu: (p, [x, sigma, xin, cnoise]) => {
    for (let i = 0; i < p.B; i++) {
      const s = sigma[p.offS + i];
      const ci = cIn(s, p.sd);
      for (let j = 0; j < p.d; j++) xin[i * p.d + j] = ci * x[p.offX + i * p.d + j];
      cnoise[i] = cNoise(s);
    }
  },
});

export const edmOutKernel = defineKernel(S, {
  name: 'edm_out',
  params: [['B', 'u32'], ['d', 'u32'], ['sd', 'f32'], ['offX', 'u32'], ['offS', 'u32']],
  bindings: [{ name: 'x', write: false }, { name: 'sigma', write: false }, { name: 'F', write: false }, { name: 'D', write: true }],
  cpu: (p, [x, sigma, F, D]) => {
    for (let e = 0; e < p.B * p.d; e++) {
      const s = sigma[p.offS + Math.floor(e / p.d)];
      D[e] = cSkip(s, p.sd) * x[p.offX + e] + cOut(s, p.sd) * F[e];
    }
  },
});

export const edmOutBwdKernel = defineKernel(S, {
  name: 'edm_out_bwd',
  params: [['B', 'u32'], ['d', 'u32'], ['sd', 'f32'], ['offS', 'u32'], ['offDD', 'u32']],
  bindings: [{ name: 'sigma', write: false }, { name: 'dD', write: false }, { name: 'dF', write: true }],
  cpu: (p, [sigma, dD, dF]) => {
    for (let e = 0; e < p.B * p.d; e++) dF[e] = cOut(sigma[p.offS + Math.floor(e / p.d)], p.sd) * dD[p.offDD + e];
  },
});

export const addNoiseKernel = defineKernel(S, {
  name: 'add_noise',
  params: [['B', 'u32'], ['d', 'u32'], ['offX0', 'u32']],
  bindings: [{ name: 'x0', write: false }, { name: 'sigma', write: false }, { name: 'eps', write: false }, { name: 'x', write: true }],
  cpu: (p, [x0, sigma, eps, x]) => {
    for (let e = 0; e < p.B * p.d; e++) x[e] = x0[p.offX0 + e] + sigma[Math.floor(e / p.d)] * eps[e];
  },
});

export const sigmaLognormalKernel = defineKernel(S, {
  name: 'sigma_lognormal',
  params: [['B', 'u32'], ['pMean', 'f32'], ['pStd', 'f32'], ['lo', 'f32'], ['hi', 'f32']],
  bindings: [{ name: 'sigma', write: true }],
  cpu: (p, [sigma]) => {
    for (let i = 0; i < p.B; i++) sigma[i] = Math.min(Math.max(Math.exp(p.pMean + p.pStd * sigma[i]), p.lo), p.hi);
  },
});

export const dsmGradKernel = defineKernel(S, {
  name: 'dsm_grad',
  params: [['B', 'u32'], ['d', 'u32'], ['sd', 'f32'], ['offX0', 'u32']],
  bindings: [{ name: 'D', write: false }, { name: 'x0', write: false }, { name: 'sigma', write: false }, { name: 'dF', write: true }, { name: 'rows', write: true }],
  cpu: (p, [D, x0, sigma, dF, rows]) => {
    for (let i = 0; i < p.B; i++) {
      const s = sigma[i];
      const lw = lambdaWeight(s, p.sd);
      const co = cOut(s, p.sd);
      let acc = 0;
      for (let j = 0; j < p.d; j++) {
        const e = i * p.d + j;
        const r = D[e] - x0[p.offX0 + e];
        acc += r * r;
        dF[e] = (co * 2 * lw * r) / p.B;
      }
      rows[i] = lw * acc;
    }
  },
});

export const samplerStepKernel = defineKernel(S, {
  name: 'sampler_step',
  params: [['n', 'u32'], ['h', 'f32'], ['s', 'f32'], ['s1', 'f32'], ['heun', 'u32']],
  bindings: [{ name: 'x', write: false }, { name: 'D', write: false }, { name: 'x1', write: false }, { name: 'D1', write: false }, { name: 'out', write: true }],
  cpu: (p, [x, D, x1, D1, out]) => {
    for (let e = 0; e < p.n; e++) {
      const d0 = (x[e] - D[e]) / p.s;
      out[e] = p.heun === 0 ? x[e] + p.h * d0 : x[e] + p.h * 0.5 * (d0 + (x1[e] - D1[e]) / p.s1);
    }
  },
});

/** The largest finite f32: guide_mix's bound for "no bound" (an open interval end, no clamp). */
export const F32_MAX = 3.4e38;

/**
 * Guidance on a noise interval, per row: in place D = clamp(Dg + w (D - Dg), cmin, cmax) where
 * sigma_i lies in [lo, hi], D unchanged elsewhere (guidance distillation's target, `GuidedTarget`,
 * and the sampler's autoguidance; cmin / cmax = -/+ the largest f32 clamp nothing).
 */
export const guideMixKernel = defineKernel(S, {
  name: 'guide_mix',
  params: [['B', 'u32'], ['d', 'u32'], ['w', 'f32'], ['lo', 'f32'], ['hi', 'f32'], ['cmin', 'f32'], ['cmax', 'f32']],
  bindings: [{ name: 'Dg', write: false }, { name: 'sigma', write: false }, { name: 'D', write: true }],
  cpu: (p, [Dg, sigma, D]) => {
    for (let e = 0; e < p.B * p.d; e++) {
      const s = sigma[Math.floor(e / p.d)];
      if (s >= p.lo && s <= p.hi) D[e] = Math.min(Math.max(Dg[e] + p.w * (D[e] - Dg[e]), p.cmin), p.cmax);
    }
  },
});

export const EDM_KERNELS = [edmInKernel, edmOutKernel, edmOutBwdKernel, addNoiseKernel, sigmaLognormalKernel, dsmGradKernel, samplerStepKernel, guideMixKernel];
