/**
 * Data facade for the trainer: one call builds a pool of `n` rows from a run's data settings.
 *
 *   const train = makeDataPool({ dataset, embedDim, seed, n: 65536 });                    // split 'train'
 *   const held  = makeDataPool({ dataset, embedDim, seed, n: 2048, split: 'heldout' });
 *
 * The split selects the Rng stream (DATA_STREAMS), so the train and held-out pools are
 * independent draws; the embedding map Q depends on the seed only, so both pools live in the
 * same R^d. MNIST has its own loader and is refused here.
 */
import type { DatasetName } from '../config/schema';
import { Rng } from '../engine/philox';
import { DEFAULT_EMBED_NOISE, embed, embeddedSigmaData, makeEmbedding, project, type Embedding } from './embed';
import { DataError } from './errors';
import { parsePoints, pointsSigmaData, samplePoints, type PointSet, type PointsInput } from './points';
import { isToyName, sampleToy, TOY_INFO } from './toy2d';

export { DataError } from './errors';
export { TOY_INFO, sampleToy, toyNormalisation, type ToyInfo } from './toy2d';
export { makeEmbedding, embed, project, embeddedSigmaData, DEFAULT_EMBED_NOISE, type Embedding } from './embed';
export { parsePoints, samplePoints, normalise, MAX_POINTS, MIN_POINTS, MAX_TEXT_CHARS, type PointSet, type PointsInput } from './points';

/** Rng streams of the data draws (seed = the run seed). */
export const DATA_STREAMS = { train: 0xda7a0, heldout: 0xda7a1 } as const;

export interface DataPoolArgs {
  dataset: DatasetName;
  /** ambient dimension: 2 (default) for the plain set, 3..4096 embeds it (the UI offers 16..64) */
  embedDim?: number;
  seed: number;
  /** rows in the pool */
  n: number;
  /** 'train' (default), 'heldout', or an explicit stream number */
  split?: 'train' | 'heldout' | number;
  /** the user's points (dataset 'points'): raw input or an already parsed PointSet */
  points?: PointSet | PointsInput;
  /** std of the isotropic noise of the embedded toy (default 0.01) */
  embedNoise?: number;
  /** std of the gaussian jitter added to resampled user points (default 0), normalised units */
  jitter?: number;
}

export interface DataPool {
  /** [n, dim] row-major */
  pool: Float32Array;
  dim: number;
  n: number;
  /** EDM sigma_data of the pool's distribution: pooled per-element std */
  sigmaData: number;
  label: string;
  /** [k, 2] mode centres in the data plane (mixture sets); compare against project(x) when dim > 2 */
  modes?: Float32Array;
  modeRadius?: number;
  /** [m, dim] -> [m, 2] in the data plane; present only when dim > 2 */
  project?: (x: Float32Array) => Float32Array;
  embedding?: Embedding;
}

function isPointSet(p: unknown): p is PointSet {
  return typeof p === 'object' && p !== null && (p as PointSet).points instanceof Float32Array && typeof (p as PointSet).n === 'number';
}

export function makeDataPool(args: DataPoolArgs): DataPool {
  const { dataset, seed, n } = args;
  const dim = args.embedDim ?? 2;
  if (!(Number.isInteger(n) && n >= 1)) throw new RangeError(`makeDataPool: n must be a positive integer, got ${n}`);
  const split = args.split ?? 'train';
  const stream = typeof split === 'number' ? split : DATA_STREAMS[split];
  const rng = new Rng(seed, stream);

  let xy: Float32Array, sigma2d: number, label: string;
  let modes: Float32Array | undefined, modeRadius: number | undefined;
  if (dataset === 'points') {
    if (args.points === undefined) throw new DataError('The "points" data set needs points: upload a CSV or JSON file first.');
    const set = isPointSet(args.points) ? args.points : parsePoints(args.points);
    const jitter = args.jitter ?? 0;
    xy = samplePoints(set, n, rng, jitter);
    sigma2d = pointsSigmaData(set, jitter);
    label = `Your points (${set.n.toLocaleString('en-US')})`;
  } else if (isToyName(dataset)) {
    const info = TOY_INFO[dataset];
    xy = sampleToy(dataset, n, rng);
    sigma2d = info.sigmaData;
    label = info.label;
    modes = info.modes;
    modeRadius = info.modeRadius;
  } else {
    throw new DataError(`'${dataset}' is not a 2-D data set; MNIST has its own loader.`);
  }

  if (dim === 2) return { pool: xy, dim, n, sigmaData: sigma2d, label, modes, modeRadius };
  const noise = args.embedNoise ?? DEFAULT_EMBED_NOISE;
  const emb = makeEmbedding(dim, seed);
  return {
    pool: embed(xy, emb, rng, noise),
    dim,
    n,
    sigmaData: embeddedSigmaData(sigma2d, dim, noise),
    label: `${label} in R^${dim}`,
    modes,
    modeRadius,
    project: (x) => project(x, emb),
    embedding: emb,
  };
}
