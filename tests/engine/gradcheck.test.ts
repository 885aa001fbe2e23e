/**
 * Finite-difference gradient checks of every backward kernel on the CPU backend, plus
 * Adam, EMA and copy against hand computations.
 *
 * Method: a scalar loss L = sum_i r_i out_i (r fixed random) is computed in float64 from
 * the float32 outputs; the numerical derivative is the central difference
 * (L(x + h) - L(x - h)) / (x+h - x-h), with the *stored* f32 perturbed values in the
 * denominator and h = 1e-2 (the smooth functions here have small third derivatives, so
 * the truncation error stays near 1e-4 relative while f32 round-off stays near 1e-5).
 * Pass: |analytic - numeric| <= 1e-2 * max(|numeric|, 1e-2 * max|numeric|).
 */
import { describe, expect, it } from 'vitest';
import type { Buf } from '../../src/engine/backend';
import { CpuBackend } from '../../src/engine/cpu/cpuBackend';
import { Adam } from '../../src/engine/nn/adam';
import { initMlpWeights, MlpWorkspace, mlpLayout, type MlpSpec, ParamSet } from '../../src/engine/nn/mlp';
import * as ops from '../../src/engine/ops';
import { Rng } from '../../src/engine/philox';

const H = 1e-2;
const RTOL = 1e-2;

function buf(be: CpuBackend, data: Float32Array | number, label = 't'): Buf {
  const b = be.createBuffer(typeof data === 'number' ? data : data.length, label);
  if (typeof data !== 'number') be.write(b, data);
  return b;
}
function dot(a: Float32Array, r: Float32Array): number {
  let s = 0;
  for (let i = 0; i < r.length; i++) s += a[i] * r[i];
  return s;
}

/** Central differences of `loss` w.r.t. every element of `x` (a CPU buffer, restored after). */
function numericGrad(be: CpuBackend, x: Buf, loss: () => number, h = H, n = x.length): Float64Array {
  const v = be.view(x);
  const g = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const x0 = v[i];
    v[i] = x0 + h;
    const xp = v[i];
    const lp = loss();
    v[i] = x0 - h;
    const xm = v[i];
    const lm = loss();
    v[i] = x0;
    g[i] = (lp - lm) / (xp - xm);
  }
  return g;
}

function expectGradClose(analytic: Float32Array | Float64Array, numeric: Float64Array, what: string, rtol = RTOL): void {
  expect(analytic.length, what).toBe(numeric.length);
  let scale = 0;
  for (const v of numeric) scale = Math.max(scale, Math.abs(v));
  expect(scale, `${what}: numeric gradient is all zero`).toBeGreaterThan(0);
  let worst = 0, at = 0;
  for (let i = 0; i < numeric.length; i++) {
    const r = Math.abs(analytic[i] - numeric[i]) / Math.max(Math.abs(numeric[i]), 1e-2 * scale);
    if (!(r <= worst)) { worst = r; at = i; }
  }
  expect(worst, `${what}: worst at ${at}: analytic ${analytic[at]} vs numeric ${numeric[at]}`).toBeLessThanOrEqual(rtol);
}

describe('the checker itself', () => {
  it('rejects a gradient that is 2% off', () => {
    const be = new CpuBackend();
    const x = buf(be, new Float32Array([0.3, -0.7, 1.1]));
    const loss = () => be.view(x).reduce((a, v) => a + Math.sin(v), 0);
    const exact = Float64Array.from(be.view(x), Math.cos);
    expectGradClose(exact, numericGrad(be, x, loss), 'exact');
    expect(() => expectGradClose(exact.map((v) => v * 1.02), numericGrad(be, x, loss), 'scaled')).toThrow();
  });
});

