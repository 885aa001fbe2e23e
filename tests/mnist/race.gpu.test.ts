/**
 * An MNIST race end to end on the real WebGPU backend (Dawn), tiny settings (batch 8, 64
 * evaluation samples, 2-step Heun reference sets of 64, s1 = 4 with 2 checkpoints), with the
 * shipped teacher (public/models/mnist.dbm), the digits asset and the shipped classifier:
 *  - every EvalPoint carries a finite FD to the held-out digits and to the teacher's
 *    samples, an FD trajectory row (one per checkpoint, [0] = fdTeacher), a class histogram
 *    (fractions summing to 1), classes and the confident fraction; SW2 / MMD / energy are NaN;
 *  - the generator changes; PathInfo holds 8x8 grids of 784-D images and no density;
 *  - same seed, same first steps: a second race gives bit-identical weights and points;
 *  - save / restore: the run file holds no digit pool, rebuilds from the asset, and the
 *    restored race continues bit for bit.
 * No adapter: fails under CI, otherwise skips with the reason.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mnistDefaults } from '../../src/config/mnistDefaults';
import { type MethodId, type RunConfig, runConfigSchema } from '../../src/config/schema';
import { mnistDataPools } from '../../src/data/mnistPool';
import { Race } from '../../src/distill/race';
import { decodeRun, encodeRun } from '../../src/distill/savedRun';
import type { EvalPoint } from '../../src/distill/types';
import type { DecodedModel } from '../../src/models/format';
import { loadShippedTeacher } from '../../src/models/shipped';
import { captureRun, pathInfoOf, rebuildRun } from '../../workers/runParts';
import { type GpuHandle, openGpu } from '../engine/gpu';

let gpu: GpuHandle = { be: null, reason: 'not opened' };
let teacher: DecodedModel;
let held: Float32Array;
let pools: Awaited<ReturnType<typeof mnistDataPools>>;

const config = (methods: MethodId[]): RunConfig => {
  const b = mnistDefaults();
  return runConfigSchema.parse({
    ...b, seed: 7, methods, evalEvery: 2, evalSamples: 64,
    distill: { ...b.distill, batch: 8, steps: 6 },
    disback: { ...b.disback, s1: 4, nCheckpoints: 2, spacing: 'even', kNode: 2 },
  });
};

beforeAll(async () => {
  gpu = await openGpu('mnist.race.gpu');
  teacher = await loadShippedTeacher('mnist');
  pools = await mnistDataPools();
  held = pools.heldout.pool.subarray(0, 256 * 784); // a small FD reference keeps the test fast
});
afterAll(() => gpu.be?.destroy());

const newRace = (methods: MethodId[]) =>
  new Race({ be: gpu.be!, config: config(methods), spec: teacher.spec, teacherWeights: teacher.weights, heldout: held, refSteps: 2, refSamples: 64 });

const noWall = ({ wall, ...p }: EvalPoint) => (void wall, p);

function checkPoint(p: EvalPoint, nRefs: number): void {
  for (const k of ['fd', 'fdTeacher', 'confident', 'classes'] as const) expect(Number.isFinite(p[k]), k).toBe(true);
  expect(p.trajectory.length).toBe(nRefs);
  expect(p.trajectory.every((v) => Number.isFinite(v) && v >= 0)).toBe(true);
  expect(p.trajectory[0]).toBe(p.fdTeacher);
  expect(p.sw2Target).toBe(p.trajectory[p.target]);
  expect(p.classHist!.length).toBe(10);
  expect(p.classHist!.reduce((a, v) => a + v, 0)).toBeCloseTo(1, 6);
  expect(p.classes).toBe(p.classHist!.filter((v) => v >= 0.01).length);
  expect(p.confident!).toBeGreaterThanOrEqual(0);
  expect(p.confident!).toBeLessThanOrEqual(1);
  for (const k of ['sw2Teacher', 'sw2Data', 'mmdTeacher', 'energyTeacher'] as const) expect(p[k], k).toBeNaN();
}

describe('an MNIST race on WebGPU', () => {
  let race: Race;
  const points: EvalPoint[] = [];

  it('evaluates with the classifier: finite FDs, trajectory, class histogram; the generator moves', async (ctx) => {
    if (!gpu.be) return ctx.skip();
    race = newRace(['vanilla', 'disback']);
    const ps = await race.prepare();
    expect(ps.samples.length).toBe(3);
    expect(ps.samples.every((s) => s.length === 64 * 784 && s.every(Number.isFinite))).toBe(true);
    const g0 = await race.g0.read();
    for (let step = 0; step <= 2; step += 2) {
      if (step) await race.advance(2);
      for (const r of race.racers) {
        const { point, samples } = await race.evaluate(r);
        expect(samples.length).toBe(64 * 784);
        checkPoint(point, 3);
        points.push(point);
      }
    }
    expect(points.map((p) => p.target)).toEqual([0, 1, 0, 0]); // K_node = 2: DisBack left theta'_1 after 2 steps
    for (const r of race.racers) {
      const eta = await r.eta.read();
      expect(eta.every(Number.isFinite)).toBe(true);
      expect(eta.some((v, i) => v !== g0[i]), r.def.id).toBe(true);
    }
    const info = pathInfoOf(race, pools);
    expect(info.density).toBeUndefined();
    expect(info.samples.map((s) => s.length)).toEqual([64 * 784, 64 * 784, 64 * 784]);
    expect(info.data.length).toBe(64 * 784);
    expect(info.g0.length).toBe(64 * 784);
    expect(info.steps).toEqual([0, 2, 4]);
    console.log(`MNIST race points: ${points.map((p) => `${p.step}: FD ${p.fd!.toFixed(1)} / teacher ${p.fdTeacher!.toFixed(1)}`).join('; ')}`);
  });

  it('same seed, same first steps: identical weights and evaluation points', async (ctx) => {
    if (!gpu.be || !race) return ctx.skip();
    const again = newRace(['vanilla', 'disback']);
    try {
      await again.prepare();
      for (const r of again.racers) await again.evaluate(r);
      await again.advance(2);
      for (const [i, r] of again.racers.entries()) {
        expect(Array.from(await r.eta.read())).toEqual(Array.from(await race.racers[i].eta.read()));
        expect(Array.from(await r.phi.read())).toEqual(Array.from(await race.racers[i].phi.read()));
        expect(noWall((await again.evaluate(r)).point)).toEqual(noWall(points[2 + i]));
      }
    } finally {
      again.destroy();
    }
  });

  it('saves without the digit pool and restores from the asset; the restored race continues bit for bit', async (ctx) => {
    if (!gpu.be || !race) return ctx.skip();
    const history = new Map<MethodId, EvalPoint[]>([['vanilla', [points[0], points[2]]], ['disback', [points[1], points[3]]]]);
    const saved = await captureRun(race, undefined, 'pretrained', history);
    const bytes = encodeRun(saved);
    // the file holds weights, reference samples and the history, not the 8,000 training digits:
    // no array in it is anywhere near the pool's 6.3 M values, and the whole file is smaller
    // than the pool as floats
    expect(bytes.length).toBeLessThan(8000 * 784 * 4);
    const back = decodeRun(bytes);
    const largest = (v: unknown, seen = new Set<unknown>()): number => {
      if (ArrayBuffer.isView(v)) return (v as unknown as ArrayLike<number>).length;
      if (Array.isArray(v) && typeof v[0] === 'number') return v.length;
      if (!v || typeof v !== 'object' || seen.has(v)) return 0;
      seen.add(v);
      return Math.max(0, ...Object.values(v as Record<string, unknown>).map((x) => largest(x, seen)));
    };
    expect(largest(back)).toBeLessThan(8000 * 784 / 4);
    expect(back.points).toBeNull();
    expect(back.race.spec.unet).toEqual(teacher.spec.unet);
    expect(back.history.disback![1].classHist).toEqual(points[3].classHist);
    const rebuilt = await rebuildRun(gpu.be, back);
    try {
      expect(rebuilt.data.n).toBe(8000);
      expect(rebuilt.heldout.n).toBe(2000);
      expect(rebuilt.race.racers.map((r) => r.steps)).toEqual([2, 2]);
      await race.advance(2);
      await rebuilt.race.advance(2);
      for (const [i, r] of rebuilt.race.racers.entries()) {
        expect(Array.from(await r.eta.read()), r.def.id).toEqual(Array.from(await race.racers[i].eta.read()));
        expect(Array.from(await rebuilt.race.samplesOf(r))).toEqual(Array.from(await race.samplesOf(race.racers[i])));
      }
      expect(rebuilt.race.racers[1].target).toBe(race.racers[1].target);
    } finally {
      rebuilt.race.destroy();
      race.destroy();
    }
  });
});
