/**
 * The diffusion layer on both backends (CPU reference and WebGPU via Dawn):
 *  - the denoiser is D = c_skip x + c_out F(c_in x, c_noise) with F the raw MLP;
 *  - one DSM step: x = x0 + sigma eps, rows = lambda ||D - x0||^2, the reported loss is their mean;
 *  - sigma_lognormal: ln sigma ~ N(-1.2, 1.2^2), clipping at [lo, hi] with the normal CDF's mass;
 *  - the sampler on WebGPU agrees with the CPU and with a hand computation;
 *  - a tiny teacher (2 -> [32] -> 2) trained on WebGPU and on the CPU agrees over its first
 *    steps, and the same seed gives bit-identical weights on the same backend.
 * No adapter: the GPU halves fail when CI is set, otherwise skip with the reason.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Backend } from '../../src/engine/backend';
import { CpuBackend } from '../../src/engine/cpu/cpuBackend';
import { Adam } from '../../src/engine/nn/adam';
import { MlpWorkspace, ParamSet } from '../../src/engine/nn/mlp';
import { Rng } from '../../src/engine/philox';
import { makeDataPool } from '../../src/data';
import { createDenoiserParams, default2dSpec, DenoiserWorkspace, type DenoiserSpec, mlpSpecOf } from '../../src/diffusion/denoiser';
import { DsmStep } from '../../src/diffusion/dsm';
import { cIn, cNoise, cOut, cSkip, karrasSigmas, lambdaWeight } from '../../src/diffusion/edm';
import { Sampler } from '../../src/diffusion/sampler';
import { sigmaValues } from '../../src/diffusion/selftestCases';
import { TeacherTrainer } from '../../src/diffusion/teacher';
import { type GpuHandle, openGpu } from '../engine/gpu';
import { constWeights, mean, relDiff, tinySpec } from './helpers';

let gpu: GpuHandle = { be: null, reason: 'not opened' };
beforeAll(async () => {
  gpu = await openGpu('diffusion.teacher.gpu');
});
afterAll(() => gpu.be?.destroy());

/** The CPU backend, and the WebGPU one when there is an adapter. */
function backends(): Backend[] {
  return gpu.be ? [new CpuBackend(), gpu.be] : [new CpuBackend()];
}
function upload(be: Backend, a: Float32Array, label = 't') {
  const b = be.createBuffer(a.length, label);
  be.write(b, a);
  return b;
}

const SPEC: DenoiserSpec = tinySpec(0.7, 3, [16, 8]);

describe('denoiser: D = c_skip x + c_out F(c_in x, c_noise)', () => {
  it('on every backend, F the raw MLP evaluated separately', async () => {
    const B = 37, d = SPEC.dim, sd = SPEC.edm.sigmaData;
    const w = (await createDenoiserParams(new CpuBackend(), SPEC, 4).read());
    const x = new Rng(1).uniform(B * d, -3, 6);
    const sig = sigmaValues(0, B, 5);
    // the raw network's input, formed on the host
    const xin = new Float32Array(B * d), cn = new Float32Array(B);
    for (let i = 0; i < B; i++) {
      cn[i] = cNoise(sig[i]);
      for (let j = 0; j < d; j++) xin[i * d + j] = cIn(sig[i], sd) * x[i * d + j];
    }
    const Ds: Float32Array[] = [];
    for (const be of backends()) {
      const params = ParamSet.create(be, mlpSpecOf(SPEC), w);
      const ws = new DenoiserWorkspace(be, SPEC, B);
      const D = await be.read(ws.forward(params, upload(be, x), upload(be, sig)));
      const mlp = new MlpWorkspace(be, mlpSpecOf(SPEC), B);
      const F = await be.read(mlp.forward(params, upload(be, xin), upload(be, cn)));
      let worst = 0;
      for (let i = 0; i < B; i++) {
        for (let j = 0; j < d; j++) {
          const e = i * d + j;
          const want = cSkip(sig[i], sd) * x[e] + cOut(sig[i], sd) * F[e];
          worst = Math.max(worst, Math.abs(D[e] - want) / Math.max(1, Math.abs(want)));
        }
      }
      console.log(`[denoiser] ${be.kind}: max |D - (c_skip x + c_out F)| / max(1, |.|) = ${worst.toExponential(2)}`);
      expect(worst).toBeLessThan(1e-5);
      Ds.push(D);
      ws.destroy(); mlp.destroy(); params.destroy();
    }
    if (Ds.length === 2) expect(relDiff(Ds[1], Ds[0])).toBeLessThan(1e-5);
  });
});

