import src from './elementwise.wgsl?raw';
import { defineKernel, wgslSections } from '../kernel';

const S = wgslSections(src);

export const ewBinaryKernel = defineKernel(S, {
  name: 'ew_binary',
  params: [['n', 'u32'], ['op', 'u32'], ['offA', 'u32'], ['offB', 'u32'], ['offOut', 'u32']],
  bindings: [{ name: 'a', write: false }, { name: 'b', write: false }, { name: 'out', write: true }],
  cpu: (p, [a, b, out]) => {
    for (let i = 0; i < p.n; i++) {
      const u = a[p.offA + i], v = b[p.offB + i];
      out[p.offOut + i] = p.op === 1 ? u - v : p.op === 2 ? u * v : u + v;
    }
  },
});

export const ewAxpbyKernel = defineKernel(S, {
  name: 'ew_axpby',
  params: [['n', 'u32'], ['alpha', 'f32'], ['beta', 'f32'], ['offX', 'u32'], ['offY', 'u32']],
  bindings: [{ name: 'x', write: false }, { name: 'y', write: true }],
  cpu: (p, [x, y]) => {
    for (let i = 0; i < p.n; i++) {
      let v = p.alpha * x[p.offX + i];
      if (p.beta !== 0) v += p.beta * y[p.offY + i];
      y[p.offY + i] = v;
    }
  },
});

export const ewAffineInplaceKernel = defineKernel(S, {
  name: 'ew_affine_inplace',
  params: [['n', 'u32'], ['alpha', 'f32'], ['c', 'f32'], ['offY', 'u32']],
  bindings: [{ name: 'y', write: true }],
  cpu: (p, [y]) => {
    for (let i = 0; i < p.n; i++) y[p.offY + i] = p.c + (p.alpha !== 0 ? p.alpha * y[p.offY + i] : 0);
  },
});

export const gatherRowsKernel = defineKernel(S, {
  name: 'gather_rows',
  params: [['n', 'u32'], ['cols', 'u32'], ['rows', 'u32'], ['offU', 'u32'], ['offOut', 'u32']],
  bindings: [{ name: 'src', write: false }, { name: 'u', write: false }, { name: 'out', write: true }],
  cpu: (p, [src, u, out]) => {
    for (let r = 0; r < p.n; r++) {
      const sr = Math.min(Math.floor(Math.fround(u[p.offU + r] * p.rows)), p.rows - 1);
      for (let c = 0; c < p.cols; c++) out[p.offOut + r * p.cols + c] = src[sr * p.cols + c];
    }
  },
});
