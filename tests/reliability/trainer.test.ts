/**
 * The trainer's reliability on the CPU backend, at the level of the worker's API:
 *  - saves: at ready, on pause and every saveEveryMs of racing; a new trainer on the same
 *    storage resumes the run and continues with exactly the numbers of a run that never
 *    stopped; export -> import does the same; refused files leave the run as it was;
 *  - a storage quota error gives a message and the race goes on;
 *  - divergence (NaN injected into a generator) pauses the whole race with the method and
 *    step named; resumeFromLastGood validates its input, goes back and continues finite;
 *  - configure refuses invalid settings and bad points with a message, run intact.
 */
import { describe, expect, it } from 'vitest';
import { runConfigSchema } from '../../src/config/schema';
import { decodeRun } from '../../src/distill/savedRun';
import { memoryKeyValue, META_KEY, readSavedMeta, RUN_KEY } from '../../workers/savedStore';
import { Trainer } from '../../workers/trainer';
import { historyOf, internals, readyTrainer, stepsOf, tinyConfig } from './helpers';

describe('saves and resume', () => {
  it('a resumed run continues exactly as one that never stopped', async () => {
    const kv = memoryKeyValue();
    const { t: a } = await readyTrainer({ storage: kv });
    await a.saver.flush();
    expect(kv.map.has(RUN_KEY)).toBe(true); // saved at ready
    await a.step(12); // stops between two evaluation ticks (5, 10, 12)
    await a.pause(); // saves
    await a.saver.flush();
    const meta = await readSavedMeta(kv);
    expect(meta?.steps).toEqual({ vanilla: 12, disback: 12 });
    expect(meta?.config.seed).toBe(7);
    await a.step(13);
    const full = historyOf(a);

    const b = new Trainer({ storage: kv });
    await b.init({ forceCpu: true });
    const info = await b.resumeSaved();
    expect(info.stage).toBe('paused');
    expect(info.config).toEqual(tinyConfig());
    expect(info.path.steps.length).toBe(3);
    expect(stepsOf(b)).toEqual([12, 12]);
    const snap = await b.snapshot();
    expect(snap.alert?.kind).toBe('restored');
    expect(snap.methods[0].newPoints.length).toBe(full.vanilla.filter((p) => p.step <= 12).length); // the series come back
    await b.step(13);
    expect(historyOf(b)).toEqual(full);
  });

  it('saves every saveEveryMs of racing', async () => {
    const kv = memoryKeyValue();
    const { t } = await readyTrainer({ storage: kv, saveEveryMs: 1 });
    const before = t.saver.writes;
    await t.step(20);
    await t.saver.flush();
    expect(t.saver.writes - before).toBeGreaterThanOrEqual(2);
    expect(t.saver.lastGood!.race.racers[0].steps).toBeGreaterThanOrEqual(15);
  });

  it('export -> import continues exactly; a refused file leaves the run intact', async () => {
    const { t: a } = await readyTrainer();
    await a.step(10);
    const { bytes, filename } = await a.exportRun();
    expect(filename).toMatch(/^disback-8gaussians-seed7-step10\.dsbk$/);
    await a.step(10);
    const full = historyOf(a);

    const { t: b } = await readyTrainer({}, tinyConfig({ seed: 8, methods: ['vanilla'] }));
    await b.step(5);
    for (const bad of [new Uint8Array(0), bytes.subarray(0, bytes.length - 3), new TextEncoder().encode('<script>alert(1)</script>'), 'not bytes' as unknown as Uint8Array]) {
      await expect(b.importRun(bad)).rejects.toThrow(/run file was refused/);
      expect(stepsOf(b)).toEqual([5]);
    }
    await b.step(5); // the run is intact and still races
    expect(stepsOf(b)).toEqual([10]);
    await b.importRun(bytes.slice());
    expect(stepsOf(b)).toEqual([10, 10]);
    await b.step(10);
    expect(historyOf(b)).toEqual(full);
    expect(decodeRun(bytes).race.racers.length).toBe(2);
  });

  it('a full storage gives a message and the race goes on', async () => {
    const kv = memoryKeyValue();
    kv.setMany = async () => {
      throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    };
    const { t, snaps } = await readyTrainer({ storage: kv, saveEveryMs: 1 });
    await t.step(10);
    await t.saver.flush();
    const alert = snaps.map((s) => s.alert).find((a) => a?.kind === 'save-failed');
    expect(alert?.text).toMatch(/storage is full/);
    expect(stepsOf(t)).toEqual([10, 10]);
    expect(t.saver.lastGood!.race.racers[0].steps).toBe(10); // kept in memory all the same
  });

  it('resumeSaved with nothing (or garbage) saved says so', async () => {
    const kv = memoryKeyValue();
    const t = new Trainer({ storage: kv });
    await t.init({ forceCpu: true });
    await expect(t.resumeSaved()).rejects.toThrow(/No saved run/);
    kv.map.set(RUN_KEY, new Uint8Array([1, 2, 3]));
    kv.map.set(META_KEY, { savedAt: 'x' });
    await expect(t.resumeSaved()).rejects.toThrow(/could not be resumed: this is not a DisBack run file/);
    expect(await readSavedMeta(kv)).toBeNull();
  });
});

