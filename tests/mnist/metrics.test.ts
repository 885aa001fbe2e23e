/**
 * MNIST metrics with known answers: the Jacobi eigen solver, the PSD square root, Frechet
 * distances of Gaussians given by their statistics (closed forms) and of sample sets, KID for
 * equal and shifted distributions, the class histogram and the confidence fraction.
 */
import { describe, expect, it } from 'vitest';
import { Rng } from '../../src/engine/philox';
import { jacobiEigen, matmulSq, sqrtmPsd } from '../../src/metrics/mnistLinalg';
import { classHistogram, confidentFraction, featureRms, featureStats, type FeatureStats, frechetDistance, kid } from '../../src/metrics/mnistMetrics';

/** A random orthogonal matrix (Gram-Schmidt of a seeded Gaussian matrix). */
function orthogonal(n: number, seed: number): Float64Array {
  const g = new Rng(seed, 9).normal(n * n);
  const q = new Float64Array(n * n);
  for (let k = 0; k < n; k++) {
    const v = Array.from({ length: n }, (_, i) => g[i * n + k]);
    for (let j = 0; j < k; j++) {
      let dot = 0;
      for (let i = 0; i < n; i++) dot += v[i] * q[i * n + j];
      for (let i = 0; i < n; i++) v[i] -= dot * q[i * n + j];
    }
    const norm = Math.hypot(...v);
    for (let i = 0; i < n; i++) q[i * n + k] = v[i] / norm;
  }
  return q;
}
/** Q diag(l) Q^T */
function withEigen(q: Float64Array, l: number[]): Float64Array {
  const n = l.length, out = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) {
    let s = 0;
    for (let k = 0; k < n; k++) s += q[i * n + k] * l[k] * q[j * n + k];
    out[i * n + j] = s;
  }
  return out;
}
const stats = (mean: number[], cov: Float64Array): FeatureStats => ({ n: 1000, dim: mean.length, mean: Float64Array.from(mean), cov });
/** Samples [n, d] = mean + L z with L = Q diag(sqrt(l)). */
function gaussian(n: number, mean: number[], q: Float64Array, l: number[], seed: number): Float32Array {
  const d = mean.length, z = new Rng(seed, 3).normal(n * d), out = new Float32Array(n * d);
  for (let s = 0; s < n; s++) for (let i = 0; i < d; i++) {
    let v = mean[i];
    for (let k = 0; k < d; k++) v += q[i * d + k] * Math.sqrt(l[k]) * z[s * d + k];
    out[s * d + i] = v;
  }
  return out;
}

describe('Jacobi eigen solver', () => {
  it('2x2 and diagonal cases', () => {
    const e = jacobiEigen([2, 1, 1, 2], 2);
    expect(e.values[0]).toBeCloseTo(1, 12);
    expect(e.values[1]).toBeCloseTo(3, 12);
    expect(Math.abs(e.vectors[0 * 2 + 1])).toBeCloseTo(Math.SQRT1_2, 12);
    const d = jacobiEigen([3, 0, 0, 0, -1, 0, 0, 0, 2], 3);
    expect(Array.from(d.values)).toEqual([-1, 2, 3]);
  });

  it('recovers the spectrum of Q diag(l) Q^T and reconstructs it (n = 12)', () => {
    const n = 12, l = Array.from({ length: n }, (_, i) => (i - 3) * 0.7), q = orthogonal(n, 4);
    const A = withEigen(q, l);
    const e = jacobiEigen(A, n);
    l.forEach((v, i) => expect(e.values[i]).toBeCloseTo(v, 10));
    const R = withEigen(e.vectors, Array.from(e.values));
    for (let i = 0; i < n * n; i++) expect(R[i]).toBeCloseTo(A[i], 10);
  });

  it('sqrtmPsd squares back to the matrix', () => {
    const n = 10, q = orthogonal(n, 5), A = withEigen(q, Array.from({ length: n }, (_, i) => i * i * 0.1));
    const r = sqrtmPsd(A, n), rr = matmulSq(r, r, n);
    for (let i = 0; i < n * n; i++) expect(rr[i]).toBeCloseTo(A[i], 9);
  });
});

