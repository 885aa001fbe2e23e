import src from './distill.wgsl?raw';
import { defineKernel, wgslSections } from '../../engine/kernel';

const S = wgslSections(src);

export const distillGradKernel = defineKernel(S, {
  name: 'distill_grad',
  params: [['B', 'u32'], ['d', 'u32'], ['dmd', 'u32'], ['floor', 'f32']],
  bindings: [
    { name: 'x0', write: false }, { name: 'Dphi', write: false }, { name: 'Dt', write: false },
    { name: 'g', write: true }, { name: 'mismatch', write: true }, { name: 'loss', write: true },
  ],
  cpu: (p, [x0, Dphi, Dt, g, mismatch, loss]) => {
    for (let i = 0; i < p.B; i++) {
      let w = 1;
      if (p.dmd) {
        let a = 0;
        for (let j = 0; j < p.d; j++) a += Math.abs(x0[i * p.d + j] - Dt[i * p.d + j]);
        w = 1 / (a / p.d + p.floor);
      }
      let m = 0;
      for (let j = 0; j < p.d; j++) {
        const e = i * p.d + j;
        const r = Dphi[e] - Dt[e];
        m += r * r;
        g[e] = w * r;
      }
      mismatch[i] = m;
      loss[i] = 0.5 * w * w * m;
    }
  },
});

export const DISTILL_KERNELS = [distillGradKernel];
