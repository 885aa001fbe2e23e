import { describe, expect, it } from 'vitest';
import { TOY_SETS } from '../../src/config/schema';
import { Rng } from '../../src/engine/philox';
import { isToyName, sampleToy, TOY_INFO, toyNormalisation } from '../../src/data/toy2d';

function moments(x: Float32Array) {
  const n = x.length / 2;
  let mx = 0, my = 0;
  for (let i = 0; i < n; i++) {
    mx += x[2 * i];
    my += x[2 * i + 1];
  }
  mx /= n;
  my /= n;
  let vx = 0, vy = 0;
  for (let i = 0; i < n; i++) {
    vx += (x[2 * i] - mx) ** 2;
    vy += (x[2 * i + 1] - my) ** 2;
  }
  return { mx, my, sx: Math.sqrt(vx / n), sy: Math.sqrt(vy / n), pooled: Math.sqrt((vx + vy) / (2 * n)) };
}

describe('toy sets', () => {
  it('same seed and stream give the same samples; other seeds/streams differ', () => {
    for (const name of TOY_SETS) {
      const a = sampleToy(name, 500, new Rng(7, 3));
      const b = sampleToy(name, 500, new Rng(7, 3));
      expect(a).toEqual(b);
      expect(sampleToy(name, 500, new Rng(8, 3))).not.toEqual(a);
      expect(sampleToy(name, 500, new Rng(7, 4))).not.toEqual(a);
    }
  });

  it('returns [n, 2] finite points; n = 0 is allowed', () => {
    for (const name of TOY_SETS) {
      const x = sampleToy(name, 1000, new Rng(1));
      expect(x.length).toBe(2000);
      expect(x.every(Number.isFinite)).toBe(true);
      expect(sampleToy(name, 0, new Rng(1)).length).toBe(0);
    }
    expect(() => sampleToy('8gaussians', -1, new Rng(1))).toThrow(/non-negative/);
    expect(() => sampleToy('nope' as never, 5, new Rng(1))).toThrow(/unknown toy set/);
    expect(isToyName('moons')).toBe(true);
    expect(isToyName('mnist')).toBe(false);
  });

  it('every set has mean ~0 and pooled std ~ sigmaData = 1 (large fixed sample)', () => {
    for (const name of TOY_SETS) {
      const m = moments(sampleToy(name, 200_000, new Rng(2024, 1)));
      const info = TOY_INFO[name];
      expect(info.sigmaData).toBe(1);
      // standard error of a mean with unit std over 2e5 points is 0.0022
      expect(Math.abs(m.mx), `${name} mean x`).toBeLessThan(0.01);
      expect(Math.abs(m.my), `${name} mean y`).toBeLessThan(0.01);
      expect(Math.abs(m.pooled - info.sigmaData), `${name} pooled std`).toBeLessThan(0.006);
      // per-coordinate stds as documented in docs/data-and-metrics.md
      const coord: Record<string, [number, number]> = { moons: [1.2242, 0.708], swissroll: [0.9757, 1.0238] };
      const [ex, ey] = coord[name] ?? [1, 1];
      expect(Math.abs(m.sx - ex), `${name} std x`).toBeLessThan(0.01);
      expect(Math.abs(m.sy - ey), `${name} std y`).toBeLessThan(0.01);
    }
  });

  it('normalisation constants are the closed forms', () => {
    expect(toyNormalisation('8gaussians').std).toBeCloseTo(Math.sqrt(2.01), 12);
    expect(toyNormalisation('25gaussians').std).toBeCloseTo(Math.sqrt(2.0025), 12);
    expect(toyNormalisation('checkerboard').std).toBeCloseTo(Math.sqrt(4 / 3), 12);
    expect(toyNormalisation('rings').std).toBeCloseTo(Math.sqrt(3.75 + 0.0064), 12);
    expect(toyNormalisation('moons').mean).toEqual([0.5, 0.25]);
    const sr = toyNormalisation('swissroll');
    expect(sr.mean[0]).toBeCloseTo(2, 10); // E[t cos t] = (a + b) / (b - a)
    expect(sr.mean[1]).toBeCloseTo(2 / (3 * Math.PI), 10);
  });

  it('mixture sets: modes, radius, and samples near their modes', () => {
    const g8 = TOY_INFO['8gaussians'], g25 = TOY_INFO['25gaussians'];
    expect(g8.modes!.length).toBe(16);
    expect(g25.modes!.length).toBe(50);
    for (const name of TOY_SETS) if (name !== '8gaussians' && name !== '25gaussians') expect(TOY_INFO[name].modes).toBeUndefined();
    // 8 centres on one circle, equally spaced
    const R = 2 / Math.sqrt(2.01);
    for (let k = 0; k < 8; k++) {
      expect(Math.hypot(g8.modes![2 * k], g8.modes![2 * k + 1])).toBeCloseTo(R, 5);
      expect(Math.atan2(g8.modes![2 * k + 1], g8.modes![2 * k])).toBeCloseTo(Math.atan2(Math.sin((k * Math.PI) / 4), Math.cos((k * Math.PI) / 4)), 5);
    }
    for (const info of [g8, g25]) {
      const m = info.modes!, k = m.length / 2;
      let dmin = Infinity;
      for (let i = 0; i < k; i++) for (let j = i + 1; j < k; j++) dmin = Math.min(dmin, Math.hypot(m[2 * i] - m[2 * j], m[2 * i + 1] - m[2 * j + 1]));
      expect(info.modeRadius!).toBeLessThan(dmin / 2);
    }
    expect(g8.modeRadius!).toBeCloseTo(0.3 / Math.sqrt(2.01), 8);
    expect(g25.modeRadius!).toBeCloseTo(0.15 / Math.sqrt(2.0025), 8);
    // a 3-sigma disc holds 1 - exp(-4.5) = 0.9889 of a 2-D gaussian
    for (const [name, info] of [['8gaussians', g8], ['25gaussians', g25]] as const) {
      const x = sampleToy(name, 20000, new Rng(5));
      let inside = 0;
      for (let i = 0; i < 20000; i++) {
        for (let c = 0; c < info.modes!.length / 2; c++) {
          if (Math.hypot(x[2 * i] - info.modes![2 * c], x[2 * i + 1] - info.modes![2 * c + 1]) <= info.modeRadius!) {
            inside++;
            break;
          }
        }
      }
      expect(inside / 20000).toBeGreaterThan(0.985);
      expect(inside / 20000).toBeLessThan(0.993);
    }
  });

  it('checkerboard points lie in the filled squares only', () => {
    const { std } = toyNormalisation('checkerboard');
    const x = sampleToy('checkerboard', 5000, new Rng(9));
    for (let i = 0; i < 5000; i++) {
      const a = x[2 * i] * std, b = x[2 * i + 1] * std; // raw units, board on [-2, 2]^2
      expect(Math.abs(a)).toBeLessThanOrEqual(2 + 1e-5);
      expect(Math.abs(b)).toBeLessThanOrEqual(2 + 1e-5);
      const parity = (((Math.floor(a) + Math.floor(b)) % 2) + 2) % 2;
      expect(parity).toBe(0);
    }
  });

  it('rings: radii cluster at four equally likely levels', () => {
    const { std } = toyNormalisation('rings');
    const x = sampleToy('rings', 8000, new Rng(10));
    const counts = [0, 0, 0, 0];
    for (let i = 0; i < 8000; i++) {
      const r = Math.hypot(x[2 * i], x[2 * i + 1]) * std;
      const k = Math.round(r) - 1;
      expect(Math.abs(r - (k + 1))).toBeLessThan(0.45);
      counts[k]++;
    }
    for (const c of counts) expect(Math.abs(c - 2000)).toBeLessThan(200);
  });
});
