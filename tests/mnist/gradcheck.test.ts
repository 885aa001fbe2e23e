/**
 * Finite-difference gradient checks (CPU backend) of every image backward: conv3x3 input,
 * weight, bias and per-sample-bias gradients; group norm (x, gamma, beta; plain and with
 * the fused SiLU); 2x2 average pooling and nearest up-sampling (odd sizes included); and
 * the whole U-Net on a tiny configuration (all parameters and the input). Method: fd.ts.
 */
import { describe, expect, it } from 'vitest';
import { CpuBackend } from '../../src/engine/cpu/cpuBackend';
import { RoutedCpu } from '../engine/routedCpu';
import * as C from '../../src/engine/nn/convOps';
import { UNetWorkspace } from '../../src/engine/nn/unet';
import { initUNetWeights, unetPlan, type UNetSpec } from '../../src/engine/nn/unetSpec';
import { Rng } from '../../src/engine/philox';
import { buf, dot, expectGradClose, gradError, numericGrad } from './fd';

describe('the checker', () => {
  it('rejects a gradient that is 2% off', () => {
    const be = new CpuBackend();
    const x = buf(be, new Float32Array([0.3, -0.7, 1.1]));
    const loss = () => be.view(x).reduce((a, v) => a + Math.sin(v), 0);
    const exact = Float64Array.from(be.view(x), Math.cos);
    expect(gradError(exact, numericGrad(be, x, loss)).worst).toBeLessThan(1e-3);
    expect(gradError(exact.map((v) => v * 1.02), numericGrad(be, x, loss)).worst).toBeGreaterThan(1e-2);
  });
});

describe('conv3x3 backward', () => {
  // [B, H, W, cin, cout]; the last has 2 x 7 x 14 = 196... x 2 pixels: a split-K of S = 2
  const shapes = [[2, 5, 4, 3, 2], [1, 3, 3, 1, 5], [2, 7, 14, 2, 3]] as const;
  for (const [B, Hh, Ww, cin, cout] of shapes) {
    it(`B=${B} ${Hh}x${Ww} ${cin}->${cout}: dx, dW, dbias, d(per-sample bias)`, () => {
      const be = new CpuBackend();
      const rng = new Rng(21, cin * 10 + cout);
      const pix = B * Hh * Ww, np = C.conv3x3Size(cin, cout);
      const x = buf(be, rng.uniform(pix * cin, -1, 2)), P = buf(be, rng.uniform(np, -1, 2)), cb = buf(be, rng.uniform(B * cout, -1, 2));
      const y = buf(be, pix * cout), R = rng.uniform(pix * cout, -1, 2), Rb = buf(be, R);
      const s = { B, H: Hh, W: Ww, cin, cout };
      const loss = () => (C.conv3x3Forward(be, { ...s, x, params: P, offW: 0, cb, out: y }), dot(be.view(y), R));
      const G = buf(be, np), dx = buf(be, pix * cin), dcb = buf(be, B * cout);
      const scratch = buf(be, C.wgradScratchSize(s, cin, cout));
      if (B * Hh * Ww > 256) expect(C.wgradSplit(pix).S).toBeGreaterThan(1);
      C.conv3x3BackwardWeights(be, { ...s, x, dy: Rb, grads: G, offW: 0, scratch });
      C.conv3x3BackwardData(be, { ...s, dy: Rb, params: P, offW: 0, dx });
      C.chanSum(be, { B, HW: Hh * Ww, C: cout, x: Rb, out: dcb });
      expectGradClose(be.view(G).slice(), numericGrad(be, P, loss), 'dW and dbias');
      expectGradClose(be.view(dx).slice(), numericGrad(be, x, loss), 'dx');
      expectGradClose(be.view(dcb).slice(), numericGrad(be, cb, loss), 'dcb');
      // accumulate: beta = 1 adds onto what is there
      const g1 = be.view(G).slice();
      C.conv3x3BackwardWeights(be, { ...s, x, dy: Rb, grads: G, offW: 0, scratch, beta: 1 });
      be.view(G).forEach((v, i) => expect(v).toBeCloseTo(2 * g1[i], 5));
    });
  }
});

