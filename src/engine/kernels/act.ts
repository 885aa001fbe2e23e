import src from './act.wgsl?raw';
import { defineKernel, wgslSections } from '../kernel';
import { actGradRef, actRef } from './matmul';

const S = wgslSections(src);

export { actGradRef };

export const actFwdKernel = defineKernel(S, {
  name: 'act_fwd',
  params: [['n', 'u32'], ['act', 'u32'], ['offX', 'u32'], ['offOut', 'u32']],
  bindings: [{ name: 'x', write: false }, { name: 'out', write: true }],
  cpu: (p, [x, out]) => {
    for (let i = 0; i < p.n; i++) out[p.offOut + i] = actRef(x[p.offX + i], p.act);
  },
});

export const actBwdKernel = defineKernel(S, {
  name: 'act_bwd',
  params: [['n', 'u32'], ['act', 'u32'], ['offPre', 'u32'], ['offDy', 'u32'], ['offDx', 'u32']],
  bindings: [{ name: 'pre', write: false }, { name: 'dy', write: false }, { name: 'dx', write: true }],
  cpu: (p, [pre, dy, dx]) => {
    for (let i = 0; i < p.n; i++) dx[p.offDx + i] = dy[p.offDy + i] * actGradRef(pre[p.offPre + i], p.act);
  },
});