describe('DSM step', () => {
  it('x = x0 + sigma eps; rows = lambda ||D - x0||^2; loss = mean rows (every backend)', async () => {
    const B = 50, d = SPEC.dim, sd = SPEC.edm.sigmaData;
    const w = await createDenoiserParams(new CpuBackend(), SPEC, 6).read();
    const x0h = new Rng(2).uniform(B * d, -1, 2);
    const runs: Float32Array[] = [];
    for (const be of backends()) {
      const params = ParamSet.create(be, mlpSpecOf(SPEC), w);
      const dsm = new DsmStep(be, SPEC, B, params.size);
      const adam = new Adam(be, params.size, { lr: 0, beta1: 0.9, beta2: 0.999, eps: 1e-8 });
      const lossOut = be.createBuffer(3);
      dsm.run(params, adam, new Rng(3), upload(be, x0h), { lossOut, lossOff: 2, range: { lo: 0.002, hi: 20 } });
      be.flush();
      const [sig, eps, x, D, rows, loss] = await Promise.all([dsm.sigma, dsm.eps, dsm.x, dsm.den.D, dsm.rows, lossOut].map((b) => be.read(b)));
      for (let i = 0; i < B; i++) {
        expect(sig[i]).toBeGreaterThanOrEqual(0.002);
        expect(sig[i]).toBeLessThanOrEqual(20);
        let acc = 0;
        for (let j = 0; j < d; j++) {
          const e = i * d + j;
          expect(x[e]).toBeCloseTo(x0h[e] + sig[i] * eps[e], 4);
          acc += (D[e] - x0h[e]) ** 2;
        }
        expect(rows[i] / (lambdaWeight(sig[i], sd) * acc)).toBeCloseTo(1, 5);
      }
      expect(loss[2] / mean(rows)).toBeCloseTo(1, 5);
      runs.push(Float32Array.from([...sig, ...rows, loss[2]]));
      dsm.destroy(); adam.destroy(); params.destroy();
    }
    if (runs.length === 2) expect(relDiff(runs[1], runs[0])).toBeLessThan(1e-4);
  });

  it('the weighting: a zero network on N(0, sd^2 I) data has expected loss exactly d at every sigma (every backend)', async () => {
    // E lambda ||c_skip (x0 + sigma eps) - x0||^2 = lambda d (c_skip^2 sigma^2 + (1 - c_skip)^2 sd^2) = d
    const B = 20000, sd = 0.7, d = 2;
    const spec = tinySpec(sd, d);
    const x0 = new Rng(21).normal(B * d, 0, sd);
    for (const be of backends()) {
      const params = ParamSet.create(be, mlpSpecOf(spec), constWeights(spec, [0, 0]));
      const dsm = new DsmStep(be, spec, B, params.size);
      const adam = new Adam(be, params.size, { lr: 0, beta1: 0.9, beta2: 0.999, eps: 1e-8 });
      const lossOut = be.createBuffer(1);
      for (const range of [{ lo: 0.002, hi: 80 }, { lo: 0.05, hi: 0.05 }, { lo: 5, hi: 5 }]) {
        dsm.run(params, adam, new Rng(22), upload(be, x0), { lossOut, range });
        be.flush();
        const loss = (await be.read(lossOut))[0];
        console.log(`[dsm] ${be.kind}: zero network, sigma in [${range.lo}, ${range.hi}]: mean loss ${loss.toFixed(4)} (expected ${d})`);
        // rows are lambda-weighted chi-square-like values with mean d and sd about 2: SE 0.015
        expect(Math.abs(loss - d)).toBeLessThan(0.07);
      }
      dsm.destroy(); adam.destroy(); params.destroy();
    }
  });

  it('sigma_lognormal statistics: ln sigma ~ N(-1.2, 1.2^2); clipping mass (every backend)', async () => {
    const B = 20000;
    const x0 = new Float32Array(B * 2);
    // Phi(z) by erf (Abramowitz-Stegun 7.1.26 is plenty at the 1e-2 level used here)
    const Phi = (z: number) => {
      const t = 1 / (1 + 0.3275911 * Math.abs(z) / Math.SQRT2);
      const y = 1 - ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp(-z * z / 2);
      return z >= 0 ? 0.5 * (1 + y) : 0.5 * (1 - y);
    };
    for (const be of backends()) {
      const spec = tinySpec(0.5);
      const dsm = new DsmStep(be, spec, B, 1);
      const xb = upload(be, x0);
      dsm.noise(new Rng(11), xb, 0, { lo: 1e-9, hi: 1e9 });
      be.flush();
      const s = await be.read(dsm.sigma), eps = await be.read(dsm.eps);
      const ls = Array.from(s, Math.log);
      const m = mean(ls), sd = Math.sqrt(mean(ls.map((v) => (v - m) ** 2)));
      const me = mean(eps), se = Math.sqrt(mean(Array.from(eps, (v) => (v - me) ** 2)));
      // clipped to [0.1, 1]: P(sigma = 0.1) = Phi((ln 0.1 + 1.2) / 1.2), P(sigma = 1) = 1 - Phi(1)
      dsm.noise(new Rng(12), xb, 0, { lo: 0.1, hi: 1 });
      be.flush();
      const c = await be.read(dsm.sigma);
      const atLo = c.filter((v) => v === Math.fround(0.1)).length / B, atHi = c.filter((v) => v === 1).length / B;
      const pLo = Phi((Math.log(0.1) + 1.2) / 1.2), pHi = 1 - Phi(1);
      console.log(`[sigma] ${be.kind}: ln sigma mean ${m.toFixed(4)} std ${sd.toFixed(4)}; eps mean ${me.toFixed(4)} std ${se.toFixed(4)}; clipped at 0.1: ${atLo.toFixed(4)} (expected ${pLo.toFixed(4)}), at 1: ${atHi.toFixed(4)} (expected ${pHi.toFixed(4)})`);
      // standard errors: 1.2 / sqrt(20000) = 0.0085 for the mean, about 0.006 for the std
      expect(Math.abs(m + 1.2)).toBeLessThan(0.035);
      expect(Math.abs(sd - 1.2)).toBeLessThan(0.03);
      expect(Math.abs(me)).toBeLessThan(0.02);
      expect(Math.abs(se - 1)).toBeLessThan(0.02);
      expect(c.every((v) => v >= Math.fround(0.1) && v <= 1)).toBe(true);
      expect(Math.abs(atLo - pLo)).toBeLessThan(0.015);
      expect(Math.abs(atHi - pHi)).toBeLessThan(0.015);
      // the training-noise override (a teacher-training phase) replaces the spec's log-normal, and clearing it restores it
      dsm.sigmaDist = { pMean: 1, pStd: 0.8 };
      dsm.noise(new Rng(13), xb, 0, { lo: 1e-9, hi: 1e9 });
      be.flush();
      const lo = Array.from(await be.read(dsm.sigma), Math.log);
      const mo = mean(lo), so = Math.sqrt(mean(lo.map((v) => (v - mo) ** 2)));
      expect(Math.abs(mo - 1)).toBeLessThan(0.025);
      expect(Math.abs(so - 0.8)).toBeLessThan(0.02);
      expect(spec.edm.pMean).toBe(-1.2);
      dsm.sigmaDist = null;
      dsm.noise(new Rng(11), xb, 0, { lo: 1e-9, hi: 1e9 });
      be.flush();
      expect(Array.from(await be.read(dsm.sigma))).toEqual(Array.from(s));
      dsm.destroy();
    }
  });
});

