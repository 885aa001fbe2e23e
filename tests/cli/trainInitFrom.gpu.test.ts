import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { decodeModel } from '../../src/models/format';

// scripts/train-mnist-teacher.mts --init-from: a fresh run that starts from a model file's
// weights (weights and EMA alike), the way a teacher trained on a GPU is continued here.
const run = promisify(execFile);
const root = resolve(__dirname, '../..');
const T = ['--import', 'tsx', '--import', './src/engine/node/registerRaw.mjs', 'scripts/train-mnist-teacher.mts'];
let dir = '';
afterAll(async () => { if (dir) await rm(dir, { recursive: true, force: true }); });

describe('train-mnist-teacher --init-from', () => {
  it('starts from the file\'s weights and network, and refuses a conflicting network', async () => {
    dir = await mkdtemp(join(tmpdir(), 'disback-init-'));
    const a = join(dir, 'a'), b = join(dir, 'b');
    await run(process.execPath, [...T, '--channels', '8,16,16', '--mid', '1', '--batch', '2', '--lr', '1e-3', '--steps', '3', '--every', '100', '--ckpt', a], { cwd: root });
    await run(process.execPath, [...T, '--ckpt', a, '--export', `${a}.dbm`], { cwd: root });
    const model = decodeModel(await readFile(`${a}.dbm`));
    // lr 0: one step moves nothing (up to float32 rounding in Adam and the EMA), so the
    // checkpoint holds the file's weights as weights and EMA
    const { stdout } = await run(process.execPath, [...T, '--init-from', `${a}.dbm`, '--batch', '2', '--lr', '0', '--steps', '1', '--every', '100', '--ckpt', b], { cwd: root });
    expect(stdout).toMatch(/initialised from .*a\.dbm \(f32, trained 3 steps\)/);
    const meta = JSON.parse(await readFile(`${b}.json`, 'utf8')) as { steps: number; paramSize: number; spec: { unet: { channels: number[]; mid: number } } };
    expect(meta.steps).toBe(1);
    expect((meta as { initSteps?: number }).initSteps).toBe(3);
    expect(meta.spec.unet.channels).toEqual([8, 16, 16]);
    expect(meta.spec.unet.mid).toBe(1);
    const raw = await readFile(`${b}.bin`);
    const d = new Float32Array(raw.buffer.slice(raw.byteOffset, raw.byteOffset + raw.byteLength));
    const P = meta.paramSize;
    expect(P).toBe(model.weights.length);
    const far = (from: number) => model.weights.reduce((m, w, i) => Math.max(m, Math.abs(d[from + i] - w)), 0);
    expect(far(0)).toBeLessThan(1e-6);
    expect(far(P)).toBeLessThan(1e-6);
    expect(model.weights.reduce((m, w) => Math.max(m, Math.abs(w)), 0)).toBeGreaterThan(0.1);
    await expect(run(process.execPath, [...T, '--init-from', `${a}.dbm`, '--channels', '8,24,48', '--steps', '1', '--ckpt', join(dir, 'c')], { cwd: root }))
      .rejects.toThrow(/--init-from starts a fresh run on the model file's network/);
  });
});
