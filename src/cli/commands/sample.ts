/**
 * `sample`: draw samples from a model file. A denoiser is sampled with Heun (default) or
 * Euler on the Karras grid; a one-step generator maps z ~ N(0, I) to D(sigma_init z, sigma_init).
 */
import { ParamSet } from '../../engine/nn/mlp';
import { Rng } from '../../engine/philox';
import { mlpSpecOf } from '../../diffusion/denoiser';
import { Sampler, type SamplerKind } from '../../diffusion/sampler';
import { GeneratorWorkspace } from '../../distill/generator';
import { getBool, getNum, getStr, UsageError } from '../args';
import { type Command, CPU_FLAG, JSON_FLAG, seedFlag } from '../command';
import { withBackend } from '../context';
import { readModelFile } from '../modelIo';
import { writeSamples } from '../samplesIo';

/** Rng streams of the sample command (separate from training streams). */
export const SAMPLE_STREAM = 0x5a3e;

export const sampleCommand: Command = {
  name: 'sample',
  summary: 'Draw samples from a model file (a teacher with Heun/Euler, or a one-step generator).',
  usage: 'cli sample --model file.dbm --seed N --out samples.csv|samples.json [options]',
  flags: [
    { name: 'model', kind: 'string', required: true, meta: 'file.dbm', help: 'model file' },
    { name: 'n', kind: 'int', default: 2000, min: 1, max: 1_000_000, help: 'number of samples' },
    { name: 'sampler', kind: 'enum', choices: ['heun', 'euler'], default: 'heun', help: 'ODE sampler (denoisers only)' },
    { name: 'steps', kind: 'int', default: 18, min: 1, max: 10000, help: 'noise levels on the Karras grid (Heun: 2N - 1 evaluations)' },
    seedFlag('seed of the initial noise'),
    { name: 'out', kind: 'string', required: true, meta: 'file', help: 'output .csv or .json' },
    JSON_FLAG,
    CPU_FLAG,
  ],
  async run(f, io) {
    const model = readModelFile(getStr(f, 'model'));
    const out = getStr(f, 'out');
    if (!/\.(csv|json)$/i.test(out)) throw new UsageError(`--out ${out}: the file name must end in .csv or .json`);
    const n = getNum(f, 'n');
    const seed = getNum(f, 'seed');
    const kind = getStr(f, 'sampler') as SamplerKind;
    const steps = getNum(f, 'steps');
    return withBackend(io, getBool(f, 'cpu'), async (be) => {
      const params = ParamSet.create(be, mlpSpecOf(model.spec), model.weights, 'model');
      const rng = new Rng(seed, SAMPLE_STREAM);
      const t0 = performance.now();
      let x: Float32Array;
      let nfe: number;
      if (model.kind === 'generator') {
        const g = new GeneratorWorkspace(be, model.spec, n, model.metadata.sigmaInit!, 'sample.gen');
        g.sample(params, rng);
        be.flush();
        x = await be.read(g.den.D);
        g.destroy();
        nfe = 1;
      } else {
        const s = new Sampler(be, model.spec, n, 'sample');
        x = await s.sample(params, steps, kind, rng);
        s.destroy();
        nfe = Sampler.nfe(kind, steps);
      }
      const seconds = (performance.now() - t0) / 1000;
      params.destroy();
      if (!x.every(Number.isFinite)) throw new Error('the model produced non-finite samples');
      const dim = model.spec.dim;
      writeSamples(out, { data: x, dim, n }, { model: model.metadata.dataset, kind: model.kind, sampler: model.kind === 'generator' ? 'one-step' : kind, steps, seed });
      const json = { out, n, dim, kind: model.kind, sampler: model.kind === 'generator' ? 'one-step' : kind, steps: model.kind === 'generator' ? 1 : steps, nfe, seconds, backend: be.adapterName };
      return { json, text: `wrote ${n} samples (${dim}-D, ${json.sampler}, ${nfe} network evaluations each) to ${out} in ${seconds.toFixed(2)} s\n` };
    });
  },
};
