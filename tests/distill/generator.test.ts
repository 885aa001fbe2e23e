/**
 * The generator update on the CPU reference (SPEC "One-step generator", "Generator update"):
 *  - G_eta(z) = D_eta(sigma_init z, sigma_init); the three initialisations (teacher copy,
 *    random, shifted: a teacher copy whose every output moves by 1.5 sigma_data / sqrt(d));
 *  - GeneratorWorkspace.backward is J^T dx0 (finite differences), and Racer.step applies
 *    exactly J^T g with g from distill_grad (finite differences, lr_G = 0);
 *  - on Gaussians with analytic scores: data N(mu, v I) has the linear optimal denoiser
 *    D(x, sigma) = (v x + sigma^2 mu) / (v + sigma^2). With D_phi and D_target the exact
 *    denoisers of the generator's current distribution and of a shifted target, one
 *    generator update (distill_grad, backward through G, Adam) moves the generator's mean
 *    towards the target's, and repeated updates close most of the gap;
 *  - one full Racer.step with an exact teacher (zero network, sigma_data = s: the optimal
 *    denoiser of N(0, s^2 I)) and a shifted generator, worked out by hand: every gradient
 *    but the last bias is exactly zero, Adam's first step is lr sign(grad), so phi's output
 *    moves up by c_out lr_phi and the generator's mean moves towards 0 by c_out(sigma_init) lr_G.
 */
import { describe, expect, it } from 'vitest';
import { CpuBackend } from '../../src/engine/cpu/cpuBackend';
import { Adam } from '../../src/engine/nn/adam';
import { mlpLayout, ParamSet } from '../../src/engine/nn/mlp';
import { Rng } from '../../src/engine/philox';
import { createDenoiserParams, DenoiserWorkspace, mlpSpecOf } from '../../src/diffusion/denoiser';
import { cOut, cSkip } from '../../src/diffusion/edm';
import { GeneratorWorkspace, initialGeneratorWeights } from '../../src/distill/generator';
import { distillGradKernel } from '../../src/distill/kernels/distill';
import { methodDef } from '../../src/distill/methods';
import { Racer, type RacerOptions } from '../../src/distill/racer';
import { DEFAULT_CONFIG } from '../../src/config/schema';
import { colMeans, constWeights, cpuBuf, dot, expectGradClose, mean, numericGrad, tinySpec } from '../diffusion/helpers';

const SI = 2.5;

describe('generator', () => {
  const spec = tinySpec(0.5, 2, [12, 12]);

  it('G(z) = D(sigma_init z, sigma_init), z ~ N(0, sigma_init^2)', async () => {
    const be = new CpuBackend();
    const eta = createDenoiserParams(be, spec, 3);
    const B = 4096;
    const gen = new GeneratorWorkspace(be, spec, B, SI);
    const x0 = be.view(gen.sample(eta, new Rng(1))).slice();
    const z = be.view(gen.z).slice();
    const sd = Math.sqrt(mean(Array.from(z, (v) => v * v)));
    expect(Math.abs(sd / SI - 1)).toBeLessThan(0.03);
    const den = new DenoiserWorkspace(be, spec, B);
    const s = cpuBuf(be, new Float32Array(B).fill(SI));
    expect(Array.from(be.view(den.forward(eta, gen.z, s)))).toEqual(Array.from(x0));
  });

  it('initialisations: teacher copy, shifted by 1.5 sigma_data / sqrt(d) per output, random', async () => {
    const be = new CpuBackend();
    const teacher = await createDenoiserParams(be, spec, 4).read();
    const B = 64;
    const outs: Record<string, Float32Array> = {};
    for (const init of ['teacher', 'shifted', 'random'] as const) {
      const p = initialGeneratorWeights(spec, teacher, init, SI, 9, be);
      if (init === 'teacher') expect(Array.from(await p.read())).toEqual(Array.from(teacher));
      const gen = new GeneratorWorkspace(be, spec, B, SI);
      outs[init] = be.view(gen.sample(p, new Rng(2))).slice();
    }
    const delta = (1.5 * 0.5) / Math.sqrt(2);
    for (let e = 0; e < outs.teacher.length; e++) expect(outs.shifted[e] - outs.teacher[e]).toBeCloseTo(delta, 5);
    expect(Math.abs(outs.random[0] - outs.teacher[0])).toBeGreaterThan(1e-3);
    // random is seeded
    const r1 = await initialGeneratorWeights(spec, teacher, 'random', SI, 9, be).read();
    const r2 = await initialGeneratorWeights(spec, teacher, 'random', SI, 9, be).read();
    expect(Array.from(r1)).toEqual(Array.from(r2));
  });

  it('GeneratorWorkspace.backward = J^T dx0 (finite differences over every parameter)', () => {
    const be = new CpuBackend();
    const eta = createDenoiserParams(be, tinySpec(0.5, 2, [6]), 5);
    const s = tinySpec(0.5, 2, [6]);
    const B = 5;
    const gen = new GeneratorWorkspace(be, s, B, SI);
    gen.sample(eta, new Rng(3));
    const R = new Rng(4).uniform(B * 2, -1, 2);
    const grads = cpuBuf(be, eta.size);
    gen.backward(eta, cpuBuf(be, R), grads);
    const analytic = be.view(grads).slice();
    expectGradClose(analytic, numericGrad(be, eta.buf, () => dot(be.view(gen.forwardFixed(eta, gen.z)), R)), 'generator dEta');
  });
});