describe('matmul backward (three forms), bias via col_sum, act_bwd in the chain', () => {
  const M = 5, N = 4, K = 3;
  // forms: y = x W (NN); dx = dy W^T (NT); dW = x^T dy (TN); TT for completeness
  for (const [transA, transB] of [[false, false], [false, true], [true, false], [true, true]] as const) {
    for (const act of ['none', 'silu'] as const) {
      it(`${transA ? 'T' : 'N'}${transB ? 'T' : 'N'} with bias, act=${act}`, () => {
        const be = new CpuBackend();
        const rng = new Rng(11, transA ? 2 : 1);
        const A = buf(be, rng.uniform(M * K, -1, 2));
        const B = buf(be, rng.uniform(K * N, -1, 2));
        const bias = buf(be, rng.uniform(N, -1, 2));
        const C = buf(be, M * N), pre = buf(be, M * N);
        const R = rng.uniform(M * N, -1, 2);
        const Rb = buf(be, R);
        const fwd = () => ops.matmul(be, { a: A, b: B, c: C, M, N, K, transA, transB, bias, act, pre: act === 'none' ? undefined : pre });
        const loss = () => (fwd(), dot(be.view(C), R));
        fwd();
        // dL/dpre = R * act'(pre)
        const G = buf(be, M * N);
        if (act === 'none') be.copy(Rb, 0, G, 0, M * N);
        else ops.actBackward(be, act, pre, Rb, G, M * N);
        // dop(A) = G op(B)^T [M, K]; stored A^T when transA: dA_stored = op(B) G^T [K, M]
        const dA = buf(be, M * K), dB = buf(be, K * N), dBias = buf(be, N);
        if (!transA) ops.matmul(be, { a: G, b: B, c: dA, M, N: K, K: N, transB: !transB });
        else ops.matmul(be, { a: B, b: G, c: dA, M: K, N: M, K: N, transA: transB, transB: true });
        // dop(B) = op(A)^T G [K, N]; stored B^T when transB: dB_stored = G^T op(A) [N, K]
        if (!transB) ops.matmul(be, { a: A, b: G, c: dB, M: K, N, K: M, transA: !transA });
        else ops.matmul(be, { a: G, b: A, c: dB, M: N, N: K, K: M, transA: true, transB: transA });
        ops.colSum(be, G, dBias, M, N);
        const aA = be.view(dA).slice(), aB = be.view(dB).slice(), aBias = be.view(dBias).slice();
        expectGradClose(aA, numericGrad(be, A, loss), 'dA');
        expectGradClose(aB, numericGrad(be, B, loss), 'dB');
        expectGradClose(aBias, numericGrad(be, bias, loss), 'dbias');
      });
    }
  }
});

describe('act_bwd', () => {
  for (const act of ['silu', 'relu', 'none'] as const) {
    it(act, () => {
      const be = new CpuBackend();
      const n = 64;
      const xs = new Rng(3).uniform(n, -4, 8);
      if (act === 'relu') xs.forEach((v, i) => { if (Math.abs(v) < 0.1) xs[i] = v < 0 ? -0.5 : 0.5; }); // away from the kink
      const x = buf(be, xs), y = buf(be, n), R = new Rng(4).uniform(n, -1, 2), Rb = buf(be, R), dx = buf(be, n);
      const loss = () => (ops.actForward(be, act, x, y, n), dot(be.view(y), R));
      ops.actBackward(be, act, x, Rb, dx, n);
      expectGradClose(be.view(dx).slice(), numericGrad(be, x, loss), `d${act}`);
    });
  }
});

describe('fourier_bwd', () => {
  it('dx and dc', () => {
    const be = new CpuBackend();
    const B = 6, d = 2, f: ops.FourierSpec = { F: 4, fmin: 0.5, fmax: 4 };
    const w = d + 2 * f.F;
    const rng = new Rng(5);
    const x = buf(be, rng.uniform(B * d, -1, 2)), c = buf(be, rng.uniform(B, -1, 2)), out = buf(be, B * w);
    const R = rng.uniform(B * w, -1, 2), Rb = buf(be, R);
    const dx = buf(be, B * d), dc = buf(be, B);
    const loss = () => (ops.fourierForward(be, f, x, c, out, B, d), dot(be.view(out), R));
    ops.fourierBackward(be, f, Rb, c, dx, dc, B, d);
    expectGradClose(be.view(dx).slice(), numericGrad(be, x, loss), 'dx');
    // the highest frequency is 4 turns per unit: a smaller step keeps truncation small
    expectGradClose(be.view(dc).slice(), numericGrad(be, c, loss, 2e-3), 'dc');
  });
});

