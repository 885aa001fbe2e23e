/**
 * `compare --data mnist` (and its alias --dataset) on WebGPU (Dawn), tiny settings: per-method
 * FD curves (to the teacher's samples and to the held-out digits), iterations to FD
 * thresholds, passes and seconds, over --seeds, with --json; unset settings come from
 * mnistDefaults. The commands that do not handle MNIST refuse it by name; --help documents it.
 * Skipped locally without an adapter.
 */
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseRunFile } from '../../src/cli/runFile';
import { type GpuHandle, openGpu } from '../engine/gpu';
import { cli, tmp } from './helpers';

let gpu: GpuHandle = { be: null, reason: 'not opened' };
const dir = tmp('mnist');
beforeAll(async () => {
  gpu = await openGpu('cli.mnist');
});
afterAll(() => {
  gpu.be?.destroy();
  rmSync(dir, { recursive: true, force: true });
});

const TINY = ['--steps', '2', '--eval-every', '2', '--eval-samples', '64', '--batch', '8', '--s1', '2', '--n-checkpoints', '2', '--spacing', 'even', '--k-node', '1', '--ref-samples', '64', '--ref-steps', '2', '--heldout', '64'];

describe('CLI on MNIST', () => {
  it('compare --help documents MNIST', async () => {
    const r = await cli(['compare', '--help']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/--data mnist/);
    expect(r.out).toMatch(/Frechet distance \(FD\)/);
    expect(r.out).toMatch(/--dataset/);
  });

  it('teacher and eval refuse MNIST by name', async () => {
    const r = await cli(['teacher', '--data', 'mnist', '--seed', '0', '--out', join(dir, 'x.dbm')]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/`teacher` works on the 2-D sets only/);
  });

  it('compare --dataset mnist writes FD curves, thresholds and costs per method and seed', async (ctx) => {
    if (!gpu.be) return ctx.skip();
    const out = join(dir, 'cmp');
    const r = await cli(['compare', '--dataset', 'mnist', '--seeds', '2', '--seed', '3', '--methods', 'vanilla', ...TINY, '--out-dir', out, '--json'], async () => gpu.be!);
    expect(r.code, r.err).toBe(0);
    const j = JSON.parse(r.out) as { summary: { metric: string; stats: { method: string; seeds: { final: number; finalData: number; finalClasses: number; auc: number; passes: number; seconds: number; crossings: { step: number | null }[] }[] }[]; thresholds: { value: number }[] }; runs: string[] };
    expect(j.summary.metric).toBe('fdTeacher');
    expect(j.summary.stats.map((s) => s.method)).toEqual(['vanilla']); // DisBack on MNIST: tests/mnist/race.gpu.test.ts
    expect(j.summary.thresholds.length).toBe(3);
    for (const m of j.summary.stats) {
      expect(m.seeds.length).toBe(2);
      for (const s of m.seeds) {
        expect(Number.isFinite(s.final) && Number.isFinite(s.finalData) && Number.isFinite(s.auc)).toBe(true);
        expect(s.passes).toBeGreaterThan(0);
        expect(s.seconds).toBeGreaterThan(0);
        expect(s.crossings.length).toBe(3);
      }
    }
    expect(j.runs.length).toBe(2);
    const run = parseRunFile(readFileSync(j.runs[0], 'utf8'), j.runs[0]);
    expect(run.config.dataset).toBe('mnist');
    expect(run.config.distill.lrG).toBeGreaterThan(0); // from mnistDefaults
    expect(run.series.step).toEqual([0, 2]);
    expect(run.series.fd!.every(Number.isFinite)).toBe(true);
    expect(run.series.fdTeacher!.every(Number.isFinite)).toBe(true);
    expect(run.series.trajectory[0][0]).toBe(run.series.fdTeacher![0]);
    expect(run.series.classHist![1].length).toBe(10);
    expect(run.series.sw2Teacher.every(Number.isNaN)).toBe(true);
    const md = readFileSync(join(out, 'summary.md'), 'utf8');
    expect(md).toMatch(/final FD \(teacher\)/);
    expect(md).toMatch(/classes/);
    expect(existsSync(join(out, 'fd-vs-iterations.svg'))).toBe(true);
    expect(existsSync(join(out, 'fd-vs-compute.svg'))).toBe(true);
  });
});
