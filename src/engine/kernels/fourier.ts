import src from './fourier.wgsl?raw';
import { defineKernel, wgslSections } from '../kernel';

const S = wgslSections(src);
const TAU = 6.283185307179586;

export function fourierFreq(k: number, F: number, fmin: number, fmax: number): number {
  return F <= 1 ? fmin : fmin * Math.pow(fmax / fmin, k / (F - 1));
}

export const fourierFwdKernel = defineKernel(S, {
  name: 'fourier_fwd',
  params: [['B', 'u32'], ['d', 'u32'], ['F', 'u32'], ['fmin', 'f32'], ['fmax', 'f32'], ['offX', 'u32'], ['offC', 'u32'], ['offOut', 'u32']],
  bindings: [{ name: 'x', write: false }, { name: 'c', write: false }, { name: 'out', write: true }],
  cpu: (p, [x, c, out]) => {
    const w = p.d + 2 * p.F;
    for (let i = 0; i < p.B; i++) {
      const ci = c[p.offC + i];
      for (let j = 0; j < p.d; j++) out[p.offOut + i * w + j] = x[p.offX + i * p.d + j];
      for (let k = 0; k < p.F; k++) {
        const a = TAU * fourierFreq(k, p.F, p.fmin, p.fmax) * ci;
        out[p.offOut + i * w + p.d + k] = Math.cos(a);
        out[p.offOut + i * w + p.d + p.F + k] = Math.sin(a);
      }
    }
  },
});

export const fourierBwdKernel = defineKernel(S, {
  name: 'fourier_bwd',
  params: [['B', 'u32'], ['d', 'u32'], ['F', 'u32'], ['fmin', 'f32'], ['fmax', 'f32'], ['offC', 'u32'], ['offDx', 'u32'], ['offDc', 'u32']],
  bindings: [{ name: 'dout', write: false }, { name: 'c', write: false }, { name: 'dx', write: true }, { name: 'dc', write: true }],
  cpu: (p, [dout, c, dx, dc]) => {
    const w = p.d + 2 * p.F;
    for (let i = 0; i < p.B; i++) {
      for (let j = 0; j < p.d; j++) dx[p.offDx + i * p.d + j] = dout[i * w + j];
      const ci = c[p.offC + i];
      let g = 0;
      for (let k = 0; k < p.F; k++) {
        const a = TAU * fourierFreq(k, p.F, p.fmin, p.fmax);
        g += a * (-Math.sin(a * ci) * dout[i * w + p.d + k] + Math.cos(a * ci) * dout[i * w + p.d + p.F + k]);
      }
      dc[p.offDc + i] = g;
    }
  },
});
