import src from './fourier.wgsl?raw';
import { defineKernel, wgslSections } from '../kernel';

const S = wgslSections(src);
const f32 = Math.fround;
const TAU = 6.283185307179586;
const TAU32 = f32(TAU);

/** Ratio of successive frequencies, (fmax / fmin)^(1 / (F - 1)), as the f32 kernel parameter. */
export function fourierRatio(F: number, fmin: number, fmax: number): number {
  return F <= 1 ? 1 : f32(Math.pow(fmax / fmin, 1 / (F - 1)));
}

/** f_k of fourier.wgsl bit for bit: fmin times ratio k times, in f32. */
export function fourierFreq32(k: number, fmin: number, ratio: number): number {
  let f = f32(fmin);
  const r = f32(ratio);
  for (let j = 0; j < k; j++) f = f32(f * r);
  return f;
}

export const fourierFwdKernel = defineKernel(S, {
  name: 'fourier_fwd',
  params: [['B', 'u32'], ['d', 'u32'], ['F', 'u32'], ['fmin', 'f32'], ['ratio', 'f32'], ['offX', 'u32'], ['offC', 'u32'], ['offOut', 'u32']],
  bindings: [{ name: 'x', write: false }, { name: 'c', write: false }, { name: 'out', write: true }],
  cpu: (p, [x, c, out]) => {
    const w = p.d + 2 * p.F;
    for (let i = 0; i < p.B; i++) {
      const ci = c[p.offC + i];
      for (let j = 0; j < p.d; j++) out[p.offOut + i * w + j] = x[p.offX + i * p.d + j];
      for (let k = 0; k < p.F; k++) {
        // the phase in turns, one f32 product as on the GPU; then exact trig
        const a = TAU * f32(fourierFreq32(k, p.fmin, p.ratio) * ci);
        out[p.offOut + i * w + p.d + k] = Math.cos(a);
        out[p.offOut + i * w + p.d + p.F + k] = Math.sin(a);
      }
    }
  },
});

export const fourierBwdKernel = defineKernel(S, {
  name: 'fourier_bwd',
  params: [['B', 'u32'], ['d', 'u32'], ['F', 'u32'], ['fmin', 'f32'], ['ratio', 'f32'], ['offC', 'u32'], ['offDx', 'u32'], ['offDc', 'u32']],
  bindings: [{ name: 'dout', write: false }, { name: 'c', write: false }, { name: 'dx', write: true }, { name: 'dc', write: true }],
  cpu: (p, [dout, c, dx, dc]) => {
    const w = p.d + 2 * p.F;
    for (let i = 0; i < p.B; i++) {
      for (let j = 0; j < p.d; j++) dx[p.offDx + i * p.d + j] = dout[i * w + j];
      const ci = c[p.offC + i];
      let g = 0;
      for (let k = 0; k < p.F; k++) {
        const f = fourierFreq32(k, p.fmin, p.ratio);
        const a = TAU * f32(f * ci);
        g += f32(TAU32 * f) * (-Math.sin(a) * dout[i * w + p.d + k] + Math.cos(a) * dout[i * w + p.d + p.F + k]);
      }
      dc[p.offDc + i] = g;
    }
  },
});