describe('wmse_grad', () => {
  for (const weighted of [false, true]) {
    it(`weighted=${weighted}`, () => {
      const be = new CpuBackend();
      const B = 7, d = 3, scale = 0.7;
      const rng = new Rng(6);
      const y = buf(be, rng.uniform(B * d, -1, 2)), t = buf(be, rng.uniform(B * d, -1, 2)), w = buf(be, rng.uniform(B, 0.5, 1));
      const rows = buf(be, B), dy = buf(be, B * d);
      const args = { y, t, B, d, scale, w: weighted ? w : undefined };
      // loss = scale * mean_i rows_i, summed in float64
      const loss = () => (ops.wmse(be, args, rows, dy), (scale * be.view(rows).reduce((a, v) => a + v, 0)) / B);
      loss();
      const analytic = be.view(dy).slice();
      expectGradClose(analytic, numericGrad(be, y, loss), 'dy');
    });
  }
});

describe('MlpWorkspace.backward', () => {
  const cases: { name: string; spec: MlpSpec; offX: number }[] = [
    { name: 'Fourier + SiLU', spec: { inDim: 2, outDim: 2, hidden: [6, 5], act: 'silu', fourier: { F: 3, fmin: 0.5, fmax: 3 } }, offX: 0 },
    { name: 'plain SiLU, input at an offset', spec: { inDim: 3, outDim: 2, hidden: [5], act: 'silu' }, offX: 3 },
  ];
  for (const { name, spec, offX } of cases) {
    it(`${name}: parameter grads, input grads, accumulate`, () => {
      const be = new CpuBackend();
      const Bn = 4;
      const params = ParamSet.create(be, spec, initMlpWeights(spec, 9));
      const ws = new MlpWorkspace(be, spec, Bn);
      const rng = new Rng(8);
      const x = buf(be, rng.uniform(offX + Bn * spec.inDim, -1, 2));
      const c = buf(be, rng.uniform(Bn, -1, 2));
      const R = rng.uniform(Bn * spec.outDim, -1, 2), Rb = buf(be, R);
      const cond = spec.fourier ? c : null;
      const loss = () => dot(be.view(ws.forward(params, x, cond, offX)), R);
      const grads = buf(be, mlpLayout(spec).size);
      loss();
      ws.backward(params, Rb, grads, { inputGrad: true });
      const gP = be.view(grads).slice();
      const gX = be.view(ws.dIn).slice();
      const gC = be.view(ws.dCond).slice();
      expectGradClose(gP, numericGrad(be, params.buf, loss), 'dparams');
      const nX = numericGrad(be, x, loss).slice(offX);
      expectGradClose(gX, nX, 'dx');
      if (spec.fourier) expectGradClose(gC, numericGrad(be, c, loss, 2e-3), 'dcond');
      // accumulate=true adds onto the existing gradient
      loss();
      ws.backward(params, Rb, grads, { accumulate: true });
      const acc = be.view(grads);
      for (let i = 0; i < gP.length; i++) expect(acc[i]).toBeCloseTo(2 * gP[i], 5);
    });
  }
});

