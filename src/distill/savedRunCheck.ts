/**
 * Checks for a saved run read from a file or from IndexedDB, which are both untrusted: the
 * shape (zod, strict: no unknown keys), the config (the run schema's bounds), the sizes of
 * every array against the denoiser spec, and finite values where a healthy run has them
 * (weights of a racer that diverged may hold NaN; its loss rings always may).
 */
import { z } from '../config/zodSetup';
import { distillSchema, METHODS, parseRunConfig } from '../config/schema';
import { ACT } from '../engine/ops';
import { netOf } from '../diffusion/denoiser';
import { denoiserSpecSchema } from '../models/header';
import { MAX_POINTS } from '../data/points';
import { methodDef } from './methods';
import { RING } from './racer';
import type { SavedRun } from './savedRun';

export class RunFileError extends Error {
  override name = 'RunFileError';
}

/** Largest denoiser accepted (values per parameter set). */
export const MAX_PARAMS = 16 * 1024 * 1024;
export const MAX_HISTORY = 20_000;
const MAX_ROWS = 65_536;

const f32 = z.instanceof(Float32Array);
const anyNumber = z.custom<number>((v) => typeof v === 'number', 'expected a number');
const count = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);
const real = z.number().finite();

const specSchema = z.strictObject({
  dim: z.number().int().min(1).max(4096),
  hidden: z.array(z.number().int().min(1).max(65536)).min(1).max(16),
  act: z.enum(Object.keys(ACT) as [keyof typeof ACT, ...(keyof typeof ACT)[]]),
  fourier: z.strictObject({ F: z.number().int().min(1).max(1024), fmin: real.positive(), fmax: real.positive() }),
  edm: z.strictObject({ sigmaData: real.positive(), sigmaMin: real.positive(), sigmaMax: real.positive(), pMean: real, pStd: real.positive(), rho: real.positive() }),
  /** MNIST: the U-Net (the model file's schema) */
  unet: denoiserSpecSchema.shape.unet,
});

const adamSchema = z.strictObject({ m: f32, v: f32, t: count });

const racerSchema = z.strictObject({
  method: z.enum(METHODS),
  lrG: distillSchema.shape.lrG.unwrap(),
  lrPhi: distillSchema.shape.lrPhi.unwrap(),
  eta: f32,
  phi: f32,
  adamG: adamSchema,
  adamPhi: adamSchema,
  rngCounter: count,
  schedule: z.strictObject({
    target: count,
    entryStep: count,
    entry: real.nullable(),
    smooth: real.nullable(),
    switches: z.array(z.strictObject({ step: count, node: count })).max(64),
  }),
  steps: count,
  passes: z.number().min(0),
  seconds: z.number().min(0),
  diverged: z.strictObject({ step: count, what: z.string().max(200) }).nullable(),
  lastTick: count,
  rings: z.strictObject({ lossG: f32, lossFake: f32, mismatch: f32 }),
});

const evalPointSchema = z.strictObject({
  step: count,
  passes: anyNumber,
  wall: anyNumber,
  lossG: anyNumber,
  lossFake: anyNumber,
  sw2Teacher: anyNumber,
  mmdTeacher: anyNumber,
  energyTeacher: anyNumber,
  sw2Data: anyNumber,
  mismatchTarget: anyNumber,
  mismatchTeacher: anyNumber,
  sw2Target: anyNumber,
  target: count,
  trajectory: z.array(anyNumber).max(64),
  modes: anyNumber.optional(),
  fd: anyNumber.optional(),
  fdTeacher: anyNumber.optional(),
  classHist: z.array(anyNumber).max(64).optional(),
  classes: anyNumber.optional(),
  confident: anyNumber.optional(),
});

const savedRunSchema = z.strictObject({
  savedAt: real,
  points: f32.nullable(),
  teacherMode: z.enum(['pretrained', 'train']),
  history: z.partialRecord(z.enum(METHODS), z.array(evalPointSchema).max(MAX_HISTORY)),
  race: z.strictObject({
    version: z.literal(1),
    config: z.unknown(),
    spec: specSchema,
    teacher: f32,
    refs: z.array(f32).min(1).max(65),
    g0Samples: f32,
    path: z
      .strictObject({ checkpoints: z.array(f32).min(1).max(32), steps: z.array(count).max(32), distances: z.array(anyNumber).max(33), passes: z.number().min(0), seconds: z.number().min(0) })
      .nullable(),
    racers: z.array(racerSchema).min(1).max(4),
  }),
});

function finite(what: string, a: Float32Array): void {
  for (let i = 0; i < a.length; i++) if (!Number.isFinite(a[i])) throw new RunFileError(`${what} holds a non-finite value at index ${i}`);
}

function size(what: string, a: Float32Array, n: number): void {
  if (a.length !== n) throw new RunFileError(`${what} has ${a.length} values, the model needs ${n}`);
}

