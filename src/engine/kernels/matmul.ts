import src from './matmul.wgsl?raw';
import { defineKernel, wgslSections } from '../kernel';

const S = wgslSections(src);

export function actRef(v: number, code: number): number {
  if (code === 1) return v / (1 + Math.exp(-v));
  if (code === 2) return Math.max(v, 0);
  return v;
}

export const matmulKernel = defineKernel(S, {
  name: 'matmul',
  params: [
    ['M', 'u32'], ['N', 'u32'], ['K', 'u32'],
    ['offA', 'u32'], ['sAm', 'u32'], ['sAk', 'u32'],
    ['offB', 'u32'], ['sBk', 'u32'], ['sBn', 'u32'],
    ['offC', 'u32'], ['offBias', 'u32'], ['offPre', 'u32'],
    ['alpha', 'f32'], ['beta', 'f32'], ['hasBias', 'u32'], ['act', 'u32'],
  ],
  bindings: [{ name: 'A', write: false }, { name: 'B', write: false }, { name: 'bias', write: false }, { name: 'C', write: true }, { name: 'pre', write: true }],
  cpu: (p, [A, B, bias, C, pre]) => {
    for (let r = 0; r < p.M; r++) {
      for (let c = 0; c < p.N; c++) {
        let s = 0;
        const a0 = p.offA + r * p.sAm;
        const b0 = p.offB + c * p.sBn;
        for (let k = 0; k < p.K; k++) s += A[a0 + k * p.sAk] * B[b0 + k * p.sBk];
        const o = r * p.N + c;
        let v = p.alpha * s;
        if (p.beta !== 0) v += p.beta * C[p.offC + o];
        if (p.hasBias !== 0) v += bias[p.offBias + c];
        if (p.act !== 0) {
          pre[p.offPre + o] = v;
          v = actRef(v, p.act);
        }
        C[p.offC + o] = v;
      }
    }
  },
});
