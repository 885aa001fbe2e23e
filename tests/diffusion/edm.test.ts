/**
 * The EDM parameterisation (SPEC "Notation", "Teacher training", "Sampling") on the CPU:
 * preconditioning values against hand-computed numbers, the weighting identity
 * lambda c_out^2 = 1, the Karras grid, one Heun step and one Euler step against a hand
 * computation with a known denoiser (a network whose raw output is a constant: zero
 * weights and a chosen last bias), and the sampler on N(0, s^2 I), whose optimal denoiser
 * the zero network realises exactly when sigma_data = s: the probability-flow ODE then
 * maps x(sigma_max) to x(sigma_max) s / sqrt(s^2 + sigma_max^2).
 */
import { describe, expect, it } from 'vitest';
import { CpuBackend } from '../../src/engine/cpu/cpuBackend';
import { ParamSet } from '../../src/engine/nn/mlp';
import { Rng } from '../../src/engine/philox';
import { mlpSpecOf } from '../../src/diffusion/denoiser';
import { cIn, cNoise, cOut, cSkip, EDM_2D, EDM_DEFAULTS, karrasSigmas, lambdaWeight } from '../../src/diffusion/edm';
import { Sampler } from '../../src/diffusion/sampler';
import { constWeights, tinySpec } from './helpers';

describe('preconditioning', () => {
  it('c_skip, c_out, c_in, c_noise, lambda at sigma = 0.002, 0.5, 2, 80 (sigma_data = 0.5), by hand', () => {
    // [sigma, c_skip, c_out, c_in, c_noise, lambda], worked out on paper from the SPEC formulas
    const table: number[][] = [
      [0.5, 0.5, 0.25 / Math.SQRT1_2 / 1, Math.SQRT2, Math.log(0.5) / 4, 8],
      [2, 0.25 / 4.25, 1 / Math.sqrt(4.25), 1 / Math.sqrt(4.25), Math.LN2 / 4, 4.25],
      [0.002, 0.25 / 0.250004, 0.001 / Math.sqrt(0.250004), 1 / Math.sqrt(0.250004), Math.log(0.002) / 4, 250004],
      [80, 0.25 / 6400.25, 40 / Math.sqrt(6400.25), 1 / Math.sqrt(6400.25), Math.log(80) / 4, 6400.25 / 1600],
    ];
    // the same numbers in decimals (guards against a formula and its "hand" copy sharing a slip)
    expect(table[0][2]).toBeCloseTo(0.3535533906, 9);
    expect(table[2][1]).toBeCloseTo(0.999984, 6);
    expect(table[3][2]).toBeCloseTo(0.4999902347, 9);
    expect(table[3][4]).toBeCloseTo(1.0955066587, 9);
    for (const [s, skip, out, cin, noise, lam] of table) {
      expect(cSkip(s, 0.5) / skip).toBeCloseTo(1, 12);
      expect(cOut(s, 0.5) / out).toBeCloseTo(1, 12);
      expect(cIn(s, 0.5) / cin).toBeCloseTo(1, 12);
      expect(cNoise(s)).toBeCloseTo(noise, 12);
      expect(lambdaWeight(s, 0.5) / lam).toBeCloseTo(1, 12);
    }
    // limits: D -> x as sigma -> 0; D -> sigma_data F as sigma -> infinity
    expect(cSkip(1e-6, 0.5)).toBeCloseTo(1, 9);
    expect(cOut(1e6, 0.5)).toBeCloseTo(0.5, 9);
  });

  it('lambda c_out^2 = 1 and c_skip + (c_out / sd)^2 = 1 over the whole sigma range, several sigma_data', () => {
    for (const sd of [0.1, 0.5, 1, 3.7]) {
      for (let k = 0; k <= 40; k++) {
        const s = Math.exp(Math.log(0.002) + (k / 40) * (Math.log(80) - Math.log(0.002)));
        expect(lambdaWeight(s, sd) * cOut(s, sd) ** 2).toBeCloseTo(1, 10);
        expect(cSkip(s, sd) + (cOut(s, sd) / sd) ** 2).toBeCloseTo(1, 10);
        // c_in normalises the noised input: var(c_in (x0 + sigma eps)) = 1 when var(x0) = sd^2
        expect(cIn(s, sd) ** 2 * (sd * sd + s * s)).toBeCloseTo(1, 10);
      }
    }
  });

  it('defaults: EDM sigma range and log-normal, 2-D sigma_max 20', () => {
    expect(EDM_DEFAULTS).toMatchObject({ sigmaMin: 0.002, sigmaMax: 80, pMean: -1.2, pStd: 1.2, rho: 7 });
    expect(EDM_2D.sigmaMax).toBe(20);
  });
});

