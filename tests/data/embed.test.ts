import { describe, expect, it } from 'vitest';
import { Rng } from '../../src/engine/philox';
import { DataError, makeDataPool } from '../../src/data/index';
import { embed, embeddedSigmaData, makeEmbedding, project } from '../../src/data/embed';
import { sampleToy, TOY_INFO } from '../../src/data/toy2d';

describe('embedding', () => {
  it('Q has orthonormal columns and is fixed by the seed', () => {
    for (const d of [2, 16, 33, 64]) {
      const { Q } = makeEmbedding(d, 5);
      let q00 = 0, q11 = 0, q01 = 0;
      for (let i = 0; i < d; i++) {
        q00 += Q[2 * i] ** 2;
        q11 += Q[2 * i + 1] ** 2;
        q01 += Q[2 * i] * Q[2 * i + 1];
      }
      expect(Math.abs(q00 - 1)).toBeLessThan(1e-6);
      expect(Math.abs(q11 - 1)).toBeLessThan(1e-6);
      expect(Math.abs(q01)).toBeLessThan(1e-6);
      expect(makeEmbedding(d, 5).Q).toEqual(Q);
      expect(makeEmbedding(d, 6).Q).not.toEqual(Q);
    }
    expect(() => makeEmbedding(1, 0)).toThrow(/dimension/);
    expect(() => makeEmbedding(2.5, 0)).toThrow(/dimension/);
  });

  it('project(embed(x)) = x without noise, and ~x with the default noise', () => {
    const emb = makeEmbedding(32, 1);
    const x = sampleToy('moons', 3000, new Rng(1));
    const y0 = embed(x, emb, new Rng(2), 0);
    const back = project(y0, emb);
    for (let i = 0; i < x.length; i++) expect(Math.abs(back[i] - x[i])).toBeLessThan(1e-5);
    const y = embed(x, emb, new Rng(2)); // noise std 0.01
    const back2 = project(y, emb);
    let ss = 0;
    for (let i = 0; i < x.length; i++) ss += (back2[i] - x[i]) ** 2;
    expect(Math.sqrt(ss / x.length)).toBeGreaterThan(0.009);
    expect(Math.sqrt(ss / x.length)).toBeLessThan(0.011);
    // residual off the plane has per-element std ~ noiseStd
    let off = 0;
    for (let r = 0; r < 3000; r++) {
      for (let i = 0; i < 32; i++) {
        const fit = emb.Q[2 * i] * back2[2 * r] + emb.Q[2 * i + 1] * back2[2 * r + 1];
        off += (y[r * 32 + i] - fit) ** 2;
      }
    }
    expect(Math.sqrt(off / (3000 * 30))).toBeCloseTo(0.01, 3);
  });

  it('embeddedSigmaData is the pooled per-element std of the embedded pool', () => {
    const p = makeDataPool({ dataset: 'swissroll', embedDim: 16, seed: 4, n: 50000 });
    let s = 0, m = 0;
    for (let i = 0; i < p.pool.length; i++) m += p.pool[i];
    m /= p.pool.length;
    for (let i = 0; i < p.pool.length; i++) s += (p.pool[i] - m) ** 2;
    const emp = Math.sqrt(s / p.pool.length);
    expect(p.sigmaData).toBeCloseTo(embeddedSigmaData(1, 16, 0.01), 12);
    expect(Math.abs(emp - p.sigmaData) / p.sigmaData).toBeLessThan(0.01);
  });
});

describe('makeDataPool', () => {
  it('2-D toy pools: shape, sigma, modes; train and held-out draws differ, same seed repeats', () => {
    const a = makeDataPool({ dataset: '8gaussians', seed: 1, n: 1000 });
    expect(a.dim).toBe(2);
    expect(a.pool.length).toBe(2000);
    expect(a.sigmaData).toBe(1);
    expect(a.modes).toBe(TOY_INFO['8gaussians'].modes);
    expect(a.project).toBeUndefined();
    expect(makeDataPool({ dataset: '8gaussians', seed: 1, n: 1000 }).pool).toEqual(a.pool);
    expect(makeDataPool({ dataset: '8gaussians', seed: 1, n: 1000, split: 'heldout' }).pool).not.toEqual(a.pool);
    expect(makeDataPool({ dataset: '8gaussians', seed: 2, n: 1000 }).pool).not.toEqual(a.pool);
  });

  it('embedded pools share Q across splits and project back to the plane', () => {
    const tr = makeDataPool({ dataset: 'rings', embedDim: 24, seed: 3, n: 500 });
    const ho = makeDataPool({ dataset: 'rings', embedDim: 24, seed: 3, n: 500, split: 'heldout' });
    expect(tr.dim).toBe(24);
    expect(tr.pool.length).toBe(500 * 24);
    expect(tr.embedding!.Q).toEqual(ho.embedding!.Q);
    expect(ho.pool).not.toEqual(tr.pool);
    const xy = tr.project!(tr.pool);
    expect(xy.length).toBe(1000);
    const direct = sampleToy('rings', 500, new Rng(3, 0xda7a0));
    for (let i = 0; i < 1000; i++) expect(Math.abs(xy[i] - direct[i])).toBeLessThan(0.06);
  });

  it('points pools and refusals', () => {
    const pts = new Float32Array(40).map((_, i) => Math.sin(i * 1.7) * 100 + 5);
    const p = makeDataPool({ dataset: 'points', seed: 1, n: 300, points: pts, jitter: 0.05 });
    expect(p.pool.length).toBe(600);
    expect(p.sigmaData).toBeCloseTo(Math.sqrt(1 + 0.0025), 5);
    expect(() => makeDataPool({ dataset: 'points', seed: 1, n: 10 })).toThrow(DataError);
    expect(() => makeDataPool({ dataset: 'mnist', seed: 1, n: 10 })).toThrow(/MNIST/);
    expect(() => makeDataPool({ dataset: 'moons', seed: 1, n: 0 })).toThrow(/positive/);
  });
});
