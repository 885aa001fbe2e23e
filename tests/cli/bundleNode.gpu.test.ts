import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, symlink, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

// scripts/bundle-node.mjs: the teacher trainer as one file (for a GPU machine with no npm
// registry) must train exactly as the tsx-run script does, on the same backend and seed.
const run = promisify(execFile);
const root = resolve(__dirname, '../..');
let dir = '';
afterAll(async () => { if (dir) await rm(dir, { recursive: true, force: true }); });

describe('bundle-node', () => {
  it('bundles a trainer that writes the same checkpoint as the script it comes from', async () => {
    dir = await mkdtemp(join(tmpdir(), 'disback-bundle-'));
    const out = join(dir, 'bundle');
    await run(process.execPath, ['scripts/bundle-node.mjs', '--out', out], { cwd: root });
    await mkdir(join(out, 'node_modules'), { recursive: true });
    await symlink(join(root, 'node_modules/webgpu'), join(out, 'node_modules/webgpu'));
    const args = ['--channels', '8,16,16', '--mid', '1', '--batch', '2', '--lr', '1e-3', '--steps', '3', '--every', '100'];
    await run(process.execPath, [join(out, 'train-mnist-teacher.mjs'), ...args, '--ckpt', join(dir, 'bundled')], { cwd: root });
    await run(process.execPath, ['--import', 'tsx', '--import', './src/engine/node/registerRaw.mjs', 'scripts/train-mnist-teacher.mts', ...args, '--ckpt', join(dir, 'script')], { cwd: root });
    const [a, b] = await Promise.all([readFile(join(dir, 'bundled.bin')), readFile(join(dir, 'script.bin'))]);
    expect(a.length).toBeGreaterThan(0);
    expect(a.equals(b)).toBe(true);
    const meta = JSON.parse(await readFile(join(dir, 'bundled.json'), 'utf8')) as { steps: number; spec: { unet: { channels: number[] } } };
    expect(meta.steps).toBe(3);
    expect(meta.spec.unet.channels).toEqual([8, 16, 16]);
  });
});
