import src from './conv2d.wgsl?raw';
import { defineKernel, wgslSections } from '../kernel';

const S = wgslSections(src);

/**
 * out[b, y, x, n] = (bias[n]) + (cb[b, n]) + beta out + sum_{tap, c} A[b, y + s dy, x + s dx, c] Wt[tap, c, n]
 * with (dy, dx) = (ky - 1, kx - 1), s = -1 when flip (the input-gradient form), and the
 * weight of (tap, c, n) at offW + tap sWt + c sWc + n sWn. Threads: ceil(M / 4) ceil(Cout / 4).
 */
export const conv3x3Kernel = defineKernel(S, {
  name: 'conv3x3',
  params: [
    ['B', 'u32'], ['H', 'u32'], ['W', 'u32'], ['Cin', 'u32'], ['Cout', 'u32'], ['flip', 'u32'],
    ['offA', 'u32'], ['offW', 'u32'], ['sWt', 'u32'], ['sWc', 'u32'], ['sWn', 'u32'],
    ['hasBias', 'u32'], ['offBias', 'u32'], ['hasCb', 'u32'], ['offCb', 'u32'], ['sCb', 'u32'],
    ['offOut', 'u32'], ['beta', 'f32'],
  ],
  bindings: [{ name: 'A', write: false }, { name: 'Wt', write: false }, { name: 'cb', write: false }, { name: 'out', write: true }],
  cpu: (p, [A, Wt, cb, out]) => {
    const { B, H, W, Cin, Cout } = p;
    const sg = p.flip ? -1 : 1;
    for (let b = 0; b < B; b++) {
      for (let y = 0; y < H; y++) {
        for (let x = 0; x < W; x++) {
          const m = (b * H + y) * W + x;
          for (let n = 0; n < Cout; n++) {
            let s = 0;
            for (let tap = 0; tap < 9; tap++) {
              const yy = y + sg * (Math.floor(tap / 3) - 1), xx = x + sg * ((tap % 3) - 1);
              if (yy < 0 || yy >= H || xx < 0 || xx >= W) continue;
              const a0 = p.offA + ((b * H + yy) * W + xx) * Cin;
              const w0 = p.offW + tap * p.sWt + n * p.sWn;
              for (let c = 0; c < Cin; c++) s += A[a0 + c] * Wt[w0 + c * p.sWc];
            }
            const o = p.offOut + m * Cout + n;
            if (p.hasBias) s += Wt[p.offBias + n];
            if (p.hasCb) s += cb[p.offCb + b * p.sCb + n];
            if (p.beta !== 0) s += p.beta * out[o];
            out[o] = s;
          }
        }
      }
    }
  },
});

/** Partial weight + bias gradients: part[offPart + (s (9 Cin + 1) + k) Cout + n] over pixel chunk s. */
export const conv3x3WgradKernel = defineKernel(S, {
  name: 'conv3x3_wgrad',
  params: [
    ['B', 'u32'], ['H', 'u32'], ['W', 'u32'], ['Cin', 'u32'], ['Cout', 'u32'],
    ['S', 'u32'], ['chunk', 'u32'], ['offA', 'u32'], ['offDy', 'u32'], ['offPart', 'u32'],
  ],
  bindings: [{ name: 'A', write: false }, { name: 'Dy', write: false }, { name: 'part', write: true }],
  cpu: (p, [A, Dy, part]) => {
    const { B, H, W, Cin, Cout } = p;
    const M = B * H * W, K = 9 * Cin + 1;
    const acc = new Float64Array(K * Cout);
    for (let s = 0; s < p.S; s++) {
      acc.fill(0);
      const end = Math.min((s + 1) * p.chunk, M);
      for (let m = s * p.chunk; m < end; m++) {
        const x = m % W, y = Math.floor(m / W) % H;
        const g0 = p.offDy + m * Cout;
        for (let n = 0; n < Cout; n++) acc[9 * Cin * Cout + n] += Dy[g0 + n];
        for (let tap = 0; tap < 9; tap++) {
          const dy = Math.floor(tap / 3) - 1, dx = (tap % 3) - 1;
          if (y + dy < 0 || y + dy >= H || x + dx < 0 || x + dx >= W) continue;
          const a0 = p.offA + (m + dy * W + dx) * Cin;
          for (let c = 0; c < Cin; c++) {
            const a = A[a0 + c];
            const r = (tap * Cin + c) * Cout;
            for (let n = 0; n < Cout; n++) acc[r + n] += a * Dy[g0 + n];
          }
        }
      }
      for (let i = 0; i < K * Cout; i++) part[p.offPart + s * K * Cout + i] = acc[i];
    }
  },
});

/** out[offOut + b sOut + c] = beta out + sum_q X[offX + (b HW + q) C + c]. One thread per (b, c). */
export const chanSumKernel = defineKernel(S, {
  name: 'chan_sum',
  params: [['B', 'u32'], ['HW', 'u32'], ['C', 'u32'], ['offX', 'u32'], ['offOut', 'u32'], ['sOut', 'u32'], ['beta', 'f32']],
  bindings: [{ name: 'X', write: false }, { name: 'out', write: true }],
  cpu: (p, [X, out]) => {
    for (let b = 0; b < p.B; b++) {
      for (let c = 0; c < p.C; c++) {
        let s = 0;
        for (let q = 0; q < p.HW; q++) s += X[p.offX + (b * p.HW + q) * p.C + c];
        const o = p.offOut + b * p.sOut + c;
        if (p.beta !== 0) s += p.beta * out[o];
        out[o] = s;
      }
    }
  },
});