const OPTS: RacerOptions = { batch: 64, lrG: 1e-3, lrPhi: 1e-3, sigmaInit: SI, weighting: 'dmd', seed: 7, sigmaRange: { lo: 0.002, hi: 20 } };

describe('Racer.step', () => {
  it('applies J^T g through the generator, g = w (D_phi - D_target) from distill_grad (finite differences, lr_G = 0)', () => {
    const be = new CpuBackend();
    const spec = tinySpec(0.5, 2, [6]);
    const teacher = createDenoiserParams(be, spec, 11);
    const g0 = createDenoiserParams(be, spec, 12);
    const def = methodDef('vanilla', DEFAULT_CONFIG.distill, DEFAULT_CONFIG.disback);
    const r = new Racer(be, spec, def, [teacher], g0, { ...OPTS, batch: 6, lrG: 0 });
    r.step();
    const g = be.view(r.g).slice();
    // g is w (D_phi - D_target) with the DMD weight of each row
    const x0 = be.view(r.gen.den.D), Dphi = be.view(r.Dphi), Dt = be.view(r.Dt);
    for (let i = 0; i < 6; i++) {
      const a = (Math.abs(x0[2 * i] - Dt[2 * i]) + Math.abs(x0[2 * i + 1] - Dt[2 * i + 1])) / 2;
      for (let j = 0; j < 2; j++) expect(g[2 * i + j]).toBeCloseTo((Dphi[2 * i + j] - Dt[2 * i + j]) / (a + 1e-6), 4);
    }
    expect(Array.from(be.view(r.eta.buf))).toEqual(Array.from(be.view(g0.buf)));
    const analytic = be.view(r.gradsG).slice();
    expectGradClose(analytic, numericGrad(be, r.eta.buf, () => dot(be.view(r.gen.forwardFixed(r.eta, r.gen.z)), g)), 'racer dEta');
  });

  for (const weighting of ['dmd', 'diffinstruct'] as const) {
    it(`exact teacher N(0, s^2 I), shifted generator: one step, worked out by hand (${weighting})`, async () => {
      const be = new CpuBackend();
      const sd = 0.5, d = 2;
      const spec = tinySpec(sd, d, [8]);
      const tw = constWeights(spec, [0, 0]);
      const teacher = ParamSet.create(be, mlpSpecOf(spec), tw);
      const g0 = initialGeneratorWeights(spec, tw, 'shifted', SI, 1, be);
      const delta = (1.5 * sd) / Math.sqrt(d);
      const def = methodDef('vanilla', DEFAULT_CONFIG.distill, DEFAULT_CONFIG.disback);
      const r = new Racer(be, spec, def, [teacher], g0, { ...OPTS, weighting });
      const probe = new GeneratorWorkspace(be, spec, 256, SI);
      const before = colMeans(be.view(probe.sample(r.eta, new Rng(5))).slice(), d);
      r.step();
      const last = mlpLayout(mlpSpecOf(spec)).layers.at(-1)!;
      const eta = be.view(r.eta.buf), phi = be.view(r.phi.buf), e0 = be.view(g0.buf);
      for (let k = 0; k < eta.length; k++) {
        const isLastBias = k >= last.b && k < last.b + d;
        // generator: last bias down by lr_G (towards the data mean 0), nothing else moves
        expect(eta[k] - e0[k], `eta[${k}]`).toBeCloseTo(isLastBias ? -OPTS.lrG : 0, 7);
        // fake score: its samples have mean delta > 0, so its output moves up by lr_phi
        expect(phi[k] - tw[k], `phi[${k}]`).toBeCloseTo(isLastBias ? OPTS.lrPhi : 0, 7);
      }
      // D_phi - D_target = c_out(sigma) lr_phi > 0 in every element
      const Dphi = be.view(r.Dphi), Dt = be.view(r.Dt), sig = be.view(r.fake.sigma);
      for (let e = 0; e < Dphi.length; e++) expect((Dphi[e] - Dt[e]) / (cOut(sig[Math.floor(e / d)], sd) * OPTS.lrPhi)).toBeCloseTo(1, 2);
      const after = colMeans(be.view(probe.forwardFixed(r.eta, probe.z)).slice(), d);
      for (let j = 0; j < d; j++) {
        expect(before[j]).toBeCloseTo(delta, 1);
        expect(after[j] - before[j]).toBeCloseTo(-cOut(SI, sd) * OPTS.lrG, 7);
      }
      // the generator's spread is c_skip(sigma_init) sigma_init, untouched
      expect(cSkip(SI, sd) * SI).toBeLessThan(0.1);
    });
  }
});

