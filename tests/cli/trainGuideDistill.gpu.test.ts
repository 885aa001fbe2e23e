import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { decodeModel } from '../../src/models/format';

// scripts/train-mnist-teacher.mts --guide-distill: a run that regresses the autoguided denoiser
// D_g + w (D_main - D_g) of two model files, starting from the main one (docs/mnist.md, "A
// teacher that carries its guidance"). The target's maths is tested in
// tests/diffusion/guidedTarget.gpu.test.ts; this checks the command's wiring.
const run = promisify(execFile);
const root = resolve(__dirname, '../..');
const T = ['--import', 'tsx', '--import', './src/engine/node/registerRaw.mjs', 'scripts/train-mnist-teacher.mts'];
const NET = ['--channels', '8,16,16', '--mid', '1', '--batch', '2', '--every', '100'];
let dir = '';
afterAll(async () => { if (dir) await rm(dir, { recursive: true, force: true }); });

async function ckpt(path: string): Promise<{ meta: { steps: number; paramSize: number; guidance?: { main: string; guide: string; weight: number; min?: number; max?: number } }; d: Float32Array }> {
  const meta = JSON.parse(await readFile(`${path}.json`, 'utf8'));
  const raw = await readFile(`${path}.bin`);
  return { meta, d: new Float32Array(raw.buffer.slice(raw.byteOffset, raw.byteOffset + raw.byteLength)) };
}

describe('train-mnist-teacher --guide-distill', () => {
  it('trains towards the guided denoiser from the main file, keeps the target on --resume, and needs --init-from', async () => {
    dir = await mkdtemp(join(tmpdir(), 'disback-guide-'));
    const main = join(dir, 'main'), weak = join(dir, 'weak');
    await run(process.execPath, [...T, ...NET, '--lr', '1e-3', '--steps', '4', '--ckpt', main], { cwd: root });
    await run(process.execPath, [...T, '--ckpt', main, '--export', `${main}.dbm`], { cwd: root });
    await run(process.execPath, [...T, ...NET, '--lr', '1e-3', '--steps', '1', '--seed', '7', '--ckpt', weak], { cwd: root });
    await run(process.execPath, [...T, '--ckpt', weak, '--export', `${weak}.dbm`], { cwd: root });
    const w0 = decodeModel(await readFile(`${main}.dbm`)).weights;
    const far = (d: Float32Array, from: number) => w0.reduce((m, w, i) => Math.max(m, Math.abs(d[from + i] - w)), 0);

    // w = 1: the target is the main network itself, which the run starts from: zero gradient, nothing moves
    const same = join(dir, 'same');
    const common = ['--init-from', `${main}.dbm`, '--guide-distill', `${weak}.dbm`, '--batch', '2', '--lr', '1e-3', '--every', '100'];
    const { stdout } = await run(process.execPath, [...T, ...common, '--w', '1', '--steps', '3', '--ckpt', same], { cwd: root });
    expect(stdout).toMatch(/guidance distillation: target D_g \+ 1 \(D_main - D_g\) at sigma in \[0, inf\]/);
    const s = await ckpt(same);
    expect(far(s.d, 0)).toBe(0);

    // w = 3 on an interval: the weights move, the checkpoint records the target, --resume keeps it
    const g = join(dir, 'g');
    await run(process.execPath, [...T, ...common, '--w', '3', '--gmin', '0.3', '--gmax', '20', '--steps', '4', '--until', '2', '--ckpt', g], { cwd: root });
    const a = await ckpt(g);
    expect(a.meta.steps).toBe(2);
    expect(a.meta.guidance).toEqual({ main: `${main}.dbm`, guide: `${weak}.dbm`, weight: 3, min: 0.3, max: 20 });
    expect(far(a.d, 0)).toBeGreaterThan(1e-5);
    const r = await run(process.execPath, [...T, '--resume', '--ckpt', g, '--lr', '1e-3', '--steps', '4'], { cwd: root });
    expect(r.stdout).toMatch(/guidance distillation: target D_g \+ 3 \(D_main - D_g\) at sigma in \[0.3, 20\]/);
    expect((await ckpt(g)).meta.steps).toBe(4);
    await run(process.execPath, [...T, '--ckpt', g, '--export', `${g}.dbm`], { cwd: root });
    const exported = decodeModel(await readFile(`${g}.dbm`));
    expect(exported.metadata.trainingSteps).toBe(4 + 4); // the main file's steps and this run's
    expect(exported.metadata.createdBy).toMatch(/--guide-distill: 4 steps regressing .*weak\.dbm \+ 3 .* at sigma in \[0.3, 20\]/);

    await expect(run(process.execPath, [...T, '--guide-distill', `${weak}.dbm`, '--steps', '1', '--ckpt', join(dir, 'x')], { cwd: root }))
      .rejects.toThrow(/--guide-distill distils the guided --init-from model/);
    await expect(run(process.execPath, [...T, ...common, '--w', '12', '--steps', '1', '--ckpt', join(dir, 'y')], { cwd: root }))
      .rejects.toThrow(/guidance weight must be in \[0, 10\]/);
  });
});
