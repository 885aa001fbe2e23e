import { describe, expect, it } from 'vitest';
import { modeCoverage } from '../../src/metrics/modes';
import { makeDataPool } from '../../src/data/index';
import { sampleToy, TOY_INFO } from '../../src/data/toy2d';
import { Rng } from '../../src/engine/philox';

/** Drop the samples whose nearest mode is in `drop`. */
function dropModes(x: Float32Array, modes: Float32Array, drop: number[]): Float32Array {
  const keep: number[] = [];
  for (let i = 0; i < x.length / 2; i++) {
    let best = Infinity, bk = -1;
    for (let c = 0; c < modes.length / 2; c++) {
      const d = Math.hypot(x[2 * i] - modes[2 * c], x[2 * i + 1] - modes[2 * c + 1]);
      if (d < best) [best, bk] = [d, c];
    }
    if (!drop.includes(bk)) keep.push(x[2 * i], x[2 * i + 1]);
  }
  return Float32Array.from(keep);
}

describe('modeCoverage', () => {
  for (const name of ['8gaussians', '25gaussians'] as const) {
    const { modes, modeRadius } = TOY_INFO[name];
    const k = modes!.length / 2;
    it(`${name}: data covers every mode, high-quality rate ~0.989`, () => {
      const r = modeCoverage(sampleToy(name, 2000, new Rng(1)), 2, modes!, modeRadius!);
      expect(r.coverage).toBe(1);
      expect(r.covered).toBe(k);
      expect(r.k).toBe(k);
      expect(r.highQuality).toBeGreaterThan(0.975);
      expect(r.counts.reduce((s, c) => s + c, 0)).toBe(Math.round(r.highQuality * 2000));
    });
    it(`${name}: dropping modes lowers coverage, not quality`, () => {
      const x = dropModes(sampleToy(name, 2000, new Rng(2)), modes!, [0, 3]);
      const r = modeCoverage(x, 2, modes!, modeRadius!);
      expect(r.coverage).toBe((k - 2) / k);
      expect(r.counts[0]).toBe(0);
      expect(r.highQuality).toBeGreaterThan(0.975);
    });
  }

  it('a mode with under minFrac of its fair share is not covered; far samples are low quality', () => {
    const modes = new Float32Array([0, 0, 10, 0]);
    const x = new Float32Array(2 * 100);
    for (let i = 0; i < 97; i++) x[2 * i] = 0.01 * (i % 3);
    x[2 * 97] = 10; // 1 hit on mode 1: minCount = ceil(0.1 * 100 / 2) = 5
    x[2 * 98] = 5;
    x[2 * 99] = -4; // 2 misses
    const r = modeCoverage(x, 2, modes, 0.5);
    expect(r.minCount).toBe(5);
    expect(Array.from(r.counts)).toEqual([97, 1]);
    expect(r.coverage).toBe(0.5);
    expect(r.highQuality).toBeCloseTo(0.98, 12);
    expect(modeCoverage(x, 2, modes, 0.5, { minFrac: 0 }).coverage).toBe(1);
    expect(modeCoverage(new Float32Array([50, 50, 60, 60]), 2, modes, 0.5).highQuality).toBe(0);
  });

  it('is invariant to row order and works on embedded data after projection', () => {
    const { modes, modeRadius } = TOY_INFO['25gaussians'];
    const x = sampleToy('25gaussians', 1000, new Rng(3));
    const rev = new Float32Array(x.length);
    for (let i = 0; i < 1000; i++) rev.set(x.subarray(2 * (999 - i), 2 * (1000 - i)), 2 * i);
    expect(modeCoverage(rev, 2, modes!, modeRadius!)).toEqual(modeCoverage(x, 2, modes!, modeRadius!));
    const p = makeDataPool({ dataset: '25gaussians', embedDim: 48, seed: 1, n: 2000 });
    const r = modeCoverage(p.project!(p.pool), 2, p.modes!, p.modeRadius!);
    expect(r.coverage).toBe(1);
    expect(r.highQuality).toBeGreaterThan(0.95);
    expect(() => modeCoverage(x, 2, modes!, 0)).toThrow(/modeRadius/);
    expect(() => modeCoverage(x, 3, modes!, 0.1)).toThrow(/samples must be/);
  });
});
