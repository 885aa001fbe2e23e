/** `teacher`: train a 2-D diffusion teacher (DSM + Adam + EMA) and write its EMA weights. */
import { teacherSchema } from '../../config/schema';
import { getBool, getNum, getStr, optStr, UsageError } from '../args';
import { type Command, CPU_FLAG, JSON_FLAG, seedFlag } from '../command';
import { CREATED_BY, Progress, withBackend } from '../context';
import { pool, resolveData } from '../data';
import { readModelFile, writeModelFile } from '../modelIo';
import { ModelFormatError } from '../../models/format';
import { trainTeacher } from '../trainTeacher';

export const DEFAULT_POOL = 65536;

export const teacherCommand: Command = {
  name: 'teacher',
  summary: 'Train a diffusion teacher on a 2-D data set (DSM, Adam, EMA) and write the EMA weights as a model file.',
  usage: 'cli teacher --data <set|points.csv|points.json> --seed N --out file.dbm [options]',
  flags: [
    { name: 'data', kind: 'string', required: true, meta: 'set|file', help: 'toy set name or a .csv/.json file of 2-D points' },
    { name: 'embed-dim', kind: 'int', default: 2, min: 2, max: 64, help: 'ambient dimension (> 2 embeds the set; the embedding depends on --seed)' },
    { name: 'steps', kind: 'int', default: 4000, help: 'training steps' },
    { name: 'batch', kind: 'int', default: 2048, help: 'batch size (about 2048 trains reliably)' },
    { name: 'lr', kind: 'number', default: 2e-3, help: 'Adam learning rate' },
    { name: 'width', kind: 'int', default: 128, help: 'MLP width' },
    { name: 'depth', kind: 'int', default: 3, help: 'hidden layers' },
    { name: 'ema', kind: 'number', default: 0.999, help: 'EMA decay of the weights (the EMA is the teacher)' },
    { name: 'pool', kind: 'int', default: DEFAULT_POOL, min: 64, max: 1 << 22, help: 'rows of training data drawn once (minibatches sample from it)' },
    { name: 'dtype', kind: 'enum', choices: ['f16', 'f32'], default: 'f16', help: 'weight storage in the file (f16: Heun-sample metrics unchanged, docs/teachers.md)' },
    { name: 'init', kind: 'string', meta: 'file.dbm', help: 'continue training from this teacher (same data set and architecture; Adam restarts, the EMA restarts from its weights)' },
    seedFlag('seed of the data draw, the initialisation and the noise'),
    { name: 'out', kind: 'string', required: true, meta: 'file.dbm', help: 'output model file' },
    JSON_FLAG,
    CPU_FLAG,
  ],
  async run(f, io) {
    const src = resolveData(getStr(f, 'data'), { command: 'teacher' });
    const cfg = teacherSchema.safeParse({ width: getNum(f, 'width'), depth: getNum(f, 'depth'), steps: getNum(f, 'steps'), batch: getNum(f, 'batch'), lr: getNum(f, 'lr'), emaDecay: getNum(f, 'ema') });
    if (!cfg.success) {
      const flag: Record<string, string> = { emaDecay: 'ema' };
      throw new UsageError(`invalid settings: ${cfg.error.issues.map((i) => `--${flag[String(i.path[0])] ?? String(i.path[0])}: ${i.message}`).join('; ')}`);
    }
    const out = getStr(f, 'out');
    const seed = getNum(f, 'seed');
    const embedDim = getNum(f, 'embed-dim');
    const data = pool(src, embedDim, seed, getNum(f, 'pool'), 'train');
    const initPath = optStr(f, 'init');
    const init = initPath ? readModelFile(initPath, '--init') : undefined;
    if (init) {
      const c = cfg.data;
      if (init.kind !== 'denoiser') throw new ModelFormatError(`--init ${initPath}: a ${init.kind}, not a denoiser`);
      if (init.metadata.dataset !== src.dataset || init.spec.dim !== data.dim) throw new ModelFormatError(`--init ${initPath}: trained on '${init.metadata.dataset}' in ${init.spec.dim}-D, not '${src.dataset}' in ${data.dim}-D`);
      if (init.spec.hidden.length !== c.depth || init.spec.hidden.some((h) => h !== c.width)) throw new UsageError(`--init ${initPath}: the model is ${init.spec.hidden.length}x${init.spec.hidden[0]}; pass --width ${init.spec.hidden[0]} --depth ${init.spec.hidden.length}`);
    }
    return withBackend(io, getBool(f, 'cpu'), async (be) => {
      const progress = new Progress(io);
      const c = cfg.data;
      const t = await trainTeacher(be, data, { ...c, seed, init: init?.weights }, progress);
      const metadata = {
        dataset: src.dataset, sigmaData: data.sigmaData, seed, dataSeed: seed, trainingSteps: c.steps + (init?.metadata.trainingSteps ?? 0), embedDim: data.dim, createdBy: `${CREATED_BY} teacher`,
        ...(init ? { initFrom: { file: initPath, seed: init.metadata.seed, trainingSteps: init.metadata.trainingSteps } } : {}),
        dataLabel: data.label, ...(src.points ? { pointsFile: src.arg, points: src.points.n } : {}),
        batch: c.batch, lr: c.lr, emaDecay: c.emaDecay, pool: data.n, finalLoss: Number(t.finalLoss.toPrecision(6)),
      };
      const dtype = getStr(f, 'dtype') as 'f16' | 'f32';
      const bytes = writeModelFile(out, { kind: 'denoiser', spec: t.spec, metadata, weights: t.weights }, dtype);
      const json = {
        out, bytes, dtype, dataset: src.dataset, dim: data.dim, params: t.weights.length, steps: c.steps, seconds: t.seconds,
        msPerStep: (1000 * t.seconds) / c.steps, finalLoss: t.finalLoss, losses: t.losses, backend: be.adapterName,
      };
      const text = `wrote ${out} (${bytes} bytes, ${t.weights.length} ${dtype} weights)\n` +
        `trained ${c.steps} steps on ${data.label} in ${t.seconds.toFixed(1)} s (${json.msPerStep.toFixed(1)} ms/step, ${be.adapterName}); final loss ${t.finalLoss.toFixed(4)}\n`;
      return { json, text };
    });
  },
};
