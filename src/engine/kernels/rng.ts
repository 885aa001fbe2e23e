import src from './rng.wgsl?raw';
import { defineKernel, wgslSections } from '../kernel';
import { affineUnit, fillNormal, philoxBlock, toUnit } from '../philox';

const S = wgslSections(src);
const P = [['n', 'u32'], ['seed0', 'u32'], ['seed1', 'u32'], ['stream', 'u32'], ['ctrLo', 'u32'], ['ctrHi', 'u32'], ['offOut', 'u32'], ['a', 'f32'], ['b', 'f32']] as const;

export const rngUniformKernel = defineKernel(S, {
  name: 'rng_uniform',
  params: P,
  bindings: [{ name: 'out', write: true }],
  cpu: (p, [out]) => {
    const w = new Uint32Array(4);
    for (let t = 0; 4 * t < p.n; t++) {
      philoxBlock(p, t, w);
      for (let j = 0; j < 4 && 4 * t + j < p.n; j++) out[p.offOut + 4 * t + j] = affineUnit(p.a, p.b, toUnit(w[j]));
    }
  },
});

export const rngNormalKernel = defineKernel(S, {
  name: 'rng_normal',
  params: P,
  bindings: [{ name: 'out', write: true }],
  cpu: (p, [out]) => fillNormal(p, p.n, out, p.offOut, p.a, p.b),
});
