import src from './film.wgsl?raw';
import { defineKernel, wgslSections } from '../kernel';
import { gnAct, gnActGrad } from './groupnorm';

const S = wgslSections(src);

/**
 * out[b, q, c] = act(x[b, q, c] (1 + s[b, c]) + t[b, c]), s and t from the embedding output
 * m (film.wgsl). act 0: identity, 1: SiLU.
 */
export const filmFwdKernel = defineKernel(S, {
  name: 'film_fwd',
  params: [['B', 'u32'], ['HW', 'u32'], ['C', 'u32'], ['act', 'u32'], ['offX', 'u32'], ['offM', 'u32'], ['sM', 'u32'], ['offOut', 'u32']],
  bindings: [{ name: 'x', write: false }, { name: 'm', write: false }, { name: 'out', write: true }],
  cpu: (p, [x, m, out]) => {
    for (let b = 0; b < p.B; b++) {
      const m0 = p.offM + b * p.sM;
      for (let q = 0; q < p.HW; q++) for (let c = 0; c < p.C; c++) {
        const i = (b * p.HW + q) * p.C + c;
        out[p.offOut + i] = gnAct(x[p.offX + i] * (1 + m[m0 + c]) + m[m0 + p.C + c], p.act);
      }
    }
  },
});

/** Backward of film_fwd for dout: dx (beta accumulates) and, at m's layout in dm, the scale and shift gradients (overwritten). */
export const filmBwdKernel = defineKernel(S, {
  name: 'film_bwd',
  params: [['B', 'u32'], ['HW', 'u32'], ['C', 'u32'], ['act', 'u32'], ['offX', 'u32'], ['offM', 'u32'], ['sM', 'u32'], ['offDout', 'u32'], ['offDx', 'u32'], ['beta', 'f32']],
  bindings: [{ name: 'x', write: false }, { name: 'm', write: false }, { name: 'dout', write: false }, { name: 'dx', write: true }, { name: 'dm', write: true }],
  cpu: (p, [x, m, dout, dx, dm]) => {
    for (let b = 0; b < p.B; b++) {
      const m0 = p.offM + b * p.sM;
      for (let c = 0; c < p.C; c++) {
        const sc = 1 + m[m0 + c], sh = m[m0 + p.C + c];
        let ds = 0, dt = 0;
        for (let q = 0; q < p.HW; q++) {
          const i = (b * p.HW + q) * p.C + c;
          const xv = x[p.offX + i];
          const g = dout[p.offDout + i] * gnActGrad(xv * sc + sh, p.act);
          ds += g * xv;
          dt += g;
          let v = g * sc;
          if (p.beta !== 0) v += p.beta * dx[p.offDx + i];
          dx[p.offDx + i] = v;
        }
        dm[m0 + c] = ds;
        dm[m0 + p.C + c] = dt;
      }
    }
  },
});
