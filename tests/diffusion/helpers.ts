/** Shared helpers of the diffusion and distillation tests (no tests in this file). */
import { expect } from 'vitest';
import type { Buf } from '../../src/engine/backend';
import type { CpuBackend } from '../../src/engine/cpu/cpuBackend';
import { mlpLayout } from '../../src/engine/nn/mlp';
import { REL_FLOOR, type KernelCheckReport } from '../../src/engine/selftest';
import { DenoiserWorkspace, type DenoiserSpec, mlpSpecOf, type Params } from '../../src/diffusion/denoiser';
import { dsmGradKernel } from '../../src/diffusion/kernels/edm';
import { EDM_2D } from '../../src/diffusion/edm';

export function printTable(tag: string, adapter: string, checks: KernelCheckReport[]): void {
  const rows = checks.map((c) => `${c.kernel.padEnd(16)} ${String(c.cases).padStart(5)} ${c.maxAbs.toExponential(2).padStart(10)} ${c.maxRel.toExponential(2).padStart(10)}  ${c.ok ? 'ok' : 'FAIL  ' + (c.error ?? c.worst)}`);
  console.log(
    `[${tag}] adapter: ${adapter}\nmaxRel = max|g-c| / max(|c|, ${REL_FLOOR} max|c|); pass: maxRel <= 1e-4\n` +
      `${'kernel'.padEnd(16)} cases     maxAbs     maxRel\n${rows.join('\n')}\n` + checks.map((c) => `  worst ${c.kernel}: ${c.worst}`).join('\n'),
  );
}

export function cpuBuf(be: CpuBackend, data: Float32Array | number, label = 't'): Buf {
  const b = be.createBuffer(typeof data === 'number' ? data : data.length, label);
  if (typeof data !== 'number') be.write(b, data);
  return b;
}

export function dot(a: ArrayLike<number>, r: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < r.length; i++) s += a[i] * r[i];
  return s;
}

/**
 * Central differences of `loss` w.r.t. elements [0, n) of a CPU buffer (restored after),
 * with the stored f32 perturbed values in the denominator (as tests/engine/gradcheck).
 */
export function numericGrad(be: CpuBackend, x: Buf, loss: () => number, h = 1e-2, n = x.length): Float64Array {
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

/** |analytic - numeric| <= rtol * max(|numeric|, 1e-2 * max|numeric|) everywhere; returns the worst ratio. */
export function expectGradClose(analytic: ArrayLike<number>, numeric: Float64Array, what: string, rtol = 1e-2): number {
  expect(analytic.length, what).toBe(numeric.length);
  let scale = 0;
  for (const v of numeric) scale = Math.max(scale, Math.abs(v));
  expect(scale, `${what}: numeric gradient is all zero`).toBeGreaterThan(0);
  let worst = 0, at = 0;
  for (let i = 0; i < numeric.length; i++) {
    const r = Math.abs(analytic[i] - numeric[i]) / Math.max(Math.abs(numeric[i]), 1e-2 * scale);
    if (!(r <= worst)) { worst = r; at = i; }
  }
  console.log(`[gradcheck] ${what}: ${numeric.length} values, worst rel error ${worst.toExponential(2)}`);
  expect(worst, `${what}: worst at ${at}: analytic ${analytic[at]} vs numeric ${numeric[at]}`).toBeLessThanOrEqual(rtol);
  return worst;
}

export const mean = (v: ArrayLike<number>): number => {
  let s = 0;
  for (let i = 0; i < v.length; i++) s += v[i];
  return s / v.length;
};

/** Per-column mean of [n, d] rows. */
export function colMeans(x: Float32Array, d: number): number[] {
  const n = x.length / d;
  const m = new Array<number>(d).fill(0);
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) m[j] += x[i * d + j] / n;
  return m;
}

/** max_i |a_i - b_i| / max(max_i |b_i|, tiny): a relative difference against the reference's scale. */
export function relDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let e = 0, s = 0;
  for (let i = 0; i < b.length; i++) { e = Math.max(e, Math.abs(a[i] - b[i])); s = Math.max(s, Math.abs(b[i])); }
  return e / Math.max(s, 1e-30);
}

/** A tiny denoiser spec (one hidden layer of 8, F = 2 frequencies), 2-D EDM settings. */
export function tinySpec(sigmaData: number, dim = 2, hidden: number[] = [8]): DenoiserSpec {
  return { dim, hidden, act: 'silu', fourier: { F: 2, fmin: 0.5, fmax: 2 }, edm: { ...EDM_2D, sigmaData } };
}

/**
 * Weights whose raw network output F is the constant `bias`: every weight and hidden bias
 * zero (SiLU(0) = 0, so no hidden unit is active), the last bias set. Then
 * D(x, sigma) = c_skip(sigma) x + c_out(sigma) bias exactly.
 */
export function constWeights(spec: DenoiserSpec, bias: number[]): Float32Array {
  const { layers, size } = mlpLayout(mlpSpecOf(spec));
  const w = new Float32Array(size);
  const last = layers[layers.length - 1];
  bias.forEach((b, j) => (w[last.b + j] = b));
  return w;
}

/**
 * The batch DSM loss mean_i lambda_i ||D(x_i, sigma_i) - y_i||^2 of `params` at a fixed noised
 * batch, as a function for finite differences (CPU; `y` the clean samples or a regression target).
 */
export function dsmBatchLoss(be: CpuBackend, spec: DenoiserSpec, params: Params, x: Buf, sigma: Buf, y: Buf, B: number): () => number {
  const ws = new DenoiserWorkspace(be, spec, B);
  const dF = cpuBuf(be, B * spec.dim), rows = cpuBuf(be, B);
  return () => {
    const D = ws.forward(params, x, sigma);
    be.run(dsmGradKernel, { B, d: spec.dim, sd: spec.edm.sigmaData, offX0: 0 }, [D, y, sigma, dF, rows]);
    return mean(be.view(rows));
  };
}
