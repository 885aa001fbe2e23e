/**
 * The "points" data set: a user-supplied 2-D point cloud.
 *
 * Accepted input: an interleaved Float32Array/Float64Array [x0, y0, x1, y1, ...], CSV text,
 * JSON text, or an already parsed JSON value (see parseCsv / parseJson in pointsParse.ts).
 * Limits (refused, never silently truncated or subsampled, with a message naming the limit):
 *   - at least MIN_POINTS (8) points, and not all identical;
 *   - at most MAX_POINTS (200,000) points; text longer than MAX_TEXT_CHARS (16 MB) is
 *     refused before any parsing, so a 10^7-point paste fails at once;
 *   - every coordinate finite (NaN, Infinity, JSON null, non-numbers are refused with the
 *     line / index of the first offender).
 * Normalisation: subtract the mean, divide by the pooled std s = sqrt((Var x + Var y) / 2)
 * (isotropic, so the shape is kept, the same rule as the toy sets), computed in float64 after
 * scaling by the largest |coordinate| so that coordinates up to 1e308 cannot overflow.
 * The normalised set has pooled std 1: sigmaData = 1. A set whose spread is below
 * 1e-12 of its magnitude is refused as degenerate (float64 rounding would dominate it).
 */
import type { Rng } from '../engine/philox';
import { DataError } from './errors';
import { parseCsv, parseJson } from './pointsParse';
import { randIndex } from './rng';

export { DataError };
export const MIN_POINTS = 8;
export const MAX_POINTS = 200_000;
export const MAX_TEXT_CHARS = 16 * 1024 * 1024;

export interface PointSet {
  /** normalised points, [n, 2] row-major */
  points: Float32Array;
  n: number;
  /** pooled std of `points` (1 up to float32 rounding) */
  sigmaData: number;
  /** original = normalised * std + mean */
  normalisation: { mean: [number, number]; std: number };
}

export type PointsInput = Float32Array | Float64Array | string | unknown[];

function checkCount(n: number): void {
  if (n === 0) throw new DataError('No points: the data set is empty.');
  if (n > MAX_POINTS)
    throw new DataError(`Too many points: ${n.toLocaleString('en-US')} given, the limit is ${MAX_POINTS.toLocaleString('en-US')}. Subsample the data first.`);
  if (n < MIN_POINTS) throw new DataError(`Too few points: ${n} given, at least ${MIN_POINTS} are needed.`);
}

/** Parse and normalise user points. Throws DataError with a readable message on bad input. */
export function parsePoints(input: PointsInput): PointSet {
  let xy: Float64Array | Float32Array;
  if (input instanceof Float32Array || input instanceof Float64Array) {
    if (input.length % 2 !== 0) throw new DataError(`Interleaved coordinates must come in (x, y) pairs; got an odd length ${input.length}.`);
    checkCount(input.length / 2);
    for (let i = 0; i < input.length; i++) {
      if (!Number.isFinite(input[i]))
        throw new DataError(`Point ${Math.floor(i / 2) + 1} has ${Number.isNaN(input[i]) ? 'a NaN' : 'an infinite'} ${i % 2 ? 'y' : 'x'} coordinate.`);
    }
    xy = input;
  } else if (typeof input === 'string') {
    if (input.length > MAX_TEXT_CHARS)
      throw new DataError(`The text is too long (${(input.length / 1e6).toFixed(1)} MB; the limit is ${MAX_TEXT_CHARS / 1024 / 1024} MB, about ${MAX_POINTS.toLocaleString('en-US')} points).`);
    const t = input.trimStart();
    if (t.length === 0) throw new DataError('No points: the text is empty.');
    xy = t[0] === '[' || t[0] === '{' ? parseJson(t, MAX_POINTS) : parseCsv(t, MAX_POINTS);
    checkCount(xy.length / 2);
  } else if (Array.isArray(input)) {
    xy = parseJson(input, MAX_POINTS);
    checkCount(xy.length / 2);
  } else {
    throw new DataError('Unsupported points input: give a Float32Array, CSV text, or JSON (an array of [x, y] or {x, y}).');
  }
  return normalise(xy);
}

/** Subtract the mean and divide by the pooled std, in float64, overflow-safe. */
export function normalise(xy: Float32Array | Float64Array): PointSet {
  const n = xy.length / 2;
  let amax = 0;
  for (let i = 0; i < xy.length; i++) amax = Math.max(amax, Math.abs(xy[i]));
  if (amax === 0) throw new DataError('All points are at the origin: the set has zero variance.');
  const sc = 1 / amax; // scaled coordinates lie in [-1, 1]
  let mx = 0, my = 0;
  for (let i = 0; i < n; i++) {
    mx += xy[2 * i] * sc;
    my += xy[2 * i + 1] * sc;
  }
  mx /= n;
  my /= n;
  let ss = 0;
  for (let i = 0; i < n; i++) {
    const dx = xy[2 * i] * sc - mx, dy = xy[2 * i + 1] * sc - my;
    ss += dx * dx + dy * dy;
  }
  const sdScaled = Math.sqrt(ss / (2 * n));
  if (!(sdScaled > 1e-12))
    throw new DataError(
      sdScaled === 0
        ? 'All points are identical: the set has zero variance (at least two distinct points are needed).'
        : 'The points are (numerically) all the same: their spread is below 1e-12 of their magnitude.',
    );
  const inv = 1 / sdScaled;
  const points = new Float32Array(2 * n);
  let s2 = 0;
  for (let i = 0; i < n; i++) {
    const a = (xy[2 * i] * sc - mx) * inv, b = (xy[2 * i + 1] * sc - my) * inv;
    points[2 * i] = a;
    points[2 * i + 1] = b;
    s2 += points[2 * i] ** 2 + points[2 * i + 1] ** 2;
  }
  return { points, n, sigmaData: Math.sqrt(s2 / (2 * n)), normalisation: { mean: [mx * amax, my * amax], std: sdScaled * amax } };
}

/**
 * Draw `n` points from the set with replacement (indices from one 32-bit word each), plus
 * optional isotropic gaussian jitter of std `jitter` (in normalised units; 2n normals are
 * drawn only when jitter > 0). Returns [n, 2].
 */
export function samplePoints(set: PointSet, n: number, rng: Rng, jitter = 0): Float32Array {
  if (!(jitter >= 0 && Number.isFinite(jitter))) throw new RangeError(`samplePoints: jitter must be finite and >= 0, got ${jitter}`);
  const idx = randIndex(rng, n, set.n);
  const out = jitter > 0 ? rng.normal(2 * n, 0, jitter) : new Float32Array(2 * n);
  const p = set.points;
  for (let i = 0; i < n; i++) {
    out[2 * i] += p[2 * idx[i]];
    out[2 * i + 1] += p[2 * idx[i] + 1];
  }
  return out;
}

/** sigma_data of draws from samplePoints with this jitter. */
export function pointsSigmaData(set: PointSet, jitter = 0): number {
  return Math.sqrt(set.sigmaData ** 2 + jitter ** 2);
}