describe('divergence', () => {
  it('pauses the race, names the method and step, and resumes from the last good state', async () => {
    const { t, snaps } = await readyTrainer();
    await t.step(10);
    await t.pause(); // last good state: step 10
    const race = internals(t).race!;
    const dis = race.racers[1];
    internals(t).be.write(dis.eta.buf, new Float32Array(dis.eta.size).fill(NaN));
    t.start();
    await expect.poll(() => internals(t).stage, { timeout: 20_000 }).toBe('paused');
    expect(stepsOf(t)).toEqual([15, 15]); // the whole race stopped at the tick that saw it
    const alert = snaps.map((s) => s.alert).filter((a) => a?.kind === 'diverged').pop()!;
    expect(alert.method).toBe('disback');
    expect(alert.step).toBe(15);
    expect(alert.lastGoodStep).toBe(10);
    expect(alert.text).toMatch(/DisBack diverged at step 15: .*not finite.*paused/);

    for (const bad of [{ lrG: 5 }, { lrG: Number.NaN }, { lrPhi: 0 }, { method: 'bogus' }, { lrG: 1e-5, extra: 1 }, null, 'x']) {
      await expect(t.resumeFromLastGood(bad as never)).rejects.toThrow(/Invalid learning rates|expected an object/);
    }
    expect(stepsOf(t)).toEqual([15, 15]);
    await t.resumeFromLastGood({ lrG: 1e-5, lrPhi: 2e-4 });
    expect(stepsOf(t)).toEqual([10, 10]);
    const back = internals(t).race!.racers[1];
    expect(back.diverged).toBeNull();
    expect(back.adamG.hyper.lr).toBe(1e-5);
    expect(back.adamPhi.hyper.lr).toBe(2e-4);
    expect(internals(t).race!.racers[0].adamG.hyper.lr).toBe(tinyConfig().distill.lrG);
    await t.step(10);
    expect(stepsOf(t)).toEqual([20, 20]);
    expect(internals(t).race!.racers.every((r) => !r.diverged)).toBe(true);
    expect(historyOf(t).disback.every((p) => p.step === 0 || Number.isFinite(p.lossG))).toBe(true);
  });
});

describe('refused settings and points leave the run intact', () => {
  it('configure refuses out-of-bounds, wrong-typed and unknown settings with a message', async () => {
    const { t } = await readyTrainer();
    await t.step(5);
    const good = tinyConfig();
    const bad: [string, unknown][] = [
      ['distill.lrG', { ...good, distill: { ...good.distill, lrG: 0.1000001 } }],
      ['distill.batch', { ...good, distill: { ...good.distill, batch: 63 } }],
      ['distill.steps', { ...good, distill: { ...good.distill, steps: 100001 } }],
      ['seed', { ...good, seed: Number.NaN }],
      ['seed', { ...good, seed: '7' }],
      ['evalSamples', { ...good, evalSamples: Infinity }],
      ['methods', { ...good, methods: [] }],
      ['unrecognized', { ...good, bogus: '<img src=x onerror=alert(1)>' }],
    ];
    for (const [path, c] of bad) await expect(t.configure(c as never)).rejects.toThrow(new RegExp(`Invalid settings: .*${path.replace('.', '\\.')}`, 'i'));
    // exactly at the bounds is fine (checked without running it)
    expect(runConfigSchema.safeParse({ ...good, distill: { ...good.distill, lrG: 0.1, lrPhi: 1e-6, batch: 8192 } }).success).toBe(true);
    expect(stepsOf(t)).toEqual([5, 5]);
    await t.step(5);
    expect(stepsOf(t)).toEqual([10, 10]);
  });

  it('configure refuses bad points (NaN, too few, 10^7, degenerate) with a message', async () => {
    const { t } = await readyTrainer();
    await t.step(5);
    const pts = tinyConfig({ dataset: 'points' });
    const nan = new Float32Array(40).map((_, i) => i);
    nan[7] = Number.NaN;
    const cases: [Float32Array | undefined, RegExp][] = [
      [undefined, /needs points/],
      [new Float32Array(6), /Too few points/],
      [nan, /NaN/],
      [new Float32Array(2e7), /Too many points: 10,000,000/],
      [new Float32Array(40).fill(3), /zero variance|identical|degenerate/],
      [new Float32Array(41), /pairs/],
    ];
    for (const [p, re] of cases) await expect(t.configure(pts, p)).rejects.toThrow(re);
    // huge coordinates are fine (normalised)
    const huge = new Float32Array(40).map((_, i) => (i % 3) * 1e30 + i * 1e29);
    await t.configure(pts, huge);
  });
});