describe('sampler on WebGPU', () => {
  it('Heun with a constant-output network agrees with the CPU and the hand computation', async (ctx) => {
    const g = gpu.be;
    if (!g) { ctx.skip(`no WebGPU adapter: ${gpu.reason}`); return; }
    const spec = tinySpec(0.6);
    const bias = [0.7, -1.3];
    const n = 33, steps = 5, smax = 10;
    const out: Float32Array[] = [];
    for (const be of [new CpuBackend(), g] as Backend[]) {
      const params = ParamSet.create(be, mlpSpecOf(spec), constWeights(spec, bias));
      const s = new Sampler(be, spec, n);
      out.push(await s.sample(params, steps, 'heun', new Rng(4, 4), smax));
      s.destroy(); params.destroy();
    }
    const sig = karrasSigmas(steps, spec.edm.sigmaMin, smax, spec.edm.rho);
    const x0 = new Rng(4, 4).normal(n * 2, 0, smax);
    const D = (x: number, s: number, b: number) => cSkip(s, 0.6) * x + cOut(s, 0.6) * b;
    let worst = 0;
    for (let e = 0; e < x0.length; e++) {
      let x = x0[e];
      const b = bias[e % 2];
      for (let i = 0; i < steps; i++) {
        const s = sig[i], s1 = sig[i + 1], h = s1 - s, d0 = (x - D(x, s, b)) / s, x1 = x + h * d0;
        x = s1 > 0 ? x + (h / 2) * (d0 + (x1 - D(x1, s1, b)) / s1) : x1;
      }
      worst = Math.max(worst, Math.abs(out[1][e] - x) / Math.max(1, Math.abs(x)));
    }
    console.log(`[sampler] webgpu vs hand: ${worst.toExponential(2)}, webgpu vs cpu: ${relDiff(out[1], out[0]).toExponential(2)}`);
    expect(worst).toBeLessThan(1e-4);
    expect(relDiff(out[1], out[0])).toBeLessThan(1e-5);
  });
});