describe('Adam, EMA, copy', () => {
  for (const beta1 of [0, 0.9]) {
    it(`Adam beta1=${beta1} matches a hand computation over 3 steps`, () => {
      const be = new CpuBackend();
      const hyper = { lr: 0.01, beta1, beta2: 0.999, eps: 1e-8, weightDecay: 0.1 };
      const p0 = [0.5, -1.25, 2, 0];
      const grads = [[0.1, -2, 0.003, 1], [0.2, 1, -0.004, 1], [-0.3, 0.5, 0.005, 1]];
      const p = buf(be, new Float32Array(p0)), g = buf(be, 4);
      const opt = new Adam(be, 4, hyper);
      const ref = p0.slice(), m = [0, 0, 0, 0], v = [0, 0, 0, 0];
      grads.forEach((gs, s) => {
        be.write(g, new Float32Array(gs));
        opt.step(p, g, 0.5);
        const t = s + 1;
        for (let i = 0; i < 4; i++) {
          const gi = 0.5 * gs[i];
          m[i] = beta1 * m[i] + (1 - beta1) * gi;
          v[i] = 0.999 * v[i] + 0.001 * gi * gi;
          const mhat = m[i] / (1 - beta1 ** t), vhat = v[i] / (1 - 0.999 ** t);
          ref[i] -= 0.01 * (mhat / (Math.sqrt(vhat) + 1e-8) + 0.1 * ref[i]);
        }
        const got = be.view(p);
        for (let i = 0; i < 4; i++) expect(got[i], `step ${t} element ${i}`).toBeCloseTo(ref[i], 6);
        for (let i = 0; i < 4; i++) expect(be.view(opt.m)[i]).toBeCloseTo(m[i], 6);
      });
      // the first bias-corrected step moves each weight by about lr * sign(g) (+ decay)
      expect(opt.t).toBe(3);
      opt.reset();
      expect(Array.from(be.view(opt.m))).toEqual([0, 0, 0, 0]);
      expect(Array.from(be.view(opt.v))).toEqual([0, 0, 0, 0]);
    });
  }

  it('first Adam step is lr * sign(g) without decay', () => {
    const be = new CpuBackend();
    const p = buf(be, new Float32Array([1, 1, 1])), g = buf(be, new Float32Array([1e-3, -5, 20]));
    new Adam(be, 3, { lr: 0.05, beta1: 0.9, beta2: 0.999, eps: 1e-10 }).step(p, g);
    const got = Array.from(be.view(p));
    [0.95, 1.05, 0.95].forEach((e, i) => expect(got[i]).toBeCloseTo(e, 5));
  });

  it('EMA: ema = decay ema + (1 - decay) p, repeated', () => {
    const be = new CpuBackend();
    const p = buf(be, new Float32Array([1, -2, 3])), e = buf(be, new Float32Array([0, 0, 10]));
    const ref = [0, 0, 10];
    for (let s = 0; s < 5; s++) {
      ops.ema(be, p, e, 0.9);
      for (let i = 0; i < 3; i++) ref[i] = 0.9 * ref[i] + 0.1 * [1, -2, 3][i];
    }
    be.view(e).forEach((v, i) => expect(v).toBeCloseTo(ref[i], 5));
  });

  it('copy with offsets, ParamSet clone and copyFrom', () => {
    const be = new CpuBackend();
    const a = buf(be, new Float32Array([1, 2, 3, 4, 5])), b = buf(be, new Float32Array(6).fill(-1));
    ops.copy(be, a, b, 3, 1, 2);
    expect(Array.from(be.view(b))).toEqual([-1, -1, 2, 3, 4, -1]);
    ops.fill(be, b, 7, 2, 4);
    expect(Array.from(be.view(b))).toEqual([-1, -1, 2, 3, 7, 7]);
    const spec: MlpSpec = { inDim: 2, outDim: 1, hidden: [3], act: 'relu' };
    const ps = ParamSet.create(be, spec, initMlpWeights(spec, 1));
    const cl = ps.clone();
    expect(Array.from(be.view(cl.buf))).toEqual(Array.from(be.view(ps.buf)));
    ops.scale(be, ps.buf, 2);
    cl.copyFrom(ps);
    expect(Array.from(be.view(cl.buf))).toEqual(Array.from(be.view(ps.buf)));
    expect(() => ps.copyFrom(ParamSet.create(be, { ...spec, hidden: [4] }, null))).toThrow();
  });
});
