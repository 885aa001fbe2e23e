import src from './loss.wgsl?raw';
import { defineKernel, wgslSections } from '../kernel';

const S = wgslSections(src);

export const wmseRowsKernel = defineKernel(S, {
  name: 'wmse_rows',
  params: [['B', 'u32'], ['d', 'u32'], ['hasW', 'u32'], ['offY', 'u32'], ['offT', 'u32'], ['offW', 'u32'], ['offRows', 'u32']],
  bindings: [{ name: 'y', write: false }, { name: 't', write: false }, { name: 'w', write: false }, { name: 'rows', write: true }],
  cpu: (p, [y, t, w, rows]) => {
    for (let i = 0; i < p.B; i++) {
      let s = 0;
      for (let j = 0; j < p.d; j++) {
        const e = y[p.offY + i * p.d + j] - t[p.offT + i * p.d + j];
        s += e * e;
      }
      rows[p.offRows + i] = (p.hasW ? w[p.offW + i] : 1) * s;
    }
  },
});

export const wmseGradKernel = defineKernel(S, {
  name: 'wmse_grad',
  params: [['B', 'u32'], ['d', 'u32'], ['hasW', 'u32'], ['scale', 'f32'], ['offY', 'u32'], ['offT', 'u32'], ['offW', 'u32'], ['offDy', 'u32']],
  bindings: [{ name: 'y', write: false }, { name: 't', write: false }, { name: 'w', write: false }, { name: 'dy', write: true }],
  cpu: (p, [y, t, w, dy]) => {
    for (let e = 0; e < p.B * p.d; e++) {
      const i = Math.floor(e / p.d);
      const wi = p.hasW ? w[p.offW + i] : 1;
      dy[p.offDy + e] = (2 * p.scale * wi * (y[p.offY + e] - t[p.offT + e])) / p.B;
    }
  },
});