describe('stochastic and guided sampling', () => {
  /**
   * Constant-output networks F = b (teacher) and F = g (guide) make every denoiser a closed
   * form, so the whole loop can be written by hand: churn's re-noising to s_hat = s (1 + gamma)
   * with noise drawn from the same counter stream, the step from s_hat, and the guided
   * D = D_g + w (D - D_g) at sigma in [gMin, gMax] only, clamped to [-c, c] when asked.
   */
  const spec = tinySpec(0.6);
  const bias = [0.7, -1.3], gBias = [-0.4, 0.9];
  const n = 33, steps = 6, smax = 10;
  const opts = { churn: 3, tMin: 0.3, tMax: 6, sNoise: 1.01 };
  const guideRange = { weight: 1.8, min: 0.5, max: 5 };
  let handPasses = 0; // network passes per sample in the last hand(): the guide's included

  function hand(withGuide: boolean, clamp = Infinity): Float32Array {
    handPasses = 0;
    const sig = karrasSigmas(steps, spec.edm.sigmaMin, smax, spec.edm.rho);
    const rng = new Rng(4, 4);
    const x = rng.normal(n * 2, 0, smax);
    const Dn = (v: number, s: number, b: number) => cSkip(s, 0.6) * v + cOut(s, 0.6) * b;
    const D = (v: number, s: number, j: number) => {
      const d = Dn(v, s, bias[j]);
      if (!withGuide || s < guideRange.min || s > guideRange.max) return d;
      const dg = Dn(v, s, gBias[j]);
      return Math.min(Math.max(dg + guideRange.weight * (d - dg), -clamp), clamp);
    };
    for (let i = 0; i < steps; i++) {
      let s = sig[i];
      const s1 = sig[i + 1];
      const guided = (t: number) => withGuide && t >= guideRange.min && t <= guideRange.max;
      if (s >= opts.tMin && s <= opts.tMax) {
        const sh = s * (1 + Math.min(opts.churn / steps, Math.SQRT2 - 1));
        const e = rng.normal(n * 2, 0, opts.sNoise * Math.sqrt(sh * sh - s * s));
        for (let k = 0; k < x.length; k++) x[k] += e[k];
        s = sh;
      }
      handPasses += (guided(s) ? 2 : 1) + (s1 > 0 ? (guided(s1) ? 2 : 1) : 0);
      for (let k = 0; k < x.length; k++) {
        const j = k % 2, h = s1 - s, d0 = (x[k] - D(x[k], s, j)) / s, x1 = x[k] + h * d0;
        x[k] = s1 > 0 ? x[k] + (h / 2) * (d0 + (x1 - D(x1, s1, j)) / s1) : x1;
      }
    }
    return x;
  }

  it('churn and autoguidance agree with the hand computation on the CPU and on WebGPU', async (ctx) => {
    let ran = 0;
    for (const be of backends()) {
      for (const [withGuide, clamp] of [[false, undefined], [true, undefined], [true, 0.8]] as const) {
        const params = ParamSet.create(be, mlpSpecOf(spec), constWeights(spec, bias));
        const gParams = ParamSet.create(be, mlpSpecOf(spec), constWeights(spec, gBias));
        const s = new Sampler(be, spec, n);
        const got = await s.sample(params, steps, 'heun', new Rng(4, 4), smax, { ...opts, guide: withGuide ? { params: gParams, spec, ...guideRange, clamp } : undefined });
        const want = hand(withGuide, clamp);
        if (clamp !== undefined) expect(relDiff(want, hand(true))).toBeGreaterThan(1e-3); // the clamp bites
        let worst = 0;
        for (let e = 0; e < want.length; e++) worst = Math.max(worst, Math.abs(got[e] - want[e]) / Math.max(1, Math.abs(want[e])));
        console.log(`[sampler] ${be.kind} churn${withGuide ? ' + guide' : ''}${clamp ? ` clamped to +-${clamp}` : ''} vs hand: ${worst.toExponential(2)}`);
        expect(worst).toBeLessThan(1e-4);
        expect(s.passes).toBe(handPasses);
        s.destroy(); params.destroy(); gParams.destroy();
      }
      ran++;
    }
    if (ran < 2) ctx.skip(`only the CPU ran: no WebGPU adapter (${gpu.reason})`);
  });

  it('churn 0 and guidance weight 1 are the deterministic sampler, bit for bit', async () => {
    const be = gpu.be ?? new CpuBackend();
    const params = ParamSet.create(be, mlpSpecOf(spec), constWeights(spec, bias));
    const gParams = ParamSet.create(be, mlpSpecOf(spec), constWeights(spec, gBias));
    const s = new Sampler(be, spec, n);
    const plain = await s.sample(params, steps, 'heun', new Rng(4, 4), smax);
    const off = await s.sample(params, steps, 'heun', new Rng(4, 4), smax, { churn: 0, guide: { params: gParams, spec, weight: 1 } });
    const churned = await s.sample(params, steps, 'heun', new Rng(4, 4), smax, { churn: 3 });
    expect(Array.from(off)).toEqual(Array.from(plain));
    expect(s.passes).toBe(Sampler.nfe('heun', steps)); // weight 1 never runs the guide
    expect(relDiff(churned, plain)).toBeGreaterThan(1e-3); // and the option does something
    s.destroy(); params.destroy(); gParams.destroy();
  });

  it('bad options are refused with a message before anything runs', () => {
    const be = new CpuBackend();
    const params = ParamSet.create(be, mlpSpecOf(spec), constWeights(spec, bias));
    const s = new Sampler(be, spec, 4);
    expect(() => s.record(params, 3, 'heun', new Rng(1), smax, { churn: -1 })).toThrow(/churn must be/);
    expect(() => s.record(params, 3, 'heun', new Rng(1), smax, { churn: NaN })).toThrow(/churn must be/);
    expect(() => s.record(params, 3, 'heun', new Rng(1), smax, { tMin: 5, tMax: 1 })).toThrow(/tMin < tMax/);
    expect(() => s.record(params, 3, 'heun', new Rng(1), smax, { sNoise: 0 })).toThrow(/sNoise/);
    expect(() => s.record(params, 3, 'heun', new Rng(1), smax, { guide: { params, spec, weight: Infinity } })).toThrow(/guidance weight/);
    expect(() => s.record(params, 3, 'heun', new Rng(1), smax, { guide: { params, spec, weight: 2, clamp: 0 } })).toThrow(/guidance clamp must be a positive number/);
    expect(() => s.record(params, 3, 'heun', new Rng(1), smax, { guide: { params, spec: { ...spec, dim: 784 }, weight: 2 } })).toThrow(/guide denoises 784/);
    s.destroy(); params.destroy();
  });
});

