import src from './adam.wgsl?raw';
import { defineKernel, wgslSections } from '../kernel';

const S = wgslSections(src);

export const adamKernel = defineKernel(S, {
  name: 'adam',
  params: [['n', 'u32'], ['lr', 'f32'], ['b1', 'f32'], ['b2', 'f32'], ['eps', 'f32'], ['bc1', 'f32'], ['bc2', 'f32'], ['wd', 'f32'], ['gscale', 'f32']],
  bindings: [{ name: 'param', write: true }, { name: 'grad', write: false }, { name: 'm', write: true }, { name: 'v', write: true }],
  cpu: (p, [param, grad, m, v]) => {
    for (let i = 0; i < p.n; i++) {
      const g = grad[i] * p.gscale;
      const mi = p.b1 * m[i] + (1 - p.b1) * g;
      const vi = p.b2 * v[i] + (1 - p.b2) * g * g;
      m[i] = mi;
      v[i] = vi;
      const w = param[i];
      param[i] = w - p.lr * (mi / p.bc1 / (Math.sqrt(vi / p.bc2) + p.eps) + p.wd * w);
    }
  },
});
