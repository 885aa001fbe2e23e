import { describe, expect, it } from 'vitest';
import { DEFAULT_BANDWIDTHS, mmd2 } from '../../src/metrics/mmd';
import { energyDistance } from '../../src/metrics/energy';
import { distances } from '../../src/metrics/index';
import { sampleToy } from '../../src/data/toy2d';
import { Rng } from '../../src/engine/philox';
import { gauss, permuteRows } from './helpers';

function dist2(x: Float32Array, i: number, y: Float32Array, j: number, dim: number): number {
  let s = 0;
  for (let t = 0; t < dim; t++) s += (x[i * dim + t] - y[j * dim + t]) ** 2;
  return s;
}

/** Direct double loops, straight from the definitions. */
function naive(a: Float32Array, b: Float32Array, dim: number, f: (d2: number) => number, unbiased: boolean): number {
  const n = a.length / dim, m = b.length / dim;
  let saa = 0, sbb = 0, sab = 0;
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) if (!unbiased || i !== j) saa += f(dist2(a, i, a, j, dim));
  for (let i = 0; i < m; i++) for (let j = 0; j < m; j++) if (!unbiased || i !== j) sbb += f(dist2(b, i, b, j, dim));
  for (let i = 0; i < n; i++) for (let j = 0; j < m; j++) sab += f(dist2(a, i, b, j, dim));
  return saa / (unbiased ? n * (n - 1) : n * n) + sbb / (unbiased ? m * (m - 1) : m * m) - (2 * sab) / (n * m);
}
const rbf = (d2: number) => DEFAULT_BANDWIDTHS.reduce((s, h) => s + Math.exp(-d2 / (2 * h * h)), 0);

describe('mmd2', () => {
  it('matches the direct definition (biased and unbiased, 2-D and 5-D)', () => {
    for (const dim of [2, 5]) {
      const a = gauss(60, dim, 1).map((v) => v * 0.3), b = gauss(45, dim, 2, [0.2]).map((v) => v * 0.3);
      for (const biased of [false, true]) {
        const ref = naive(a, b, dim, rbf, !biased);
        expect(Math.abs(mmd2(a, b, dim, { biased }) - ref)).toBeLessThan(1e-10 * Math.max(1, Math.abs(ref)));
      }
      const bw = [0.3, 0.7, 1.3];
      const ref = naive(a, b, dim, (d2) => bw.reduce((s, h) => s + Math.exp(-d2 / (2 * h * h)), 0), true);
      expect(mmd2(a, b, dim, { bandwidths: bw })).toBeCloseTo(ref, 12);
    }
  });

  it('identical sets: biased 0; draws of one distribution ~0; different distributions clearly > 0', () => {
    const a = sampleToy('8gaussians', 1500, new Rng(1));
    expect(Math.abs(mmd2(a, a, 2, { biased: true }))).toBeLessThan(1e-12);
    const same = mmd2(a, sampleToy('8gaussians', 1500, new Rng(2)), 2);
    expect(Math.abs(same)).toBeLessThan(3e-3);
    const other = mmd2(a, sampleToy('25gaussians', 1500, new Rng(2)), 2);
    expect(other).toBeGreaterThan(0.05);
    const shifted = mmd2(gauss(1000, 2, 1), gauss(1000, 2, 2, [0.5]), 2);
    expect(shifted).toBeGreaterThan(20 * Math.abs(mmd2(gauss(1000, 2, 1), gauss(1000, 2, 3), 2)));
  });

  it('is invariant to row order and returns NaN on non-finite input', () => {
    const a = gauss(400, 3, 1), b = gauss(300, 3, 2, [0.4]);
    const v = mmd2(a, b, 3);
    expect(mmd2(permuteRows(a, 3, 1), permuteRows(b, 3, 2), 3)).toBeCloseTo(v, 12);
    a[5] = NaN;
    expect(mmd2(a, b, 3)).toBeNaN();
    a[5] = Infinity;
    expect(mmd2(a, b, 3)).toBeNaN();
    expect(() => mmd2(b.subarray(0, 3), b, 3)).toThrow(/at least 2 rows/);
    expect(() => mmd2(b, b, 3, { bandwidths: [0] })).toThrow(/bandwidths/);
  });
});

