import src from './reduce.wgsl?raw';
import { defineKernel, wgslSections } from '../kernel';

const S = wgslSections(src);

export const REDUCE = { sum: 0, mean: 1, sqnorm: 2 } as const;
export type ReduceMode = keyof typeof REDUCE;
const term = (v: number, mode: number) => (mode === 2 ? v * v : v);

const colSumDef = {
  params: [['M', 'u32'], ['N', 'u32'], ['offX', 'u32'], ['offOut', 'u32'], ['scale', 'f32'], ['beta', 'f32']],
  bindings: [{ name: 'x', write: false }, { name: 'out', write: true }],
} as const;

/** out[j] = beta out[j] + scale sum_i x[i, j]; one invocation per column (software adapters). */
export const colSumKernel = defineKernel(S, {
  name: 'col_sum',
  ...colSumDef,
  cpu: (p, [x, out]) => {
    for (let j = 0; j < p.N; j++) {
      let s = 0;
      for (let i = 0; i < p.M; i++) s += x[p.offX + i * p.N + j];
      let v = p.scale * s;
      if (p.beta !== 0) v += p.beta * out[p.offOut + j];
      out[p.offOut + j] = v;
    }
  },
});

/** The same sum, 16 row-strided partial sums per column added in order (GPUs). */
export const colSumSplitKernel = defineKernel(S, {
  name: 'col_sum_split',
  ...colSumDef,
  cpu: (p, [x, out]) => {
    for (let j = 0; j < p.N; j++) {
      let t = 0;
      for (let r = 0; r < 16; r++) {
        let s = 0;
        for (let i = r; i < p.M; i += 16) s += x[p.offX + i * p.N + j];
        t += s;
      }
      let v = p.scale * t;
      if (p.beta !== 0) v += p.beta * out[p.offOut + j];
      out[p.offOut + j] = v;
    }
  },
});

export const rowReduceKernel = defineKernel(S, {
  name: 'row_reduce',
  params: [['M', 'u32'], ['N', 'u32'], ['mode', 'u32'], ['offX', 'u32'], ['offOut', 'u32']],
  bindings: [{ name: 'x', write: false }, { name: 'out', write: true }],
  cpu: (p, [x, out]) => {
    for (let i = 0; i < p.M; i++) {
      let s = 0;
      for (let j = 0; j < p.N; j++) s += term(x[p.offX + i * p.N + j], p.mode);
      out[p.offOut + i] = p.mode === 1 ? s / p.N : s;
    }
  },
});

export const fullReduceKernel = defineKernel(S, {
  name: 'full_reduce',
  params: [['n', 'u32'], ['mode', 'u32'], ['offX', 'u32'], ['offOut', 'u32'], ['scale', 'f32']],
  bindings: [{ name: 'x', write: false }, { name: 'out', write: true }],
  cpu: (p, [x, out]) => {
    // Same order as the GPU: 256 strided partial sums, then a pairwise tree.
    const part = new Float32Array(256);
    for (let l = 0; l < 256; l++) {
      let s = 0;
      for (let i = l; i < p.n; i += 256) s += term(x[p.offX + i], p.mode);
      part[l] = s;
    }
    for (let w = 128; w > 0; w >>= 1) for (let l = 0; l < w; l++) part[l] += part[l + w];
    let r = part[0];
    if (p.mode === 1) r /= p.n;
    out[p.offOut] = p.scale * r;
  },
});
