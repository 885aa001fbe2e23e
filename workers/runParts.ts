/**
 * The pieces of a run the trainer holds, built from settings or from a saved run: data
 * pools, the race inputs, the PathInfo the page draws, and the capture of a SavedRun.
 * Building never touches the trainer: a refused saved run leaves the current run as it was.
 */
import type { MethodId, RunConfig } from '../src/config/schema';
import { makeDataPool, type DataPool } from '../src/data';
import { MNIST_DIM } from '../src/data/mnist';
import { mnistDataPools } from '../src/data/mnistPool';
import { mnistRefSizes } from '../src/distill/refSizes';
import type { Backend } from '../src/engine/backend';
import type { DenoiserSpec } from '../src/diffusion/denoiser';
import type { Race } from '../src/distill/race';
import { captureRaceState, restoreRace } from '../src/distill/raceState';
import type { SavedRun } from '../src/distill/savedRun';
import { MAX_HISTORY } from '../src/distill/savedRunCheck';
import type { EvalPoint } from '../src/distill/types';
import type { PathInfo } from './api';
import { densityGrid, extentOf } from './views';

export interface Pools {
  data: DataPool;
  heldout: DataPool;
}

/** The train and held-out pools of a 2-D run (throws DataError on bad points, before anything changes). */
export function dataPools(c: RunConfig, points?: Float32Array): Pools {
  const p = points ? { points } : {};
  return {
    data: makeDataPool({ dataset: c.dataset, embedDim: c.embedDim, seed: c.seed, n: 20000, split: 'train', ...p }),
    heldout: makeDataPool({ dataset: c.dataset, embedDim: c.embedDim, seed: c.seed, n: 2000, split: 'heldout', ...p }),
  };
}

/**
 * MNIST pools from the shipped asset (public/data/mnist.bin), loaded once per worker and
 * shared by every run: train = the 8,000 training digits, held-out = the 2,000 held-out
 * digits (the FD reference), [n, 784] in [-1, 1], sigma_data 0.5.
 */
export const mnistPools = (): Promise<Pools> => mnistDataPools();

/** The pools of any run: MNIST from its asset (async), the 2-D sets drawn here. */
export async function loadPools(c: RunConfig, points?: Float32Array): Promise<Pools> {
  return c.dataset === 'mnist' ? mnistPools() : dataPools(c, points);
}

/** The parts of the race inputs that come from the data and the backend (MNIST: mnistRefSizes). */
export function raceExtras(be: Backend, c: RunConfig, pools: Pools) {
  const d = pools.data;
  if (c.dataset === 'mnist') {
    return { heldout: pools.heldout.pool, modes: undefined, ...mnistRefSizes(be, c.evalSamples) };
  }
  return {
    heldout: pools.heldout.pool,
    modes: d.modes && d.modeRadius ? { centres: d.modes, radius: d.modeRadius, project: d.project } : undefined,
    refSamples: Math.min(2000, Math.max(512, 2 * c.evalSamples)),
    refSteps: be.kind === 'cpu' ? 12 : 18,
  };
}

/** Rows of 784-D sets sent to the page in PathInfo (an 8x8 grid per set). */
export const MNIST_GRID_ROWS = 64;

/** What the page draws of the recorded path (data plane; MNIST: 64 images per set, no density). */
export function pathInfoOf(race: Race, pools: Pools): PathInfo {
  const summary0 = race.pathSummary!;
  if (pools.data.dim === MNIST_DIM) {
    const rows = (x: Float32Array) => x.slice(0, Math.min(x.length, MNIST_GRID_ROWS * MNIST_DIM));
    return {
      steps: summary0.steps,
      samples: summary0.samples.map(rows),
      distance: summary0.distance,
      data: rows(pools.heldout.pool),
      g0: rows(race.g0Samples!),
      stage1Seconds: summary0.stage1Seconds,
      stage1Passes: summary0.stage1Passes,
    };
  }
  const proj = (x: Float32Array) => (pools.data.project ? pools.data.project(x) : x);
  const summary = race.pathSummary!;
  const dataXY = proj(pools.heldout.pool);
  const teacherXY = proj(race.teacherSamples!);
  const ext = extentOf(dataXY);
  return {
    steps: summary.steps,
    samples: summary.samples.map(proj),
    distance: summary.distance,
    data: dataXY,
    g0: proj(race.g0Samples!),
    density: { res: 96, extent: ext, values: densityGrid(teacherXY, 96, ext) },
    stage1Seconds: summary.stage1Seconds,
    stage1Passes: summary.stage1Passes,
  };
}

/** Append an evaluation point to a method's history, thinning old points beyond the cap. */
export function record(history: Map<MethodId, EvalPoint[]>, method: MethodId, p: EvalPoint): void {
  let h = history.get(method);
  if (!h) history.set(method, (h = []));
  h.push(p);
  if (h.length > MAX_HISTORY) history.set(method, h.filter((_, i) => i % 2 === 1 || i === h!.length - 1));
}

export async function captureRun(race: Race, points: Float32Array | undefined, teacherMode: 'pretrained' | 'train', history: Map<MethodId, EvalPoint[]>): Promise<SavedRun> {
  const h: SavedRun['history'] = {};
  for (const [m, pts] of history) h[m] = pts.map((p) => ({ ...p, trajectory: [...p.trajectory], ...(p.classHist ? { classHist: [...p.classHist] } : {}) }));
  return { savedAt: Date.now(), points: points ? points.slice() : null, teacherMode, history: h, race: await captureRaceState(race) };
}

export interface RebuiltRun extends Pools {
  config: RunConfig;
  points: Float32Array | undefined;
  spec: DenoiserSpec;
  teacherWeights: Float32Array;
  race: Race;
  history: Map<MethodId, EvalPoint[]>;
}

/**
 * A saved run as a live one on `be`. Throws (allocating nothing) if it does not fit. A saved
 * MNIST run holds no digits: its pools come from the asset again.
 */
export async function rebuildRun(be: Backend, saved: SavedRun): Promise<RebuiltRun> {
  const c = saved.race.config;
  const points = saved.points ?? undefined;
  const pools = await loadPools(c, points);
  if (pools.data.dim !== saved.race.spec.dim) throw new Error(`the saved model works in ${saved.race.spec.dim} dimensions, the data in ${pools.data.dim}`);
  const race = restoreRace({ be, ...raceExtras(be, c, pools) }, structuredClone(saved.race));
  const history = new Map<MethodId, EvalPoint[]>();
  for (const [m, pts] of Object.entries(saved.history)) history.set(m as MethodId, pts.map((p) => ({ ...p, trajectory: [...p.trajectory], ...(p.classHist ? { classHist: [...p.classHist] } : {}) })));
  return { ...pools, config: c, points, spec: saved.race.spec, teacherWeights: saved.race.teacher, race, history };
}
