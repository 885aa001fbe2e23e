/**
 * `--data` for the CLI: a toy set name, `mnist` (distill and compare: the shipped digits and
 * teacher), or a .csv / .json file of 2-D points (the "points" data set, parsed and
 * normalised by src/data/points.ts).
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { TOY_SETS, type DatasetName } from '../config/schema';
import { DataError, makeDataPool, MAX_TEXT_CHARS, parsePoints, type DataPool, type PointSet } from '../data';
import { mnistDataPools, poolPrefix } from '../data/mnistPool';
import { getStr, optStr, type ParsedFlags, UsageError } from './args';

export interface DataSource {
  dataset: DatasetName;
  points?: PointSet;
  /** the --data argument as given */
  arg: string;
}

/** The data argument: --data, or its alias --dataset. */
export function dataArg(f: ParsedFlags): string {
  const a = optStr(f, 'data') ?? optStr(f, 'dataset');
  if (a === undefined) throw new UsageError('--data is required (a toy set name, mnist, or a file of points)');
  if (f.given.has('data') && f.given.has('dataset') && getStr(f, 'data') !== getStr(f, 'dataset')) throw new UsageError('--data and --dataset disagree (give one)');
  return a;
}

/** `opts.mnist`: the command handles MNIST (distill, compare); the others refuse it by name. */
export function resolveData(arg: string, opts: { mnist?: boolean; command?: string } = {}): DataSource {
  if ((TOY_SETS as readonly string[]).includes(arg)) return { dataset: arg as DatasetName, arg };
  if (arg === 'mnist') {
    if (opts.mnist) return { dataset: 'mnist', arg };
    throw new UsageError(`--data mnist: ${opts.command ? `\`${opts.command}\`` : 'this command'} works on the 2-D sets only (MNIST runs with distill and compare)`);
  }
  const looksFile = /\.(csv|json|txt)$/i.test(arg) || arg.includes('/');
  if (!looksFile && !existsSync(arg)) throw new UsageError(`--data: unknown data set '${arg}' (choose one of ${TOY_SETS.join(', ')}, or give a .csv/.json file of points)`);
  if (!existsSync(arg)) throw new UsageError(`--data: the file ${arg} does not exist`);
  const size = statSync(arg).size;
  if (size > MAX_TEXT_CHARS) throw new UsageError(`--data: ${arg} is ${(size / 1e6).toFixed(1)} MB; the limit is ${MAX_TEXT_CHARS / 1024 / 1024} MB`);
  try {
    return { dataset: 'points', points: parsePoints(readFileSync(arg, 'utf8')), arg };
  } catch (e) {
    if (e instanceof DataError) throw new UsageError(`--data ${arg}: ${e.message}`);
    throw e;
  }
}

export function pool(src: DataSource, embedDim: number, seed: number, n: number, split: 'train' | 'heldout' | number): DataPool {
  try {
    return makeDataPool({ dataset: src.dataset, embedDim, seed, n, split, ...(src.points ? { points: src.points } : {}) });
  } catch (e) {
    if (e instanceof DataError) throw new UsageError(`--data ${src.arg}: ${e.message}`);
    throw e;
  }
}

/** Train and held-out pools of a race: MNIST from its asset (the first `heldoutN` held-out digits), else drawn. */
export async function racePools(src: DataSource, embedDim: number, seed: number, trainN: number, heldoutN: number): Promise<{ train: DataPool; heldout: DataPool }> {
  if (src.dataset === 'mnist') {
    const m = await mnistDataPools();
    return { train: m.data, heldout: poolPrefix(m.heldout, heldoutN) };
  }
  return { train: pool(src, embedDim, seed, trainN, 'train'), heldout: pool(src, embedDim, seed, heldoutN, 'heldout') };
}

/** Rng stream of the independent data draw that measures the data-vs-data floor. */
export const FLOOR_STREAM = 0xda7a2;

export function modesOf(p: DataPool): { centres: Float32Array; radius: number; project?: (x: Float32Array) => Float32Array } | undefined {
  return p.modes && p.modeRadius ? { centres: p.modes, radius: p.modeRadius, project: p.project } : undefined;
}
