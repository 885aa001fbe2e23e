/**
 * Finite-difference gradient checks of the diffusion layer on the CPU backend (method and
 * pass rule of tests/engine/gradcheck.test.ts: central differences with the stored f32
 * perturbations, |analytic - numeric| <= 1e-2 max(|numeric|, 1e-2 max|numeric|)).
 *  - edm_out_bwd: dF of L = sum R . D, D = c_skip x + c_out F (F perturbed);
 *  - dsm_grad: dF of L = mean_i rows_i, rows_i = lambda_i ||D_i - x0_i||^2, D through edm_out;
 *  - DenoiserWorkspace.backward end to end (every parameter of a tiny Fourier MLP), with
 *    offDD and accumulate;
 *  - DsmStep.run end to end: its parameter gradient is that of the batch DSM loss.
 * Noise levels span [0.002, 80]. The first two losses are quadratic in F, so a large step
 * (h = 0.5) is exact up to rounding; the network checks use h = 1e-2.
 */
import { describe, expect, it } from 'vitest';
import { CpuBackend } from '../../src/engine/cpu/cpuBackend';
import { Adam } from '../../src/engine/nn/adam';
import { Rng } from '../../src/engine/philox';
import { createDenoiserParams, DenoiserWorkspace, type DenoiserSpec } from '../../src/diffusion/denoiser';
import { DsmStep } from '../../src/diffusion/dsm';
import { dsmGradKernel, edmOutBwdKernel, edmOutKernel } from '../../src/diffusion/kernels/edm';
import { sigmaValues } from '../../src/diffusion/selftestCases';
import { cpuBuf, dot, dsmBatchLoss, expectGradClose, mean, numericGrad } from './helpers';

const TINY: DenoiserSpec = {
  dim: 2, hidden: [6, 5], act: 'silu', fourier: { F: 2, fmin: 0.5, fmax: 2 },
  edm: { sigmaData: 0.7, sigmaMin: 0.002, sigmaMax: 20, pMean: -1.2, pStd: 1.2, rho: 7 },
};

describe('EDM output layer', () => {
  const B = 7, d = 3, sd = 0.6;
  it('edm_out_bwd is the gradient of sum R . D w.r.t. F', () => {
    const be = new CpuBackend();
    const r = new Rng(1);
    const x = cpuBuf(be, r.uniform(B * d, -2, 4)), s = cpuBuf(be, sigmaValues(0, B, 1)), F = cpuBuf(be, r.uniform(B * d, -1, 2));
    const D = cpuBuf(be, B * d), R = r.uniform(B * d, -1, 2), Rb = cpuBuf(be, R), dF = cpuBuf(be, B * d);
    const loss = () => (be.run(edmOutKernel, { B, d, sd, offX: 0, offS: 0 }, [x, s, F, D]), dot(be.view(D), R));
    be.run(edmOutBwdKernel, { B, d, sd, offS: 0, offDD: 0 }, [s, Rb, dF]);
    expectGradClose(be.view(dF).slice(), numericGrad(be, F, loss, 0.5), 'edm_out_bwd dF');
  });

  it('dsm_grad: dF is the gradient of mean_i rows_i through D = c_skip x + c_out F', () => {
    const be = new CpuBackend();
    const r = new Rng(2);
    const x0 = r.uniform(B * d, -1, 2), eps = r.normal(B * d);
    const sig = sigmaValues(0, B, 2);
    const xs = new Float32Array(B * d).map((_, e) => x0[e] + sig[Math.floor(e / d)] * eps[e]);
    const x = cpuBuf(be, xs), s = cpuBuf(be, sig), x0b = cpuBuf(be, x0), F = cpuBuf(be, r.uniform(B * d, -1, 2));
    const D = cpuBuf(be, B * d), dF = cpuBuf(be, B * d), rows = cpuBuf(be, B);
    const loss = () => {
      be.run(edmOutKernel, { B, d, sd, offX: 0, offS: 0 }, [x, s, F, D]);
      be.run(dsmGradKernel, { B, d, sd, offX0: 0 }, [D, x0b, s, dF, rows]);
      return mean(be.view(rows));
    };
    loss();
    const analytic = be.view(dF).slice();
    expectGradClose(analytic, numericGrad(be, F, loss, 0.5), 'dsm_grad dF');
  });
});

describe('DenoiserWorkspace.backward end to end', () => {
  it('parameter gradients of sum R . D(x, sigma; theta), with offDD and accumulate', () => {
    const be = new CpuBackend();
    const B = 5, d = TINY.dim;
    const params = createDenoiserParams(be, TINY, 7);
    const ws = new DenoiserWorkspace(be, TINY, B);
    const r = new Rng(3);
    const x = cpuBuf(be, r.uniform(B * d, -2, 4)), s = cpuBuf(be, sigmaValues(0, B, 3));
    const R = r.uniform(B * d, -1, 2);
    const off = 4;
    const Rb = cpuBuf(be, new Float32Array(off + B * d));
    be.write(Rb, R, off);
    const loss = () => dot(be.view(ws.forward(params, x, s)), R);
    loss();
    const grads = cpuBuf(be, params.size);
    ws.backward(params, Rb, grads, { offDD: off });
    const analytic = be.view(grads).slice();
    expectGradClose(analytic, numericGrad(be, params.buf, loss), 'denoiser dtheta');
    // accumulate adds a second backward pass on top
    ws.forward(params, x, s);
    ws.backward(params, Rb, grads, { offDD: off, accumulate: true });
    const twice = be.view(grads);
    for (let i = 0; i < analytic.length; i++) expect(twice[i]).toBeCloseTo(2 * analytic[i], 5);
  });

  it('DsmStep.run: the gradient it applies is that of the batch DSM loss', () => {
    const be = new CpuBackend();
    const B = 6, d = TINY.dim;
    const params = createDenoiserParams(be, TINY, 8);
    const before = be.view(params.buf).slice();
    const dsm = new DsmStep(be, TINY, B, params.size);
    // lr = 0: the parameters stay where the gradient was taken
    const adam = new Adam(be, params.size, { lr: 0, beta1: 0.9, beta2: 0.999, eps: 1e-8 });
    const x0 = cpuBuf(be, new Rng(4).uniform(B * d, -1, 2));
    const lossOut = cpuBuf(be, 2);
    dsm.run(params, adam, new Rng(5), x0, { lossOut, lossOff: 1, range: { lo: 0.002, hi: 20 } });
    expect(Array.from(be.view(params.buf))).toEqual(Array.from(before));
    const analytic = be.view(dsm.grads).slice();
    const reported = be.view(lossOut)[1];
    const loss = dsmBatchLoss(be, TINY, params, dsm.x, dsm.sigma, x0, B);
    expect(loss()).toBeCloseTo(reported, 5);
    expectGradClose(analytic, numericGrad(be, params.buf, loss), 'DsmStep dtheta');
  });
});