describe('group norm backward', () => {
  const shapes = [[2, 3, 4, 4, 2], [1, 5, 5, 3, 1], [2, 2, 3, 6, 3], [3, 4, 4, 2, 2]] as const;
  for (const [B, Hh, Ww, Ch, G] of shapes) {
    for (const act of ['none', 'silu'] as const) {
      it(`B=${B} ${Hh}x${Ww} C=${Ch} G=${G} act=${act}: dx, dgamma, dbeta`, () => {
        const be = new CpuBackend();
        const rng = new Rng(31, Ch * 7 + G);
        const n = B * Hh * Ww * Ch;
        const x = buf(be, rng.uniform(n, -1, 2).map((v, i) => v + 0.3 * (i % Ch))), P = buf(be, rng.uniform(2 * Ch, -1, 2));
        const y = buf(be, n), stats = buf(be, 2 * B * G), R = rng.uniform(n, -1, 2), Rb = buf(be, R);
        const args = { B, HW: Hh * Ww, C: Ch, G, act, x, stats, params: P, offG: 0 };
        const loss = () => (C.groupNormForward(be, { ...args, out: y }), dot(be.view(y), R));
        loss();
        const grads = buf(be, 2 * Ch), dx = buf(be, n), sums = buf(be, 2 * B * Ch);
        C.groupNormBackward(be, { ...args, dout: Rb, sums, dx, grads });
        expectGradClose(be.view(dx).slice(), numericGrad(be, x, loss), 'dx');
        expectGradClose(be.view(grads).slice(), numericGrad(be, P, loss), 'dgamma, dbeta');
      });
    }
  }
});

describe('FiLM backward', () => {
  for (const [B, Hh, Ww, Ch, act] of [[2, 3, 4, 3, 'silu'], [1, 5, 5, 2, 'none'], [3, 2, 3, 4, 'silu']] as const) {
    it(`B=${B} ${Hh}x${Ww} C=${Ch} act=${act}: dx, d(scale), d(shift), accumulate`, () => {
      const be = new CpuBackend();
      const rng = new Rng(61, Ch * 5 + B);
      const n = B * Hh * Ww * Ch, sM = 2 * Ch + 3, offM = 2;
      const x = buf(be, rng.uniform(n, -2, 4)), m = buf(be, rng.uniform(B * sM + offM, -1, 2));
      const y = buf(be, n), R = rng.uniform(n, -1, 2), Rb = buf(be, R);
      const args = { B, HW: Hh * Ww, C: Ch, act, x, m, offM, sM };
      const loss = () => (C.filmForward(be, { ...args, out: y }), dot(be.view(y), R));
      const dx = buf(be, n), dm = buf(be, B * sM + offM);
      C.filmBackward(be, { ...args, dout: Rb, dx, dm });
      expectGradClose(be.view(dx).slice(), numericGrad(be, x, loss), 'dx');
      // dm holds the scale and shift columns of every row; the other columns are not written (0 here)
      expectGradClose(be.view(dm).slice(), numericGrad(be, m, loss), 'd(scale), d(shift)');
      const g1 = be.view(dx).slice();
      C.filmBackward(be, { ...args, dout: Rb, dx, dm, beta: 1 });
      be.view(dx).forEach((v, i) => expect(v).toBeCloseTo(2 * g1[i], 5));
    });
  }
});

describe('resampling backward', () => {
  for (const [B, Hh, Ww, Ch] of [[2, 4, 6, 3], [1, 7, 5, 2], [2, 3, 3, 1]] as const) {
    it(`pool2 and up2 B=${B} ${Hh}x${Ww} C=${Ch}`, () => {
      const be = new CpuBackend();
      const rng = new Rng(41, Hh * 10 + Ww);
      const Ho = Math.ceil(Hh / 2), Wo = Math.ceil(Ww / 2);
      const big = B * Hh * Ww * Ch, small = B * Ho * Wo * Ch;
      const s = { B, H: Hh, W: Ww, C: Ch };
      // pool: big -> small
      const x = buf(be, rng.uniform(big, -1, 2)), y = buf(be, small), R = rng.uniform(small, -1, 2), Rb = buf(be, R), dx = buf(be, big);
      const lossP = () => (C.pool2Forward(be, s, x, y), dot(be.view(y), R));
      C.pool2Backward(be, s, Rb, dx);
      expectGradClose(be.view(dx).slice(), numericGrad(be, x, lossP), 'pool dx');
      // up: small -> big, with a skip
      const u = { B, H: Ho, W: Wo, C: Ch, Ho: Hh, Wo: Ww };
      const xs = buf(be, rng.uniform(small, -1, 2)), sk = buf(be, rng.uniform(big, -1, 2)), yb = buf(be, big);
      const Ru = rng.uniform(big, -1, 2), Rub = buf(be, Ru), dxs = buf(be, small);
      const lossU = () => (C.up2Forward(be, u, xs, yb, { skip: sk }), dot(be.view(yb), Ru));
      C.up2Backward(be, u, Rub, dxs);
      expectGradClose(be.view(dxs).slice(), numericGrad(be, xs, lossU), 'up dx');
      expectGradClose(Ru, numericGrad(be, sk, lossU), 'up dskip (identity)');
    });
  }
});

