/**
 * Soak: 10,000 generator steps on the CPU backend (the smallest run the schema allows:
 * batch 64, a 16-wide one-layer denoiser, one method), saving every 0.5 s of racing to
 * in-memory storage and draining snapshots like the page does. Live buffers stay exactly
 * constant and the heap (after GC) grows by less than a bound.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { expect, it } from 'vitest';
import { memoryKeyValue } from '../../workers/savedStore';
import { readyTrainer, stepsOf, tinyConfig } from './helpers';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
const STEPS = 10_000;
const HEAP_BOUND_MB = 8;

it(`runs ${STEPS} steps with constant buffers and bounded heap`, async () => {
  const config = tinyConfig({ methods: ['vanilla'], evalEvery: 250, distill: { batch: 64, steps: 100_000 } });
  const { t, snaps } = await readyTrainer({ storage: memoryKeyValue(), saveEveryMs: 500 }, config);
  t.setSpeed(250);
  const heap = () => {
    gc();
    return process.memoryUsage().heapUsed / 2 ** 20;
  };
  const samples: { step: number; buffers: number; heapMb: number }[] = [];
  const t0 = performance.now();
  for (let done = 0; done < STEPS; done += 1000) {
    await t.step(1000);
    snaps.length = 0; // the page consumes snapshots as they come
    samples.push({ step: stepsOf(t)[0], buffers: (await t.debugStats())!.buffers, heapMb: heap() });
  }
  const secs = (performance.now() - t0) / 1000;
  console.log(`soak: ${STEPS} steps in ${secs.toFixed(1)} s, ${t.saver.writes} saves`, samples.map((s) => `${s.step}: ${s.buffers} bufs ${s.heapMb.toFixed(1)} MB`).join(' | '));
  expect(stepsOf(t)).toEqual([STEPS]);
  expect(new Set(samples.map((s) => s.buffers)).size).toBe(1);
  expect(samples[samples.length - 1].heapMb - samples[1].heapMb).toBeLessThan(HEAP_BOUND_MB);
  expect(t.saver.writes).toBeGreaterThan(5);
}, 180_000);
