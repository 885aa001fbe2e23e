/**
 * The CLI on WebGPU (Dawn): the same commands run on the device, are deterministic per seed,
 * and a model sampled on the GPU matches the CPU reference (Philox noise is bit-identical
 * on both; the ODE differs only by float rounding). Skipped locally without an adapter.
 */
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseSamples } from '../../src/cli/samplesIo';
import { type GpuHandle, openGpu } from '../engine/gpu';
import { cli, TINY_TEACHER, tmp } from './helpers';

let gpu: GpuHandle = { be: null, reason: 'not opened' };
const dir = tmp('gpu');
beforeAll(async () => {
  gpu = await openGpu('cli.gpu');
});
afterAll(() => {
  gpu.be?.destroy();
  rmSync(dir, { recursive: true, force: true });
});

describe('CLI on WebGPU', () => {
  it('teacher is deterministic on the device; GPU samples match CPU samples', async (ctx) => {
    if (!gpu.be) return ctx.skip();
    const be = async () => gpu.be!;
    const noCpu = TINY_TEACHER.filter((a) => a !== '--cpu');
    const a = join(dir, 'a.dbm'), b = join(dir, 'b.dbm');
    for (const out of [a, b]) {
      const r = await cli(['teacher', '--data', 'moons', '--seed', '2', '--out', out, ...noCpu], be);
      expect(r.code, r.err).toBe(0);
    }
    expect(readFileSync(a)).toEqual(readFileSync(b));
    const sg = join(dir, 'g.csv'), sc = join(dir, 'c.csv');
    expect((await cli(['sample', '--model', a, '--n', '256', '--steps', '6', '--seed', '1', '--out', sg], be)).code).toBe(0);
    expect((await cli(['sample', '--model', a, '--n', '256', '--steps', '6', '--seed', '1', '--out', sc, '--cpu'])).code).toBe(0);
    const g = parseSamples(readFileSync(sg, 'utf8'), 'gpu'), c = parseSamples(readFileSync(sc, 'utf8'), 'cpu');
    let worst = 0;
    for (let i = 0; i < g.data.length; i++) worst = Math.max(worst, Math.abs(g.data[i] - c.data[i]));
    expect(worst).toBeLessThan(1e-3);
  });
});
