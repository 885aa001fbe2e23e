import src from './resample.wgsl?raw';
import { defineKernel, wgslSections } from '../kernel';

const S = wgslSections(src);
const win = (i: number, n: number) => Math.min(2, n - 2 * i);
const half = (n: number) => Math.ceil(n / 2);

/** 2x2 average pooling, NHWC [B, H, W, C] -> [B, ceil(H/2), ceil(W/2), C]. */
export const pool2FwdKernel = defineKernel(S, {
  name: 'pool2_fwd',
  params: [['B', 'u32'], ['H', 'u32'], ['W', 'u32'], ['C', 'u32'], ['offX', 'u32'], ['offOut', 'u32'], ['beta', 'f32']],
  bindings: [{ name: 'x', write: false }, { name: 'out', write: true }],
  cpu: (p, [x, out]) => {
    const Ho = half(p.H), Wo = half(p.W);
    for (let b = 0; b < p.B; b++) for (let yo = 0; yo < Ho; yo++) for (let xo = 0; xo < Wo; xo++) for (let c = 0; c < p.C; c++) {
      let s = 0;
      for (let i = 0; i < win(yo, p.H); i++) for (let j = 0; j < win(xo, p.W); j++) s += x[p.offX + ((b * p.H + 2 * yo + i) * p.W + 2 * xo + j) * p.C + c];
      const o = p.offOut + ((b * Ho + yo) * Wo + xo) * p.C + c;
      let v = s / (win(yo, p.H) * win(xo, p.W));
      if (p.beta !== 0) v += p.beta * out[o];
      out[o] = v;
    }
  },
});

export const pool2BwdKernel = defineKernel(S, {
  name: 'pool2_bwd',
  params: [['B', 'u32'], ['H', 'u32'], ['W', 'u32'], ['C', 'u32'], ['offDout', 'u32'], ['offDx', 'u32'], ['beta', 'f32']],
  bindings: [{ name: 'dout', write: false }, { name: 'dx', write: true }],
  cpu: (p, [dout, dx]) => {
    const Ho = half(p.H), Wo = half(p.W);
    for (let b = 0; b < p.B; b++) for (let y = 0; y < p.H; y++) for (let x = 0; x < p.W; x++) for (let c = 0; c < p.C; c++) {
      const yo = y >> 1, xo = x >> 1;
      const o = p.offDx + ((b * p.H + y) * p.W + x) * p.C + c;
      let v = dout[p.offDout + ((b * Ho + yo) * Wo + xo) * p.C + c] / (win(yo, p.H) * win(xo, p.W));
      if (p.beta !== 0) v += p.beta * dx[o];
      dx[o] = v;
    }
  },
});

/** Nearest 2x up-sampling [B, H, W, C] -> [B, Ho, Wo, C] (2H - 1 <= Ho <= 2H), plus an optional skip. */
export const up2FwdKernel = defineKernel(S, {
  name: 'up2_fwd',
  params: [['B', 'u32'], ['H', 'u32'], ['W', 'u32'], ['Ho', 'u32'], ['Wo', 'u32'], ['C', 'u32'], ['offX', 'u32'], ['hasSkip', 'u32'], ['offSkip', 'u32'], ['offOut', 'u32']],
  bindings: [{ name: 'x', write: false }, { name: 'skip', write: false }, { name: 'out', write: true }],
  cpu: (p, [x, skip, out]) => {
    for (let b = 0; b < p.B; b++) for (let y = 0; y < p.Ho; y++) for (let xo = 0; xo < p.Wo; xo++) for (let c = 0; c < p.C; c++) {
      const e = ((b * p.Ho + y) * p.Wo + xo) * p.C + c;
      let v = x[p.offX + ((b * p.H + (y >> 1)) * p.W + (xo >> 1)) * p.C + c];
      if (p.hasSkip) v += skip[p.offSkip + e];
      out[p.offOut + e] = v;
    }
  },
});

export const up2BwdKernel = defineKernel(S, {
  name: 'up2_bwd',
  params: [['B', 'u32'], ['H', 'u32'], ['W', 'u32'], ['Ho', 'u32'], ['Wo', 'u32'], ['C', 'u32'], ['offDout', 'u32'], ['offDx', 'u32'], ['beta', 'f32']],
  bindings: [{ name: 'dout', write: false }, { name: 'dx', write: true }],
  cpu: (p, [dout, dx]) => {
    for (let b = 0; b < p.B; b++) for (let y = 0; y < p.H; y++) for (let x = 0; x < p.W; x++) for (let c = 0; c < p.C; c++) {
      let s = 0;
      for (let i = 0; i < win(y, p.Ho); i++) for (let j = 0; j < win(x, p.Wo); j++) s += dout[p.offDout + ((b * p.Ho + 2 * y + i) * p.Wo + 2 * x + j) * p.C + c];
      const o = p.offDx + ((b * p.H + y) * p.W + x) * p.C + c;
      if (p.beta !== 0) s += p.beta * dx[o];
      dx[o] = s;
    }
  },
});