describe('tiny teacher (2 -> [32] -> 2) on 8 gaussians', () => {
  const STEPS = 12;
  const data = makeDataPool({ dataset: '8gaussians', seed: 0, n: 4096 });
  const spec = default2dSpec(data.sigmaData, 2, 32, 1);
  const opts = { batch: 256, lr: 2e-3, emaDecay: 0.999, seed: 5 };

  async function train(be: Backend, steps = STEPS): Promise<{ losses: Float32Array; params: Float32Array; ema: Float32Array; init: Float32Array }> {
    const t = new TeacherTrainer(be, spec, data.pool, opts);
    const init = await t.params.read();
    t.step(steps);
    const out = { losses: await t.recentLosses(steps), params: await t.params.read(), ema: await t.ema.read(), init };
    t.destroy();
    return out;
  }

  it('CPU: the EMA warm-up, decay min(0.999, (1 + t) / (10 + t)): after one step ema = 0.1 init + 0.9 params', async () => {
    const one = await train(new CpuBackend(), 1);
    let moved = 0;
    for (let i = 0; i < one.ema.length; i++) {
      expect(one.ema[i]).toBeCloseTo(0.1 * one.init[i] + 0.9 * one.params[i], 6);
      moved = Math.max(moved, Math.abs(one.params[i] - one.init[i]));
    }
    // Adam's first step moves each weight by about lr
    expect(moved).toBeGreaterThan(0.5 * opts.lr);
    expect(moved).toBeLessThan(1.01 * opts.lr);
  });

  it('WebGPU matches the CPU over the first steps; same seed, same weights (bit-identical) per backend', async (ctx) => {
    const g = gpu.be;
    if (!g) { ctx.skip(`no WebGPU adapter: ${gpu.reason}`); return; }
    const c1 = await train(new CpuBackend()), c2 = await train(new CpuBackend());
    const g1 = await train(g), g2 = await train(g);
    expect(Array.from(c2.ema)).toEqual(Array.from(c1.ema));
    expect(Array.from(g2.ema)).toEqual(Array.from(g1.ema));
    expect(Array.from(g2.params)).toEqual(Array.from(g1.params));
    expect(Array.from(g2.losses)).toEqual(Array.from(g1.losses));
    const rel = Array.from(g1.losses, (v, i) => Math.abs(v - c1.losses[i]) / Math.abs(c1.losses[i]));
    // Adam's first steps are close to lr sign(g): a parameter whose gradient is near 0 can move
    // differently, so compare weights by their typical change, and losses step by step
    const moved = Array.from(c1.params, (v, i) => Math.abs(v - c1.init[i]));
    const diff = Array.from(g1.params, (v, i) => Math.abs(v - c1.params[i]));
    const sorted = diff.slice().sort((a, b) => a - b);
    const p99 = sorted[Math.floor(0.99 * sorted.length)], dmax = sorted[sorted.length - 1];
    console.log(
      `[teacher] webgpu vs cpu over ${STEPS} steps: loss rel diff max ${Math.max(...rel).toExponential(2)} (step 1: ${rel[0].toExponential(2)}); ` +
        `weights |gpu - cpu|: 99th pct ${p99.toExponential(2)}, max ${dmax.toExponential(2)} (mean |change| ${mean(moved).toExponential(2)}, lr ${opts.lr}); ema rel ${relDiff(g1.ema, c1.ema).toExponential(2)}`,
    );
    expect(rel[0]).toBeLessThan(1e-5);
    expect(Math.max(...rel)).toBeLessThan(1e-3);
    expect(p99).toBeLessThan(1e-2 * mean(moved));
    expect(relDiff(g1.ema, c1.ema)).toBeLessThan(1e-3);
  });
});
