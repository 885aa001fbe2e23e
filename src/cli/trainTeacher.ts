/** Teacher training for the CLI: TeacherTrainer on a data pool, in chunks, with progress. */
import type { DataPool } from '../data';
import type { Backend } from '../engine/backend';
import { default2dSpec, type DenoiserSpec } from '../diffusion/denoiser';
import { TeacherTrainer } from '../diffusion/teacher';
import type { Progress } from './context';

export interface TeacherTrainOptions {
  width: number;
  depth: number;
  steps: number;
  batch: number;
  lr: number;
  emaDecay: number;
  seed: number;
  /** start from these weights (params and EMA) instead of a fresh initialisation */
  init?: Float32Array;
}

export interface TrainedTeacher {
  spec: DenoiserSpec;
  /** EMA weights: "the teacher" */
  weights: Float32Array;
  /** mean DSM loss over the last chunk of steps */
  finalLoss: number;
  /** loss means per chunk, [step, loss] */
  losses: [number, number][];
  seconds: number;
}

export class TrainingDiverged extends Error {
  override name = 'TrainingDiverged';
}

const CHUNK = 50;

export async function trainTeacher(be: Backend, data: DataPool, o: TeacherTrainOptions, progress?: Progress): Promise<TrainedTeacher> {
  const spec = default2dSpec(data.sigmaData, data.dim, o.width, o.depth);
  const tr = new TeacherTrainer(be, spec, data.pool, { batch: o.batch, lr: o.lr, emaDecay: o.emaDecay, seed: o.seed });
  if (o.init) {
    if (o.init.length !== tr.params.size) throw new Error(`--init: the model has ${o.init.length} weights, this architecture needs ${tr.params.size}`);
    be.write(tr.params.buf, o.init);
    be.write(tr.ema.buf, o.init);
  }
  const losses: [number, number][] = [];
  const t0 = performance.now();
  try {
    for (let s = 0; s < o.steps; ) {
      const k = Math.min(CHUNK, o.steps - s);
      tr.step(k);
      s += k;
      const l = await tr.recentLosses(k);
      let m = 0;
      for (const v of l) m += v;
      m /= l.length;
      if (!Number.isFinite(m)) throw new TrainingDiverged(`teacher training diverged: the loss is not finite by step ${s}`);
      losses.push([s, m]);
      progress?.update(`training the teacher: step ${s}/${o.steps}, loss ${m.toFixed(4)}`, s / o.steps);
    }
    const weights = await tr.ema.read();
    progress?.done();
    return { spec, weights, finalLoss: losses[losses.length - 1]?.[1] ?? NaN, losses, seconds: (performance.now() - t0) / 1000 };
  } finally {
    tr.destroy();
  }
}
