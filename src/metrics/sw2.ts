/**
 * Sliced Wasserstein-2 distance.
 *
 *   SW2(a, b) = sqrt( (1/K) sum_k W2^2(<a, u_k>, <b, u_k>) )
 *
 * - the DISTANCE (not its square) is returned;
 * - u_k: K (default 128) unit directions, each a normalised N(0, I_dim) draw from
 *   Rng(seed, SW2_STREAM) (default seed 0), so the projections are fixed by the seed and
 *   identical across calls; for dim = 1 the only direction is +1 and SW2 = W2 exactly;
 * - W2^2 between the two 1-D empirical measures is exact: the integral over t in (0, 1) of
 *   (F_a^-1(t) - F_b^-1(t))^2 with the step quantile functions of the sorted projections.
 *   For equal sizes that is mean_i (a_(i) - b_(i))^2; for unequal sizes the breakpoints
 *   i/n and j/m are merged (no resampling, no interpolation error).
 * Returns NaN when either set holds a non-finite value.
 */
import { Rng } from '../engine/philox';
import { checkPair } from './common';

export const SW2_STREAM = 0x5a2;
export const DEFAULT_PROJECTIONS = 128;

export interface Sw2Options {
  /** number of random directions (default 128) */
  projections?: number;
  /** seed of the directions (default 0) */
  seed?: number;
  /** explicit directions [K, dim] (unit rows); overrides projections/seed */
  dirs?: Float32Array;
}

const cache = new Map<string, Float32Array>();

/** K unit directions in R^dim, [K, dim] row-major, fixed by (dim, K, seed). Memoised. */
export function makeProjections(dim: number, k = DEFAULT_PROJECTIONS, seed = 0): Float32Array {
  const key = `${dim}:${k}:${seed}`;
  const hit = cache.get(key);
  if (hit) return hit;
  if (!(Number.isInteger(k) && k >= 1)) throw new RangeError(`sw2: projections must be a positive integer, got ${k}`);
  const out = new Float32Array(k * dim);
  if (dim === 1) out.fill(1);
  else {
    const rng = new Rng(seed, SW2_STREAM);
    for (let r = 0; r < k; r++) {
      let g: Float32Array, nrm: number;
      do {
        g = rng.normal(dim);
        nrm = 0;
        for (let i = 0; i < dim; i++) nrm += g[i] * g[i];
        nrm = Math.sqrt(nrm);
      } while (nrm < 1e-12);
      for (let i = 0; i < dim; i++) out[r * dim + i] = g[i] / nrm;
    }
  }
  if (cache.size > 64) cache.clear();
  cache.set(key, out);
  return out;
}

/** Exact W2^2 between two 1-D empirical measures given as SORTED arrays. */
export function w2sq1dSorted(xa: Float32Array, xb: Float32Array): number {
  const na = xa.length, nb = xb.length;
  let acc = 0;
  if (na === nb) {
    for (let i = 0; i < na; i++) {
      const d = xa[i] - xb[i];
      acc += d * d;
    }
    return acc / na;
  }
  // positions in units of 1/(na*nb): a's i-th step ends at (i+1)*nb, b's j-th at (j+1)*na
  let i = 0, j = 0, t = 0;
  while (i < na && j < nb) {
    const ea = (i + 1) * nb, eb = (j + 1) * na;
    const e = ea < eb ? ea : eb;
    const d = xa[i] - xb[j];
    acc += (e - t) * d * d;
    t = e;
    if (ea === e) i++;
    if (eb === e) j++;
  }
  return acc / (na * nb);
}

function projectInto(x: Float32Array, n: number, dim: number, dirs: Float32Array, k: number, out: Float32Array): void {
  const o = k * dim;
  if (dim === 2) {
    const u0 = dirs[o], u1 = dirs[o + 1];
    for (let i = 0; i < n; i++) out[i] = x[2 * i] * u0 + x[2 * i + 1] * u1;
    return;
  }
  for (let i = 0; i < n; i++) {
    let s = 0;
    const r = i * dim;
    for (let j = 0; j < dim; j++) s += x[r + j] * dirs[o + j];
    out[i] = s;
  }
}

/** Sliced Wasserstein-2 distance between a [n, dim] and b [m, dim]. */
export function sw2(a: Float32Array, b: Float32Array, dim: number, opts: Sw2Options = {}): number {
  if (!checkPair('sw2', a, b, dim)) return NaN;
  const dirs = opts.dirs ?? makeProjections(dim, dim === 1 ? 1 : opts.projections ?? DEFAULT_PROJECTIONS, opts.seed ?? 0);
  if (dirs.length === 0 || dirs.length % dim !== 0) throw new RangeError(`sw2: dirs must be [K, ${dim}]`);
  const K = dirs.length / dim;
  const na = a.length / dim, nb = b.length / dim;
  const pa = new Float32Array(na), pb = new Float32Array(nb);
  let sum = 0;
  for (let k = 0; k < K; k++) {
    projectInto(a, na, dim, dirs, k, pa);
    projectInto(b, nb, dim, dirs, k, pb);
    pa.sort();
    pb.sort();
    sum += w2sq1dSorted(pa, pb);
  }
  return Math.sqrt(sum / K);
}
