/**
 * Buffers are released: after reset, reconfigure (with fewer methods, and back), resume
 * from the last good state and a run file import, the backend's live buffers come back to
 * the count of the same stage before. On WebGPU (Dawn) bind groups are checked as well.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { createDawnBackend } from '../../src/engine/node/dawn';
import type { Trainer } from '../../workers/trainer';
import { readyTrainer, tinyConfig } from './helpers';

async function cycle(t: Trainer): Promise<void> {
  const stats = async () => (await t.debugStats())!;
  const ready = await stats();
  await t.step(10);
  await t.pause();
  const racing = await stats();
  await t.reset();
  expect((await stats()).buffers).toBe(ready.buffers);
  await t.step(10);
  expect((await stats()).buffers).toBe(racing.buffers);

  // reconfigure: no race at all, then a smaller race (a method removed), then the first again
  const c = tinyConfig();
  await t.configure(c);
  const none = await stats();
  expect(none.buffers).toBeLessThan(ready.buffers);
  await t.prepareTeacher('train');
  expect((await stats()).buffers).toBe(none.buffers); // the teacher trainer is freed
  await t.recordPath();
  expect((await stats()).buffers).toBe(ready.buffers);
  await t.configure({ ...c, methods: ['vanilla'] });
  expect((await stats()).buffers).toBe(none.buffers);
  await t.prepareTeacher('train');
  await t.recordPath();
  const one = await stats();
  expect(one.buffers).toBeLessThan(ready.buffers);
  await t.configure(c);
  await t.prepareTeacher('train');
  await t.recordPath();
  const again = await stats();
  expect(again.buffers).toBe(ready.buffers);
  if (ready.bindGroups > 0) expect(again.bindGroups).toBeLessThanOrEqual(ready.bindGroups);

  // restore paths: resume from the last good state, open an exported run
  await t.step(5);
  await t.pause();
  await t.resumeFromLastGood({ lrG: 1e-5 });
  expect((await stats()).buffers).toBe(ready.buffers);
  const { bytes } = await t.exportRun();
  await t.importRun(bytes);
  expect((await stats()).buffers).toBe(ready.buffers);
}

describe('buffers are released', () => {
  it('CPU backend', async () => {
    const { t } = await readyTrainer();
    await cycle(t);
  });

  describe('WebGPU (Dawn)', () => {
    let t: Trainer | null = null;
    afterAll(() => (t as unknown as { be?: { destroy(): void } } | null)?.be?.destroy());
    it('WebGPU backend: buffers and bind groups', async (ctx) => {
      try {
        ({ t } = await readyTrainer({
          forceCpu: false,
          createBackend: async () => {
            const be = await createDawnBackend();
            return { be, info: { kind: 'webgpu', adapter: be.adapterName } };
          },
        }));
      } catch (e) {
        if (process.env.CI) throw e;
        console.warn(`SKIPPED: no WebGPU adapter (${(e as Error).message})`);
        return ctx.skip();
      }
      await cycle(t);
    });
  });
});
