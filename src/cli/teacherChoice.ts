/**
 * Which teacher a race distils: a model file (--teacher), else the shipped one for a
 * plain toy set or MNIST (public/models/mnist.dbm, a U-Net), else (user points, embedded
 * toys) one trained here with the run config's teacher settings.
 */
import type { RunConfig } from '../config/schema';
import type { DataPool } from '../data';
import type { Backend } from '../engine/backend';
import type { DenoiserSpec } from '../diffusion/denoiser';
import type { ModelMetadata } from '../models/format';
import { isShippedSet, loadShippedTeacher } from '../models/shipped';
import { ModelFormatError } from '../models/format';
import { CREATED_BY, type CliIo, Progress } from './context';
import type { DataSource } from './data';
import { readModelFile, writeModelFile } from './modelIo';
import { trainTeacher } from './trainTeacher';

export interface TeacherChoice {
  spec: DenoiserSpec;
  weights: Float32Array;
  metadata: ModelMetadata;
  /** 'shipped:<set>', a file path, or 'trained' */
  source: string;
}

export interface TeacherRequest {
  be: Backend;
  io: CliIo;
  config: RunConfig;
  src: DataSource;
  /** the training pool (same data seed and embedding as the race) */
  train: DataPool;
  dataSeed: number;
  file?: string;
  saveTo?: string;
}

function checkFits(m: { spec: DenoiserSpec; metadata: ModelMetadata }, r: TeacherRequest, where: string): void {
  if (m.spec.dim !== r.train.dim) throw new ModelFormatError(`${where}: the teacher is ${m.spec.dim}-D but the data is ${r.train.dim}-D`);
  if (m.metadata.dataset !== r.src.dataset) throw new ModelFormatError(`${where}: the teacher was trained on '${m.metadata.dataset}', not '${r.src.dataset}'`);
  if (r.src.dataset === 'mnist' && !m.spec.unet) throw new ModelFormatError(`${where}: an MNIST teacher must be a U-Net denoiser`);
  if (r.src.dataset !== 'mnist' && r.train.dim > 2 && m.metadata.dataSeed !== r.dataSeed) {
    throw new ModelFormatError(`${where}: the teacher's embedding was drawn with data seed ${m.metadata.dataSeed ?? '(unknown)'}, this run uses ${r.dataSeed} (pass --data-seed ${m.metadata.dataSeed ?? 0})`);
  }
}

export async function chooseTeacher(r: TeacherRequest): Promise<TeacherChoice> {
  if (r.file) {
    const m = readModelFile(r.file, '--teacher');
    if (m.kind !== 'denoiser') throw new ModelFormatError(`--teacher ${r.file}: a ${m.kind}, not a denoiser`);
    checkFits(m, r, `--teacher ${r.file}`);
    return { spec: m.spec, weights: m.weights, metadata: m.metadata, source: r.file };
  }
  if (isShippedSet(r.src.dataset) && (r.train.dim === 2 || r.src.dataset === 'mnist')) {
    const m = await loadShippedTeacher(r.src.dataset);
    checkFits(m, r, `shipped teacher ${r.src.dataset}`);
    return { spec: m.spec, weights: m.weights, metadata: m.metadata, source: `shipped:${r.src.dataset}` };
  }
  const c = r.config.teacher;
  r.io.err(`notice: no shipped teacher for ${r.train.label}; training one here (${c.steps} steps, width ${c.width}, depth ${c.depth}; see --teacher-*)\n`);
  const t = await trainTeacher(r.be, r.train, { ...c, seed: r.dataSeed }, new Progress(r.io));
  const metadata: ModelMetadata = {
    dataset: r.src.dataset, sigmaData: r.train.sigmaData, seed: r.dataSeed, dataSeed: r.dataSeed, trainingSteps: c.steps, embedDim: r.train.dim,
    createdBy: `${CREATED_BY} distill`, batch: c.batch, lr: c.lr, emaDecay: c.emaDecay, pool: r.train.n, finalLoss: Number(t.finalLoss.toPrecision(6)),
  };
  if (r.saveTo) writeModelFile(r.saveTo, { kind: 'denoiser', spec: t.spec, metadata, weights: t.weights }, 'f32');
  return { spec: t.spec, weights: t.weights, metadata, source: r.saveTo ?? 'trained' };
}
