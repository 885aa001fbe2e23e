/**
 * The run file written by `distill` and `compare`: one method's race against one teacher,
 * with the config, every metric series (columnar, one entry per evaluation), the
 * degradation path summary, the backtracking switches and the cost counters. NaN values
 * (e.g. the losses at step 0, before any step) are written as JSON null.
 */
import type { MethodId, RunConfig } from '../config/schema';
import type { EvalPoint } from '../distill/types';
import type { ModelMetadata } from '../models/format';

export const RUN_FORMAT = 'disback-run';
export const RUN_VERSION = 1;

export const SERIES_KEYS = [
  'step', 'passes', 'wall', 'lossG', 'lossFake', 'sw2Teacher', 'mmdTeacher', 'energyTeacher', 'sw2Data',
  'mismatchTarget', 'mismatchTeacher', 'sw2Target', 'target',
] as const;
export type SeriesKey = (typeof SERIES_KEYS)[number];

/** MNIST only: classifier FD to the held-out digits and to the teacher's samples, classes present, confident fraction. */
export const MNIST_SERIES_KEYS = ['fd', 'fdTeacher', 'classes', 'confident'] as const;
export type MnistSeriesKey = (typeof MNIST_SERIES_KEYS)[number];

/** For MNIST, sw2Teacher / mmdTeacher / energyTeacher / sw2Data are null (not computed) and trajectory / sw2Target are FDs. */
export type Series = Record<SeriesKey, number[]> & { trajectory: number[][]; modes?: number[]; classHist?: number[][] } & Partial<Record<MnistSeriesKey, number[]>>;

export interface PathInfo {
  /** stage-1 step of theta'_0..theta'_N */
  steps: number[];
  /** distance of theta'_0..theta'_N from the teacher */
  distance: number[];
  stage1Seconds: number;
  stage1Passes: number;
}

export interface RunFile {
  format: typeof RUN_FORMAT;
  version: typeof RUN_VERSION;
  createdBy: string;
  method: MethodId;
  seed: number;
  /** seed of the data draws (and of the embedding map when embedDim > 2) */
  dataSeed: number;
  data: { arg: string; dataset: string; label: string; dim: number; sigmaData: number; heldout: number; modes?: number };
  config: RunConfig;
  backend: { kind: string; adapter: string };
  teacher: { source: string; metadata: ModelMetadata };
  reference: { sampler: 'heun'; steps: number; samples: number };
  /** the race's degradation path (null when no method of the race needed one) */
  path: PathInfo | null;
  /** whether this method used the path (its costs include stage 1) */
  usesPath: boolean;
  switches: { step: number; node: number }[];
  diverged: { step: number; what: string } | null;
  series: Series;
  final: EvalPoint;
  cost: { generatorSteps: number; passes: number; seconds: number; stage1Passes: number; stage1Seconds: number; passesPerIteration: number };
}

export function toSeries(points: EvalPoint[]): Series {
  const s = Object.fromEntries(SERIES_KEYS.map((k) => [k, points.map((p) => p[k])])) as Record<SeriesKey, number[]>;
  const out: Series = { ...s, trajectory: points.map((p) => p.trajectory) };
  if (points.some((p) => p.modes !== undefined)) out.modes = points.map((p) => p.modes ?? NaN);
  for (const k of MNIST_SERIES_KEYS) if (points.some((p) => p[k] !== undefined)) out[k] = points.map((p) => p[k] ?? NaN);
  if (points.some((p) => p.classHist)) out.classHist = points.map((p) => p.classHist ?? []);
  return out;
}

/** Parse a run file written by this CLI (for compare's summaries and for tests). */
export function parseRunFile(text: string, where: string): RunFile {
  const v = JSON.parse(text) as Partial<RunFile>;
  if (v.format !== RUN_FORMAT || v.version !== RUN_VERSION || !v.series || !Array.isArray(v.series.step)) throw new Error(`${where}: not a ${RUN_FORMAT} v${RUN_VERSION} file`);
  for (const k of SERIES_KEYS) v.series[k] = (v.series[k] as (number | null)[]).map((x) => (x === null ? NaN : x));
  for (const k of MNIST_SERIES_KEYS) if (v.series[k]) v.series[k] = (v.series[k] as (number | null)[]).map((x) => (x === null ? NaN : x));
  v.series.trajectory = v.series.trajectory.map((row) => (row as (number | null)[]).map((x) => (x === null ? NaN : x)));
  return v as RunFile;
}
