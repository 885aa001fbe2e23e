/**
 * Finite-difference helpers for the gradient checks of tests/mnist (same method as
 * tests/engine/gradcheck.test.ts): central differences with the stored f32 perturbed values
 * in the denominator, h = 1e-2, loss L = sum_i r_i out_i summed in float64; pass:
 * |analytic - numeric| <= rtol * max(|numeric|, 1e-2 * max|numeric|), rtol = 1e-2.
 */
import { expect } from 'vitest';
import type { Buf } from '../../src/engine/backend';
import type { CpuBackend } from '../../src/engine/cpu/cpuBackend';

export const H = 1e-2;
export const RTOL = 1e-2;

export function buf(be: CpuBackend, data: Float32Array | number, label = 't'): Buf {
  const b = be.createBuffer(typeof data === 'number' ? data : data.length, label);
  if (typeof data !== 'number') be.write(b, data);
  return b;
}

export function dot(a: Float32Array, r: Float32Array, offA = 0): number {
  let s = 0;
  for (let i = 0; i < r.length; i++) s += a[offA + i] * r[i];
  return s;
}

/** Central differences of `loss` w.r.t. x[from, from + n) (restored after). */
export function numericGrad(be: CpuBackend, x: Buf, loss: () => number, h = H, from = 0, n = x.length - from): Float64Array {
  const v = be.view(x);
  const g = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    const i = from + k;
    const x0 = v[i];
    v[i] = x0 + h;
    const xp = v[i];
    const lp = loss();
    v[i] = x0 - h;
    const xm = v[i];
    const lm = loss();
    v[i] = x0;
    g[k] = (lp - lm) / (xp - xm);
  }
  return g;
}

/** Worst relative error, as the pass criterion measures it. */
export function gradError(analytic: ArrayLike<number>, numeric: Float64Array): { worst: number; at: number } {
  let scale = 0;
  for (const v of numeric) scale = Math.max(scale, Math.abs(v));
  let worst = 0, at = 0;
  for (let i = 0; i < numeric.length; i++) {
    const r = Math.abs(analytic[i] - numeric[i]) / Math.max(Math.abs(numeric[i]), 1e-2 * scale);
    if (!(r <= worst)) { worst = r; at = i; }
  }
  return { worst, at };
}

export function expectGradClose(analytic: ArrayLike<number>, numeric: Float64Array, what: string, rtol = RTOL): number {
  expect(analytic.length, what).toBe(numeric.length);
  const scale = numeric.reduce((a, v) => Math.max(a, Math.abs(v)), 0);
  expect(scale, `${what}: numeric gradient is all zero`).toBeGreaterThan(0);
  const { worst, at } = gradError(analytic, numeric);
  expect(worst, `${what}: worst at ${at}: analytic ${analytic[at]} vs numeric ${numeric[at]}`).toBeLessThanOrEqual(rtol);
  return worst;
}