describe('Gaussian case with analytic scores: the generator update moves G towards the target', () => {
  /** The exact denoiser of N(m, v I) at sigma. */
  const gaussD = (x: number, sigma: number, m: number, v: number) => (v * x + sigma * sigma * m) / (v + sigma * sigma);

  for (const weighting of ['diffinstruct', 'dmd'] as const) {
    it(weighting, () => {
      const be = new CpuBackend();
      const spec = tinySpec(0.5, 2, [16]);
      const B = 256, d = 2;
      const eta = createDenoiserParams(be, spec, 21);
      const gen = new GeneratorWorkspace(be, spec, B, SI);
      const adam = new Adam(be, eta.size, { lr: 3e-3, beta1: 0, beta2: 0.999, eps: 1e-8 });
      const rng = new Rng(22);
      const Dphi = cpuBuf(be, B * d), Dt = cpuBuf(be, B * d), g = cpuBuf(be, B * d), mis = cpuBuf(be, B), loss = cpuBuf(be, B), grads = cpuBuf(be, eta.size);
      gen.sample(eta, rng);
      const z = be.view(gen.z).slice();
      const x00 = be.view(gen.den.D).slice();
      const m0 = colMeans(x00, d);
      const mu = [m0[0] + 0.6, m0[1] - 0.4]; // the target: same spread, mean moved
      const dist = (m: number[]) => Math.hypot(m[0] - mu[0], m[1] - mu[1]);
      const zBuf = cpuBuf(be, z);
      const dists = [dist(m0)];
      for (let it = 0; it < 30; it++) {
        const x0 = be.view(gen.sample(eta, rng)).slice();
        const m = colMeans(x0, d);
        let v = 0;
        for (let e = 0; e < x0.length; e++) v += (x0[e] - m[e % d]) ** 2 / x0.length;
        const eps = rng.normal(B * d);
        const sig = rng.uniform(B, 0.1, 2);
        const dp = be.view(Dphi), dt = be.view(Dt);
        for (let e = 0; e < B * d; e++) {
          const s = sig[Math.floor(e / d)], x = x0[e] + s * eps[e];
          dp[e] = gaussD(x, s, m[e % d], v);
          dt[e] = gaussD(x, s, mu[e % d], v);
        }
        be.run(distillGradKernel, { B, d, dmd: weighting === 'dmd' ? 1 : 0, floor: 1e-6 }, [gen.den.D, Dphi, Dt, g, mis, loss]);
        if (it === 0) {
          // D_phi - D_target = sigma^2 (m - mu) / (v + sigma^2): every g points from the target to G
          const gv = be.view(g);
          for (let i = 0; i < B; i++) {
            for (let j = 0; j < d; j++) expect(Math.sign(gv[i * d + j])).toBe(Math.sign(m[j] - mu[j]));
          }
        }
        gen.backward(eta, g, grads);
        adam.step(eta.buf, grads);
        dists.push(dist(colMeans(be.view(gen.forwardFixed(eta, zBuf)).slice(), d)));
      }
      console.log(`[gauss] ${weighting}: |mean(G) - mu| ${dists[0].toFixed(4)} -> ${dists[1].toFixed(4)} (1 update) -> ${dists[10].toFixed(4)} (10) -> ${dists[30].toFixed(4)} (30)`);
      expect(dists[1]).toBeLessThan(dists[0]);
      let up = 0;
      for (let k = 1; k < dists.length; k++) if (dists[k] > dists[k - 1]) up++;
      expect(up).toBeLessThanOrEqual(3);
      expect(dists[30]).toBeLessThan(0.5 * dists[0]);
    });
  }
});
