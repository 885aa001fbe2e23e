import { describe, expect, it } from 'vitest';
import { makeProjections, sw2, w2sq1dSorted } from '../../src/metrics/sw2';
import { sampleToy } from '../../src/data/toy2d';
import { Rng } from '../../src/engine/philox';
import { gauss, permuteRows } from './helpers';

describe('sw2', () => {
  it('is 0 for identical sets and the same for any row order (exactly)', () => {
    const a = sampleToy('spiral', 1500, new Rng(1));
    const b = sampleToy('spiral', 1300, new Rng(2));
    expect(sw2(a, a, 2)).toBe(0);
    expect(sw2(a, permuteRows(a, 2, 3), 2)).toBe(0);
    const v = sw2(a, b, 2);
    expect(v).toBeGreaterThan(0);
    expect(sw2(permuteRows(a, 2, 4), permuteRows(b, 2, 5), 2)).toBe(v);
    const x8 = gauss(500, 8, 1), y8 = gauss(400, 8, 2, [1]);
    expect(sw2(permuteRows(x8, 8, 6), permuteRows(y8, 8, 7), 8)).toBe(sw2(x8, y8, 8));
  });

  it('in 1-D equals the sorted-sample formula exactly (equal sizes)', () => {
    const a = new Rng(3).normal(777), b = new Rng(4).uniform(777, -1, 3);
    const sa = Float32Array.from(a).sort(), sb = Float32Array.from(b).sort();
    let s = 0;
    for (let i = 0; i < 777; i++) s += (sa[i] - sb[i]) ** 2;
    expect(sw2(a, b, 1)).toBe(Math.sqrt(s / 777));
  });

  it('unequal sizes: the exact quantile-function integral', () => {
    // a = {0, 1}, b = {0, 0, 3}: int (F_a^-1 - F_b^-1)^2 = (1/6) * 1 + (1/3) * 4 = 1.5
    expect(w2sq1dSorted(new Float32Array([0, 1]), new Float32Array([0, 0, 3]))).toBeCloseTo(1.5, 14);
    expect(sw2(new Float32Array([1, 0]), new Float32Array([3, 0, 0]), 1)).toBeCloseTo(Math.sqrt(1.5), 14);
    // a set against itself repeated has the same quantile function
    const a = new Rng(5).normal(301);
    const a3 = new Float32Array(903);
    a3.set(a, 0);
    a3.set(a, 301);
    a3.set(a, 602);
    expect(sw2(a, a3, 1)).toBe(0);
    expect(sw2(sampleToy('moons', 200, new Rng(1)), sampleToy('moons', 200, new Rng(1)).subarray(0, 100), 2)).toBeLessThan(0.3);
    // against a brute-force quantile integral on a fine grid
    const x = Float32Array.from(new Rng(6).normal(37)).sort(), y = Float32Array.from(new Rng(7).normal(53, 0.5, 2)).sort();
    const G = 37 * 53 * 20;
    let s = 0;
    for (let g = 0; g < G; g++) {
      const t = (g + 0.5) / G;
      s += (x[Math.floor(t * 37)] - y[Math.floor(t * 53)]) ** 2;
    }
    expect(w2sq1dSorted(x, y)).toBeCloseTo(s / G, 10);
  });

  it('shifted isotropic gaussians: SW2^2 = mean_k (t.u_k)^2 + sampling floor, E = |t|^2 / d', () => {
    for (const [dim, t] of [[2, [1.5, -0.5]], [8, [2, 0, 1, 0, 0, 0, 0, -1]]] as const) {
      const n = 4000;
      const a = gauss(n, dim, 10), b = gauss(n, dim, 11, [...t]);
      const dirs = makeProjections(dim, 128, 0);
      let proj = 0;
      for (let k = 0; k < 128; k++) {
        let d = 0;
        for (let j = 0; j < dim; j++) d += t[j] * dirs[k * dim + j];
        proj += d * d;
      }
      proj /= 128;
      // b = a + t exactly: every projection is shifted by t.u_k, so W2_k^2 = (t.u_k)^2
      const shifted = Float32Array.from(a, (v, i) => v + t[i % dim]);
      expect(Math.abs(sw2(a, shifted, dim) ** 2 - proj) / proj).toBeLessThan(1e-4);
      // independent draws: the same up to the sampling floor and the error of the sample means
      const floor = sw2(a, gauss(n, dim, 12), dim) ** 2;
      expect(floor).toBeLessThan(0.01);
      expect(Math.abs(sw2(a, b, dim) ** 2 - proj)).toBeLessThan(0.1);
      // the expectation over directions; 128 random directions give a few % error
      const t2 = t.reduce<number>((p, q) => p + q * q, 0);
      expect(Math.abs(proj - t2 / dim) / (t2 / dim)).toBeLessThan(0.35);
      const many = sw2(a.subarray(0, 500 * dim), shifted.subarray(0, 500 * dim), dim, { projections: 2000, seed: 1 }) ** 2;
      expect(Math.abs(many - t2 / dim) / (t2 / dim)).toBeLessThan(0.1);
    }
  });

  it('projections are unit vectors fixed by the seed', () => {
    const d = makeProjections(5, 64, 3);
    for (let k = 0; k < 64; k++) {
      let s = 0;
      for (let j = 0; j < 5; j++) s += d[k * 5 + j] ** 2;
      expect(s).toBeCloseTo(1, 6);
    }
    const a = gauss(300, 5, 1), b = gauss(300, 5, 2, [0.3]);
    expect(sw2(a, b, 5, { seed: 3, projections: 64 })).toBe(sw2(a, b, 5, { dirs: Float32Array.from(d) }));
    expect(sw2(a, b, 5, { seed: 4 })).not.toBe(sw2(a, b, 5, { seed: 3 }));
  });

  it('returns NaN for non-finite samples and refuses bad shapes', () => {
    const a = gauss(10, 2, 1), b = gauss(10, 2, 2);
    b[3] = Infinity;
    expect(sw2(a, b, 2)).toBeNaN();
    expect(() => sw2(a, new Float32Array(3), 2)).toThrow(/multiple of dim/);
    expect(() => sw2(a, new Float32Array(0), 2)).toThrow(/at least 1 row/);
  });

  it('is fast at 2048 vs 2048 in 2-D', () => {
    const a = sampleToy('8gaussians', 2048, new Rng(1)), b = sampleToy('8gaussians', 2048, new Rng(2));
    sw2(a, b, 2);
    const t = performance.now();
    sw2(a, b, 2);
    expect(performance.now() - t).toBeLessThan(1000);
  });
});
