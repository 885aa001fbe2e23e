/**
 * `sample`: draw samples from a model file. A denoiser is sampled with Heun (default) or
 * Euler on the Karras grid, deterministic or with EDM's churn (`--churn`), optionally
 * autoguided by a weaker model of the same data (`--guide`, `--guidance`); a one-step
 * generator maps z ~ N(0, I) to D(sigma_init z, sigma_init).
 */
import { Rng } from '../../engine/philox';
import { createParams } from '../../diffusion/denoiser';
import { Sampler, type SamplerKind, type SamplerOptions } from '../../diffusion/sampler';
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
    { name: 'churn', kind: 'number', default: 0, min: 0, max: 1000, help: "EDM's S_churn: re-noise before each step at sigma 0.05..50 (0: deterministic; 40: the most per step, gamma = sqrt 2 - 1, up to 96 steps)" },
    { name: 'guide', kind: 'string', meta: 'weak.dbm', help: 'autoguidance: a weaker denoiser of the same data (e.g. an early checkpoint)' },
    { name: 'guidance', kind: 'number', default: 2, min: 0, max: 10, help: 'autoguidance weight w: D = D_guide + w (D - D_guide)' },
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
    const churn = getNum(f, 'churn');
    const guidance = getNum(f, 'guidance');
    const guideFile = f.given.has('guide') ? getStr(f, 'guide') : null;
    const guideModel = guideFile ? readModelFile(guideFile) : null;
    if (model.kind === 'generator' && (churn > 0 || guideModel)) throw new UsageError('--churn and --guide sample a denoiser; this model is a one-step generator');
    if (guideModel && guideModel.kind === 'generator') throw new UsageError(`--guide ${guideFile}: the guide must be a denoiser, not a one-step generator`);
    if (guideModel && guideModel.spec.dim !== model.spec.dim) throw new UsageError(`--guide ${guideFile}: it denoises ${guideModel.spec.dim}-D samples, the model ${model.spec.dim}-D`);
    return withBackend(io, getBool(f, 'cpu'), async (be) => {
      const params = createParams(be, model.spec, model.weights, 'model');
      const guide = guideModel ? { params: createParams(be, guideModel.spec, guideModel.weights, 'guide'), spec: guideModel.spec, weight: guidance } : undefined;
      const opts: SamplerOptions = { churn, guide };
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
        x = await s.sample(params, steps, kind, rng, undefined, opts);
        nfe = s.passes;
        s.destroy();
      }
      const seconds = (performance.now() - t0) / 1000;
      params.destroy();
      guide?.params.destroy();
      if (!x.every(Number.isFinite)) throw new Error('the model produced non-finite samples');
      const dim = model.spec.dim;
      const how = model.kind === 'generator' ? {} : { churn, ...(guideFile ? { guide: guideFile, guidance } : {}) };
      writeSamples(out, { data: x, dim, n }, { model: model.metadata.dataset, kind: model.kind, sampler: model.kind === 'generator' ? 'one-step' : kind, steps, seed, ...how });
      const json = { out, n, dim, kind: model.kind, sampler: model.kind === 'generator' ? 'one-step' : kind, steps: model.kind === 'generator' ? 1 : steps, ...how, nfe, seconds, backend: be.adapterName };
      return { json, text: `wrote ${n} samples (${dim}-D, ${json.sampler}, ${nfe} network evaluations each) to ${out} in ${seconds.toFixed(2)} s\n` };
    });
  },
};
