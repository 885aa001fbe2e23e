/**
 * Device loss at the trainer level on WebGPU (Dawn): loseDevice() mid-race; the trainer
 * creates a new device, restores the last save (at most one save interval of racing is
 * lost), says so in an alert, and races on. What it computes after the recovery is what a
 * run that never lost its device computes. No adapter: fails under CI, else skips.
 */
import { afterAll, describe, expect, it } from 'vitest';
import type { Backend } from '../../src/engine/backend';
import { CpuBackend } from '../../src/engine/cpu/cpuBackend';
import { createDawnBackend } from '../../src/engine/node/dawn';
import type { Snapshot } from '../../workers/api';
import type { Trainer } from '../../workers/trainer';
import { historyOf, internals, readyTrainer, stepsOf } from './helpers';

const SAVE_MS = 400;
const dawn = async () => {
  const be = await createDawnBackend();
  return { be, info: { kind: 'webgpu' as const, adapter: be.adapterName } };
};

async function raceTo(t: Trainer, step: number): Promise<void> {
  await expect.poll(() => stepsOf(t)[0] ?? 0, { timeout: 120_000, interval: 20 }).toBeGreaterThanOrEqual(step);
}

describe('device loss (WebGPU on Dawn)', () => {
  const made: Backend[] = [];
  afterAll(() => made.forEach((b) => b.destroy()));

  it('recovers mid-race from the last save and continues with the same numbers', async (ctx) => {
    let run: { t: Trainer; snaps: Snapshot[] };
    const factory = async () => {
      const r = await dawn();
      made.push(r.be);
      return r;
    };
    try {
      run = await readyTrainer({ forceCpu: false, createBackend: factory, saveEveryMs: SAVE_MS });
    } catch (e) {
      if (process.env.CI) throw e;
      console.warn(`SKIPPED: no WebGPU adapter (${(e as Error).message})`);
      return ctx.skip();
    }
    const { t, snaps } = run;
    t.setSpeed(5);
    t.start();
    await raceTo(t, 40);
    // race on for two save intervals so that a save past step 0 exists however fast the engine is
    await new Promise((r) => setTimeout(r, 2 * SAVE_MS + 100));
    const before = internals(t).be;
    const lostAt = stepsOf(t)[0];
    const since = t.saver.sinceSaveMs;
    await t.debugLoseDevice();
    await expect.poll(() => snaps.some((s) => s.alert?.kind === 'device-lost'), { timeout: 60_000 }).toBe(true);
    const alert = snaps.map((s) => s.alert).find((a) => a?.kind === 'device-lost')!;
    const savedStep = Number(/step (\d+)/.exec(alert.text)![1]);
    console.log(`lost at step ${lostAt} (${since.toFixed(0)} ms of racing after the last save), restored at step ${savedStep}: ${alert.text}`);
    expect(alert.text).toMatch(/device was lost.*new GPU device was created.*restored from its last save.*continues/);
    expect(internals(t).be).not.toBe(before);
    expect((await t.snapshot()).backend.kind).toBe('webgpu');
    expect(savedStep).toBeLessThanOrEqual(lostAt);
    expect(since).toBeLessThan(SAVE_MS + 2000); // at most one save interval (plus the chunk in flight) was lost
    expect(savedStep).toBeGreaterThan(0);
    await raceTo(t, savedStep + 20);
    await t.pause();
    const end = Math.min(...stepsOf(t));

    // the same run, never interrupted
    const { t: ref } = await readyTrainer({ forceCpu: false, createBackend: factory });
    ref.setSpeed(5);
    ref.start();
    await raceTo(ref, end);
    await ref.pause();
    const upTo = (h: ReturnType<typeof historyOf>) => Object.fromEntries(Object.entries(h).map(([m, p]) => [m, p.filter((x) => x.step <= end)]));
    expect(upTo(historyOf(t))).toEqual(upTo(historyOf(ref)));
  });

  it('falls back to the CPU backend, with the reason, when WebGPU cannot be restarted', async (ctx) => {
    let calls = 0;
    const factory = async (forceCpu: boolean) => {
      if (forceCpu) {
        const be = new CpuBackend();
        return { be, info: { kind: 'cpu' as const, adapter: be.adapterName } };
      }
      if (calls++ > 0) throw new Error('no adapter this time');
      const r = await dawn();
      made.push(r.be);
      return r;
    };
    let run: { t: Trainer; snaps: Snapshot[] };
    try {
      run = await readyTrainer({ forceCpu: false, createBackend: factory });
    } catch (e) {
      if (process.env.CI) throw e;
      return ctx.skip();
    }
    const { t, snaps } = run;
    await t.step(10);
    await t.pause();
    await t.debugLoseDevice();
    await expect.poll(() => snaps.some((s) => s.alert?.kind === 'device-lost'), { timeout: 60_000 }).toBe(true);
    const snap = await t.snapshot();
    expect(snap.backend.kind).toBe('cpu');
    expect(snap.backend.fallbackReason).toMatch(/device was lost.*could not be restarted.*no adapter this time/);
    expect(snap.stage).toBe('paused');
    expect(stepsOf(t)).toEqual([10, 10]);
    await t.step(5);
    expect(stepsOf(t)).toEqual([15, 15]);
  });
});