describe('Karras grid', () => {
  it('endpoints, monotone, final 0, and sigma_i^(1/rho) linear in i', () => {
    for (const [n, smin, smax, rho] of [[18, 0.002, 80, 7], [5, 0.002, 20, 7], [40, 0.01, 10, 3], [2, 0.1, 1, 7]]) {
      const s = karrasSigmas(n, smin, smax, rho);
      expect(s.length).toBe(n + 1);
      expect(s[0]).toBeCloseTo(smax, 10);
      expect(s[n - 1] / smin).toBeCloseTo(1, 10);
      expect(s[n]).toBe(0);
      for (let i = 0; i < n; i++) expect(s[i + 1]).toBeLessThan(s[i]);
      const r = s.slice(0, n).map((v) => Math.pow(v, 1 / rho));
      const step = r[1] - r[0];
      for (let i = 1; i < n; i++) expect(r[i] - r[i - 1]).toBeCloseTo(step, 10);
      expect(step).toBeCloseTo((Math.pow(smin, 1 / rho) - Math.pow(smax, 1 / rho)) / (n - 1), 12);
    }
    // rho = 7 concentrates steps at low noise: the middle of an 18-step grid is far below the arithmetic middle
    const s = karrasSigmas(18, 0.002, 80);
    expect(s[9]).toBeLessThan(0.05 * 40);
    // ... and rho = 1 is the uniform grid
    expect(karrasSigmas(5, 0, 80, 1).slice(0, 5).map((v) => Math.round(v * 1e9) / 1e9)).toEqual([80, 60, 40, 20, 0]);
    expect(karrasSigmas(1, 0.002, 80)).toEqual([80, 0]);
    expect(() => karrasSigmas(0, 0.002, 80)).toThrow();
    expect(() => karrasSigmas(2.5, 0.002, 80)).toThrow();
  });
});

/** D(x, s) = c_skip x + c_out b of the constant network, in float64. */
const Dconst = (x: number, s: number, sd: number, b: number) => cSkip(s, sd) * x + cOut(s, sd) * b;