/** Shape, bounds, counts and values of an untrusted saved run; returns it typed or throws RunFileError. */
export function checkSavedRun(input: unknown): SavedRun {
  const r = savedRunSchema.safeParse(input);
  if (!r.success) {
    const issues = r.error.issues.slice(0, 4).map((i) => `${i.path.join('.') || '(run)'}: ${i.message}`);
    throw new RunFileError(`the run does not have the expected shape: ${issues.join('; ')}${r.error.issues.length > 4 ? ` (and ${r.error.issues.length - 4} more)` : ''}`);
  }
  const run = r.data;
  const parsed = parseRunConfig(run.race.config);
  if (!parsed.ok) throw new RunFileError(`the run's settings are invalid: ${parsed.errors.slice(0, 4).join('; ')}`);
  const config = parsed.config;
  const { spec, racers } = run.race;
  if (spec.fourier.fmax < spec.fourier.fmin) throw new RunFileError('the spec has fmax < fmin');
  if (config.dataset !== 'mnist' && spec.dim !== config.embedDim) throw new RunFileError(`the spec's dimension ${spec.dim} does not match the settings' ${config.embedDim}`);
  if ((config.dataset === 'mnist') !== !!spec.unet || (spec.unet && spec.dim !== spec.unet.side * spec.unet.side * spec.unet.inCh)) {
    throw new RunFileError(config.dataset === 'mnist' ? "the MNIST run's model is not a 784-D U-Net" : 'a U-Net model belongs to an MNIST run');
  }
  let n: number;
  try {
    n = netOf(spec).paramSize;
  } catch (e) {
    throw new RunFileError(`the model's architecture is invalid: ${(e as Error).message}`);
  }
  if (n > MAX_PARAMS) throw new RunFileError(`the model has ${n} parameters; the limit is ${MAX_PARAMS}`);
  size('the teacher', run.race.teacher, n);
  finite('the teacher', run.race.teacher);

  const methods = racers.map((x) => x.method);
  if (methods.join() !== config.methods.join()) throw new RunFileError(`the saved methods (${methods.join(', ')}) differ from the settings' (${config.methods.join(', ')})`);
  const needsPath = config.methods.some((m) => methodDef(m, config.distill, config.disback).needsPath);
  const path = run.race.path;
  if (needsPath !== !!path) throw new RunFileError(needsPath ? 'the run needs a degradation path and has none' : 'the run has a degradation path it does not use');
  const nCk = path?.checkpoints.length ?? 0;
  if (path) {
    if (nCk > config.disback.nCheckpoints || path.steps.length !== nCk || path.distances.length !== nCk + 1) throw new RunFileError('the degradation path is inconsistent');
    path.checkpoints.forEach((c, i) => {
      size(`checkpoint ${i + 1}`, c, n);
      finite(`checkpoint ${i + 1}`, c);
    });
  }
  if (run.race.refs.length !== nCk + 1) throw new RunFileError(`the run has ${run.race.refs.length} reference sets, its path needs ${nCk + 1}`);
  for (const [i, s] of [...run.race.refs, run.race.g0Samples].entries()) {
    if (s.length === 0 || s.length % spec.dim !== 0 || s.length / spec.dim > MAX_ROWS) throw new RunFileError(`sample set ${i} has ${s.length} values: not a positive multiple of ${spec.dim} up to ${MAX_ROWS} rows`);
    finite(`sample set ${i}`, s);
  }

  for (const x of racers) {
    const w = x.method;
    for (const [k, a] of [['eta', x.eta], ['phi', x.phi], ['adamG.m', x.adamG.m], ['adamG.v', x.adamG.v], ['adamPhi.m', x.adamPhi.m], ['adamPhi.v', x.adamPhi.v]] as const) {
      size(`${w}.${k}`, a, n);
      if (!x.diverged) finite(`${w}.${k}`, a);
    }
    for (const [k, a] of Object.entries(x.rings)) size(`${w}.rings.${k}`, a, RING);
    if (x.steps > config.distill.steps) throw new RunFileError(`${w} is at step ${x.steps}, past the run's ${config.distill.steps}`);
    if (x.lastTick > x.steps) throw new RunFileError(`${w}'s last evaluation is after its step`);
    const def = methodDef(w, config.distill, config.disback);
    const nodes = def.needsPath ? nCk : 0;
    if (x.schedule.target > Math.max(nodes - 1, 0)) throw new RunFileError(`${w}'s target node ${x.schedule.target} is out of range`);
  }
  if (new Set(racers.map((x) => x.steps)).size > 1 && racers.every((x) => !x.diverged && x.steps < config.distill.steps)) {
    throw new RunFileError('the methods are at different steps');
  }

  for (const m of Object.keys(run.history)) {
    if (!config.methods.includes(m as never)) throw new RunFileError(`the history names a method (${m}) the run does not race`);
  }
  if (config.dataset === 'points') {
    const p = run.points;
    if (!p || p.length < 2 || p.length % 2 !== 0 || p.length > 2 * MAX_POINTS) throw new RunFileError(`the run's points are missing or malformed (pairs, at most ${MAX_POINTS})`);
    finite('the points', p);
  } else if (run.points) {
    throw new RunFileError('the run holds points but its data set is not "points"');
  }
  return { ...run, race: { ...run.race, config } } as SavedRun;
}