describe('energyDistance', () => {
  it('matches the direct definition', () => {
    const a = gauss(50, 3, 1), b = gauss(70, 3, 2, [1]);
    for (const biased of [false, true]) {
      const ref = naive(a, b, 3, (d2) => -Math.sqrt(d2), !biased); // 2E|A-B| - E|A-A'| - E|B-B'|
      expect(energyDistance(a, b, 3, { biased })).toBeCloseTo(ref, 10);
    }
  });

  it('known answers: point masses and shifted 1-D gaussians', () => {
    const z = new Float32Array(20), o = new Float32Array(20).fill(1);
    expect(energyDistance(z, o, 1)).toBeCloseTo(2, 12);
    expect(energyDistance(z, o, 1, { biased: true })).toBeCloseTo(2, 12);
    // N(0,1) vs N(mu,1): 2 E|N(mu, 2)| - 2 E|N(0, 2)| with E|N(mu, s^2)| = s sqrt(2/pi) e^{-mu^2/2s^2} + mu (1 - 2 Phi(-mu/s))
    const mu = 1, s = Math.SQRT2;
    // erf by the midpoint rule (ample accuracy for this check)
    const erf = (x: number) => {
      let acc = 0;
      const N = 20000;
      for (let k = 0; k < N; k++) acc += Math.exp(-((((k + 0.5) * x) / N) ** 2));
      return ((2 / Math.sqrt(Math.PI)) * acc * x) / N;
    };
    const Phi = (x: number) => 0.5 * (1 + erf(x / Math.SQRT2));
    const eAbs = (m: number) => s * Math.sqrt(2 / Math.PI) * Math.exp(-(m * m) / (2 * s * s)) + m * (1 - 2 * Phi(-m / s));
    const expected = 2 * eAbs(mu) - 2 * eAbs(0);
    const v = energyDistance(gauss(4000, 1, 1), gauss(4000, 1, 2, [mu]), 1);
    expect(Math.abs(v - expected)).toBeLessThan(0.03);
    expect(expected).toBeCloseTo(0.54181, 4);
  });

  it('~0 for draws of one distribution, > 0 for different ones, row-order invariant', () => {
    const a = sampleToy('swissroll', 1500, new Rng(1));
    expect(energyDistance(a, a, 2, { biased: true })).toBeCloseTo(0, 12);
    const same = energyDistance(a, sampleToy('swissroll', 1500, new Rng(2)), 2);
    expect(Math.abs(same)).toBeLessThan(5e-3);
    // two normalised spirals differ only subtly (energy 0.0125 here), moons clearly
    const diff = energyDistance(a, sampleToy('spiral', 1500, new Rng(2)), 2);
    expect(diff).toBeGreaterThan(4 * Math.abs(same));
    expect(energyDistance(a, sampleToy('moons', 1500, new Rng(2)), 2)).toBeGreaterThan(0.05);
    expect(energyDistance(permuteRows(a, 2, 4), sampleToy('spiral', 1500, new Rng(2)), 2)).toBeCloseTo(diff, 12);
    const b = a.slice();
    b[0] = NaN;
    expect(energyDistance(a, b, 2)).toBeNaN();
  });
});

describe('distances', () => {
  it('bundles the three metrics and is quick at 2048 vs 2048 in 2-D', () => {
    const a = sampleToy('moons', 2048, new Rng(1)), b = sampleToy('moons', 2048, new Rng(2));
    const t = performance.now();
    const d = distances(a, b, 2);
    expect(performance.now() - t).toBeLessThan(4000);
    expect(d.sw2).toBeGreaterThan(0);
    expect(Math.abs(d.mmd2)).toBeLessThan(3e-3);
    expect(Math.abs(d.energy)).toBeLessThan(5e-3);
  });
});