describe('Frechet distance', () => {
  it('closed forms: diagonal covariances, and I vs a rotated spectrum', () => {
    const diag = (v: number[]) => withEigen(orthogonal(v.length, 1).map((_, i) => (i % (v.length + 1) === 0 ? 1 : 0)), v);
    const fd = frechetDistance(stats([1, 0, 2], diag([1, 4, 9])), stats([0, 0, 0], diag([4, 1, 1])));
    // |mu|^2 + sum (sqrt a - sqrt b)^2 = 5 + 1 + 1 + 4
    expect(fd).toBeCloseTo(11, 9);
    const n = 8, l = [0.1, 0.5, 1, 2, 3, 4, 5, 9], q = orthogonal(n, 7);
    const I = withEigen(q, new Array(n).fill(1));
    const expected = l.reduce((a, v) => a + (1 - Math.sqrt(v)) ** 2, 0) + 4;
    expect(frechetDistance(stats([2, 0, 0, 0, 0, 0, 0, 0], I), stats(new Array(n).fill(0), withEigen(q, l)))).toBeCloseTo(expected, 8);
  });

  it('is about 0 for a set with itself and symmetric, and grows with a shift', () => {
    const d = 16, q = orthogonal(d, 2), l = Array.from({ length: d }, (_, i) => 0.2 + i * 0.1), mu = new Array(d).fill(0);
    const a = featureStats(gaussian(2000, mu, q, l, 1), d);
    expect(frechetDistance(a, a)).toBeLessThan(1e-8);
    const b = featureStats(gaussian(2000, mu, q, l, 2), d);
    const ab = frechetDistance(a, b);
    expect(Math.abs(ab - frechetDistance(b, a))).toBeLessThan(1e-8);
    expect(ab).toBeLessThan(0.2);
    const c = featureStats(gaussian(2000, mu.map((_, i) => (i === 0 ? 1 : 0)), q, l, 3), d);
    expect(frechetDistance(a, c)).toBeGreaterThan(0.8);
    expect(frechetDistance(a, c)).toBeLessThan(1.3);
  });
});

describe('KID', () => {
  it('about 0 for the same distribution, clearly positive for a shifted one', () => {
    const d = 8, q = orthogonal(d, 3), l = new Array(d).fill(1), mu = new Array(d).fill(0);
    const x = gaussian(600, mu, q, l, 1), y = gaussian(600, mu, q, l, 2), z = gaussian(600, mu.map(() => 0.5), q, l, 3);
    const same = kid(x, y, d, { subset: 300, subsets: 5 });
    const diff = kid(x, z, d, { subset: 300, subsets: 5 });
    expect(Math.abs(same.mean)).toBeLessThan(0.02);
    expect(diff.mean).toBeGreaterThan(0.2);
    expect(diff.mean).toBeGreaterThan(10 * Math.abs(same.mean));
    // scale: features 10x larger with scale 10 give the same estimate
    const big = (a: Float32Array) => a.map((v) => 10 * v);
    expect(kid(big(x), big(z), d, { subset: 300, subsets: 5, scale: 10 }).mean).toBeCloseTo(diff.mean, 6);
    expect(featureRms([3, -4, 0, 0])).toBe(2.5);
  });
});

describe('class histogram and confidence', () => {
  it('counts predicted classes and confident predictions', () => {
    const probs = new Float32Array([0.95, 0.05, 0, 0.5, 0.4, 0.1, 0, 0.05, 0.95, 0.1, 0.8, 0.1]);
    expect(classHistogram({ labels: Uint8Array.of(0, 0, 2, 1), classes: 3 })).toEqual([0.5, 0.25, 0.25]);
    expect(confidentFraction({ probs, classes: 3 })).toBe(0.5);
    expect(confidentFraction({ probs, classes: 3 }, 0.5)).toBe(1);
  });
});