describe('sampler against hand computations', () => {
  const sd = 0.6, bias = [0.7, -1.3];
  const spec = tinySpec(sd);
  const n = 7;

  function handSample(kind: 'heun' | 'euler', steps: number, x0: Float32Array, sigmaMax: number): Float64Array {
    const sig = karrasSigmas(steps, spec.edm.sigmaMin, sigmaMax, spec.edm.rho);
    const out = Float64Array.from(x0);
    for (let e = 0; e < out.length; e++) {
      const b = bias[e % 2];
      let x = out[e];
      for (let i = 0; i < steps; i++) {
        const s = sig[i], s1 = sig[i + 1], h = s1 - s;
        const d0 = (x - Dconst(x, s, sd, b)) / s;
        const x1 = x + h * d0;
        if (kind === 'heun' && s1 > 0) {
          const d1 = (x1 - Dconst(x1, s1, sd, b)) / s1;
          x = x + (h / 2) * (d0 + d1);
        } else x = x1;
      }
      out[e] = x;
    }
    return out;
  }

  for (const [kind, steps, sigmaMax] of [['heun', 2, 20], ['heun', 3, 5], ['euler', 3, 20], ['heun', 1, 2]] as const) {
    it(`${kind}, ${steps} steps from sigma_max ${sigmaMax}${kind === 'heun' ? ` (${steps - 1} Heun step(s), then Euler to 0)` : ''}`, async () => {
      const be = new CpuBackend();
      const params = ParamSet.create(be, mlpSpecOf(spec), constWeights(spec, bias));
      const sampler = new Sampler(be, spec, n);
      const got = await sampler.sample(params, steps, kind, new Rng(9, 1), sigmaMax);
      // the sampler's first draw: N(0, sigma_max^2) from the same stream
      const x0 = new Rng(9, 1).normal(n * 2, 0, sigmaMax);
      const want = handSample(kind, steps, x0, sigmaMax);
      // f32 against float64, relative to the value's size (at least 1). The 2-step grid from 20
      // takes one Heun step 20 -> 0.002, where d1 = (x1 - D1) / 0.002 magnifies the f32
      // rounding of D1 500x: measured 5e-5 there, 1e-6 elsewhere.
      const tol = steps === 2 ? 2e-4 : 2e-5;
      const close = (a: number, b: number) => expect(Math.abs(a - b), `${a} vs ${b}`).toBeLessThanOrEqual(tol * Math.max(1, Math.abs(b)));
      for (let e = 0; e < want.length; e++) close(got[e], want[e]);
      // a one-step Heun run is a single Euler step to sigma = 0, which lands on D(x, sigma_max)
      if (steps === 1) for (let e = 0; e < want.length; e++) close(got[e], Dconst(x0[e], sigmaMax, sd, bias[e % 2]));
    });
  }

  it('NFE: Heun 2N - 1, Euler N', () => {
    expect(Sampler.nfe('heun', 18)).toBe(35);
    expect(Sampler.nfe('euler', 18)).toBe(18);
  });

  it('N(0, s^2 I): the zero network is the optimal denoiser when sigma_data = s; Heun converges to the exact flow at second order', async () => {
    const s = 0.8, smax = 20;
    const g = tinySpec(s, 3);
    const be = new CpuBackend();
    const params = ParamSet.create(be, mlpSpecOf(g), constWeights(g, [0, 0, 0]));
    // optimal denoiser of N(0, s^2): D = s^2 x / (s^2 + sigma^2) = c_skip x, so c_out F = 0
    expect(cSkip(1.7, s)).toBeCloseTo((s * s) / (s * s + 1.7 * 1.7), 12);
    const n = 300;
    const sampler = new Sampler(be, g, n);
    const xT = new Rng(3, 2).normal(n * 3, 0, smax);
    const k = s / Math.sqrt(s * s + smax * smax); // exact flow x(0) = k x(sigma_max)
    // relative error of the flow map: least-squares gain of the samples over k x_T, minus 1
    const err = async (steps: number, kind: 'heun' | 'euler') => {
      const x = await sampler.sample(params, steps, kind, new Rng(3, 2), smax);
      let xy = 0, yy = 0, resid = 0;
      for (let e = 0; e < x.length; e++) { xy += x[e] * xT[e]; yy += xT[e] * xT[e]; }
      const gain = xy / yy;
      for (let e = 0; e < x.length; e++) resid = Math.max(resid, Math.abs(x[e] - gain * xT[e]));
      expect(resid, 'the flow of a linear denoiser is linear').toBeLessThan(1e-4);
      return gain / k - 1;
    };
    const h24 = await err(24, 'heun'), h48 = await err(48, 'heun'), e24 = await err(24, 'euler'), e48 = await err(48, 'euler');
    console.log(`[sampler] N(0, ${s}^2), sigma_max ${smax}: relative flow error Heun 24 ${h24.toExponential(2)}, 48 ${h48.toExponential(2)} (ratio ${(h24 / h48).toFixed(2)}); Euler 24 ${e24.toExponential(2)}, 48 ${e48.toExponential(2)} (ratio ${(e24 / e48).toFixed(2)})`);
    // float64 iteration of the same schemes gives 1.47e-2 / 3.40e-3 (Heun) and -8.50e-2 / -4.25e-2 (Euler)
    expect(Math.abs(h48)).toBeLessThan(5e-3);
    expect(h24 / h48).toBeGreaterThan(3.5);
    expect(h24 / h48).toBeLessThan(5);
    expect(e24 / e48).toBeGreaterThan(1.8);
    expect(e24 / e48).toBeLessThan(2.2);
    expect(Math.abs(h48)).toBeLessThan(Math.abs(e48) / 5);
  });
});