describe('UNetWorkspace.backward on a tiny U-Net', () => {
  const spec: UNetSpec = { side: 7, inCh: 1, outCh: 1, channels: [2, 4], groups: 2, mid: 1, fourier: { F: 2, fmin: 0.5, fmax: 2 }, embDim: 4 };
  // the software route, and the GPU route (split-K weight gradients of the 1x1 convolutions at
  // 4x4, K = 32 x 16 = 512; group-norm statistics by workgroup), each kernel by its twin. At
  // B = 32 the finite differences of the float32 loss are rougher (1.1 % at worst, the same
  // on both routes), so that check is looser there; the next test compares the routes closely.
  const filmSpec: UNetSpec = { ...spec, film: true };
  it.each([['software adapters', 2, false, 0.01, spec], ['GPUs', 32, true, 0.02, spec], ['software adapters, FiLM', 2, false, 0.01, filmSpec]] as const)('every parameter gradient, the input gradient, and accumulate (%s route)', (_, B, gpuRoute, rtol, netSpec) => {
    const be = new RoutedCpu(!gpuRoute);
    const plan = unetPlan(netSpec);
    const P = buf(be, initUNetWeights(netSpec, 5, { zeroOut: false }));
    // GN gammas and betas away from 1 / 0 so their gradients are generic
    const rng = new Rng(51, 1);
    const pv = be.view(P);
    for (const g of [plan.headGn, ...[...plan.enc, ...plan.mid, ...plan.dec.map((d) => d.block)].flatMap((b) => [b.gn1, b.gn2])]) {
      for (let i = 0; i < 2 * g.c; i++) pv[g.off + i] += 0.3 * (rng.uniform(1)[0] - 0.5);
    }
    const ws = new UNetWorkspace(be, netSpec, B);
    const x = buf(be, rng.uniform(B * 49, -1, 2)), cond = buf(be, Float32Array.from({ length: B }, (_, i) => [-0.9, 0.6, 0.1][i % 3]));
    const R = rng.uniform(B * 49, -1, 2), Rb = buf(be, R);
    const params = { buf: P };
    const loss = () => dot(be.view(ws.forward(params, x, cond)), R);
    const grads = buf(be, plan.size);
    loss();
    ws.backward(params, Rb, grads, { inputGrad: true });
    const gP = be.view(grads).slice(), gX = be.view(ws.dIn).slice();
    // h = 3e-3: group norms over few values (Cg = 1, 4x4 pixels) are strongly curved; the
    // measured error falls as h^2 (2e-2 at h = 1e-2, 2.5e-3 at 3e-3), i.e. it is truncation
    const nP = numericGrad(be, P, loss, 3e-3);
    const worst = expectGradClose(gP, nP, `dparams (${plan.size})`, rtol);
    const worstX = expectGradClose(gX, numericGrad(be, x, loss), 'dx', rtol);
    console.log(`[unet gradcheck] ${plan.size} parameters: worst rel error ${worst.toExponential(2)}; input ${worstX.toExponential(2)}`);
    loss();
    ws.backward(params, Rb, grads, { accumulate: true });
    be.view(grads).forEach((v, i) => expect(v).toBeCloseTo(2 * gP[i], 5));
    for (const k of ['matmul_splitk', 'gn_stats_wg']) expect(be.ran.includes(k), k).toBe(gpuRoute);
    ws.destroy();
  });
  it('the GPU route gives the software route\'s gradients up to the order of its sums (B = 32)', () => {
    const grads = (software: boolean) => {
      const be = new RoutedCpu(software);
      const plan = unetPlan(spec);
      const P = buf(be, initUNetWeights(spec, 9, { zeroOut: false }));
      const rng = new Rng(52, 1), B = 32;
      const ws = new UNetWorkspace(be, spec, B);
      const x = buf(be, rng.uniform(B * 49, -1, 2)), cond = buf(be, rng.uniform(B, -1, 2));
      ws.forward({ buf: P }, x, cond);
      const g = buf(be, plan.size);
      ws.backward({ buf: P }, buf(be, rng.uniform(B * 49, -1, 2)), g, { inputGrad: true });
      return [be.view(g).slice(), be.view(ws.dIn).slice()];
    };
    const [sw, gpu] = [grads(true), grads(false)];
    for (const i of [0, 1]) {
      const scale = sw[i].reduce((a, v) => Math.max(a, Math.abs(v)), 0);
      const worst = sw[i].reduce((a, v, j) => Math.max(a, Math.abs(v - gpu[i][j])), 0);
      expect(worst / scale, ['params', 'input'][i]).toBeLessThan(1e-5);
    }
    // the weight gradients took another path (else this test checks nothing); the twins of the
    // two group-norm statistics kernels are one function, so the input gradients agree exactly
    expect(gpu[0]).not.toEqual(sw[0]);
  });
});
