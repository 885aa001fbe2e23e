/**
 * The counter-based RNG: Philox known answers, same seed -> same stream on CPU and GPU
 * (uniforms bit for bit, normals within 1e-5), independence of seeds and streams, and the
 * moments of the distributions. The GPU part needs an adapter (see ./gpu.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Backend } from '../../src/engine/backend';
import { CpuBackend } from '../../src/engine/cpu/cpuBackend';
import { randNormal, randUniform } from '../../src/engine/ops';
import { philox, Rng, toUnit } from '../../src/engine/philox';
import { type GpuHandle, openGpu } from './gpu';

const N = 1 << 16;

let gpu: GpuHandle = { be: null, reason: 'not opened' };
beforeAll(async () => {
  gpu = await openGpu('rng');
});
afterAll(() => gpu.be?.destroy());

async function draw(be: Backend, kind: 'uniform' | 'normal', seed: number, stream: number, n = N, counter = 0): Promise<Float32Array> {
  const rng = new Rng(seed, stream);
  rng.counter = counter;
  const out = be.createBuffer(n, 'rng-test');
  (kind === 'uniform' ? randUniform : randNormal)(be, rng, out, n);
  const v = await be.read(out);
  be.destroyBuffer(out);
  return v;
}

function moments(v: Float32Array): { mean: number; variance: number; min: number; max: number } {
  let s = 0, s2 = 0, min = Infinity, max = -Infinity;
  for (const x of v) { s += x; s2 += x * x; min = Math.min(min, x); max = Math.max(max, x); }
  const mean = s / v.length;
  return { mean, variance: s2 / v.length - mean * mean, min, max };
}

function countEqual(a: Float32Array, b: Float32Array): number {
  let k = 0;
  for (let i = 0; i < a.length; i++) if (a[i] === b[i]) k++;
  return k;
}

describe('Philox4x32-10 on the CPU', () => {
  it('matches the Random123 known-answer vectors', () => {
    const out = new Uint32Array(4);
    philox(0, 0, 0, 0, 0, 0, out);
    expect(Array.from(out)).toEqual([0x6627e8d5, 0xe169c58d, 0xbc57ac4c, 0x9b00dbd8]);
    philox(0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff, out);
    expect(Array.from(out)).toEqual([0x408f276d, 0x41c83b0e, 0xa20bc7c6, 0x6d5451fd]);
    philox(0x243f6a88, 0x85a308d3, 0x13198a2e, 0x03707344, 0xa4093822, 0x299f31d0, out);
    expect(Array.from(out)).toEqual([0xd16cfe09, 0x94fdcceb, 0x5001e420, 0x24126ea1]);
  });

  it('toUnit stays strictly inside (0, 1) and is exact in f32, also for the extreme words', () => {
    for (const w of [0, 1, 511, 512, 0x80000000, 0xfffffe00, 0xffffffff]) {
      const u = toUnit(w);
      expect(u).toBeGreaterThan(0);
      expect(u).toBeLessThan(1);
      expect(Math.fround(u)).toBe(u);
    }
  });

  it('host draws equal the CPU kernel draws of the same counters; draws advance the counter', async () => {
    const cpu = new CpuBackend();
    const host = new Rng(77, 3);
    const a = host.uniform(100);
    expect(host.counter).toBe(25);
    const b = host.uniform(100);
    expect(Array.from(await draw(cpu, 'uniform', 77, 3, 100, 0))).toEqual(Array.from(a));
    expect(Array.from(await draw(cpu, 'uniform', 77, 3, 100, 25))).toEqual(Array.from(b));
    expect(countEqual(a, b)).toBe(0);
    // one draw of 200 = two draws of 100 (multiples of 4 share the block layout)
    expect(Array.from(await draw(cpu, 'uniform', 77, 3, 200))).toEqual([...a, ...b]);
    expect(Array.from(new Rng(77, 3).normal(64))).toEqual(Array.from(await draw(cpu, 'normal', 77, 3, 64)));
  });

  it('different seeds and different streams give different numbers', async () => {
    const cpu = new CpuBackend();
    const base = await draw(cpu, 'uniform', 1, 0, 4096);
    for (const [seed, stream] of [[2, 0], [1, 1], [2 ** 32 + 1, 0], [1, 0xffffffff]]) {
      const other = await draw(cpu, 'uniform', seed, stream, 4096);
      // two independent 23-bit streams coincide in about 4096 / 2^23 places
      expect(countEqual(base, other), `seed ${seed} stream ${stream}`).toBeLessThanOrEqual(2);
    }
    expect(Array.from(await draw(cpu, 'uniform', 1, 0, 4096))).toEqual(Array.from(base));
  });
});

describe('distributions (n = 2^16)', () => {
  const backends = (): [string, Backend | null][] => [['cpu', new CpuBackend()], ['webgpu', gpu.be]];
  it('uniform: inside (0, 1), mean 1/2, variance 1/12; normal: mean 0, variance 1', async (ctx) => {
    for (const [name, be] of backends()) {
      if (!be) { console.warn(`[rng] ${name} skipped: ${gpu.reason}`); continue; }
      const u = moments(await draw(be, 'uniform', 123, 4));
      expect(u.min, name).toBeGreaterThan(0);
      expect(u.max, name).toBeLessThan(1);
      const sdMean = Math.sqrt(1 / 12 / N);
      expect(Math.abs(u.mean - 0.5), name).toBeLessThan(5 * sdMean);
      // var of (U - 1/2)^2 is 1/180
      expect(Math.abs(u.variance - 1 / 12), name).toBeLessThan(5 * Math.sqrt(1 / 180 / N));
      const z = moments(await draw(be, 'normal', 123, 5));
      expect(Math.abs(z.mean), name).toBeLessThan(5 / Math.sqrt(N));
      expect(Math.abs(z.variance - 1), name).toBeLessThan(5 * Math.sqrt(2 / N));
      expect(Number.isFinite(z.min) && Number.isFinite(z.max), name).toBe(true);
    }
    if (!gpu.be) ctx.skip(`webgpu part: ${gpu.reason}`);
  });
});

describe('same seed -> same stream on CPU and GPU', () => {
  it('uniform bit-exact, normal within 1e-5, across the 32-bit counter carry', async (ctx) => {
    const be = gpu.be;
    if (!be) { ctx.skip(`no WebGPU adapter: ${gpu.reason}`); return; }
    const cpu = new CpuBackend();
    for (const [seed, stream, counter] of [[0, 0, 0], [42, 7, 2 ** 32 - 100], [2 ** 40 + 5, 0xffffffff, 2 ** 33]]) {
      const g = await draw(be, 'uniform', seed, stream, N, counter);
      const c = await draw(cpu, 'uniform', seed, stream, N, counter);
      expect(countEqual(g, c), `uniform seed=${seed} stream=${stream} counter=${counter}`).toBe(N);
      const gz = await draw(be, 'normal', seed, stream, N, counter);
      const cz = await draw(cpu, 'normal', seed, stream, N, counter);
      let maxAbs = 0;
      for (let i = 0; i < N; i++) maxAbs = Math.max(maxAbs, Math.abs(gz[i] - cz[i]));
      expect(maxAbs, `normal seed=${seed}`).toBeLessThanOrEqual(1e-5);
    }
    // the first block of seed 0, stream 0, counter 0 is the all-zero Random123 vector
    const first = await draw(be, 'uniform', 0, 0, 4);
    expect(Array.from(first)).toEqual([0x6627e8d5, 0xe169c58d, 0xbc57ac4c, 0x9b00dbd8].map(toUnit));
  });
});
