/**
 * The MNIST teacher a diagnostic script is pointed at: `--model FILE` (a model file, e.g.
 * public/models/mnist.dbm) or `--ckpt PATH` (a training checkpoint of
 * scripts/train-mnist-teacher.mts: its EMA weights). Shared by evalSamples.mts,
 * hybridSample.mts and overfit.mts.
 */
import { readFile } from 'node:fs/promises';
import type { DenoiserSpec } from '../../src/diffusion/denoiser';
import { decodeModel } from '../../src/models/format';

export async function teacherFromArgs(argv: readonly string[]): Promise<{ spec: DenoiserSpec; weights: Float32Array; what: string }> {
  const str = (k: string, d: string) => (argv.includes(k) ? argv[argv.indexOf(k) + 1] : d);
  if (argv.includes('--model')) {
    const file = str('--model', 'public/models/mnist.dbm');
    const m = decodeModel(new Uint8Array(await readFile(file)));
    return { spec: m.spec, weights: m.weights, what: `${file} (${m.dtype}, ${m.metadata.trainingSteps} steps)` };
  }
  const ck = str('--ckpt', '/tmp/mnist-teacher');
  const meta = JSON.parse(await readFile(`${ck}.json`, 'utf8')) as { spec: DenoiserSpec; paramSize: number; steps: number };
  const raw = await readFile(`${ck}.bin`);
  const all = new Float32Array(raw.buffer.slice(raw.byteOffset, raw.byteOffset + raw.byteLength));
  return { spec: meta.spec, weights: all.slice(meta.paramSize, 2 * meta.paramSize), what: `${ck} EMA at step ${meta.steps}` };
}
