/**
 * The embedded toy: a 2-D set placed in R^d by a fixed random orthonormal map Q (d x 2),
 *   y = Q x + noiseStd * eps,  eps ~ N(0, I_d),
 * and drawn back in the data plane by the orthogonal projection x = Q^T y (row form: x = y Q).
 * Q comes from Gram-Schmidt on a d x 2 standard normal matrix drawn from Rng(seed, EMBED_STREAM),
 * so it depends on the seed only, never on which pool (train, held-out) is being embedded.
 */
import { Rng } from '../engine/philox';

export const EMBED_STREAM = 0xe3bed;
/** Default std of the isotropic noise added in all d ambient dimensions. */
export const DEFAULT_EMBED_NOISE = 0.01;
export const MAX_EMBED_DIM = 4096;

export interface Embedding {
  d: number;
  /** [d, 2] row-major, orthonormal columns: Q^T Q = I_2 */
  Q: Float32Array;
}

export function makeEmbedding(d: number, seed: number): Embedding {
  if (!(Number.isInteger(d) && d >= 2 && d <= MAX_EMBED_DIM)) throw new RangeError(`embedding dimension must be an integer in [2, ${MAX_EMBED_DIM}], got ${d}`);
  const rng = new Rng(seed, EMBED_STREAM);
  for (;;) {
    const g = rng.normal(2 * d); // [d, 2]
    const c0 = new Float64Array(d), c1 = new Float64Array(d);
    for (let i = 0; i < d; i++) {
      c0[i] = g[2 * i];
      c1[i] = g[2 * i + 1];
    }
    const n0 = Math.hypot(...c0);
    if (n0 < 1e-6) continue; // astronomically unlikely: redraw (deterministically)
    for (let i = 0; i < d; i++) c0[i] /= n0;
    // two passes of Gram-Schmidt for full float64 orthogonality
    for (let pass = 0; pass < 2; pass++) {
      let dot = 0;
      for (let i = 0; i < d; i++) dot += c0[i] * c1[i];
      for (let i = 0; i < d; i++) c1[i] -= dot * c0[i];
    }
    const n1 = Math.hypot(...c1);
    if (n1 < 1e-6) continue;
    const Q = new Float32Array(2 * d);
    for (let i = 0; i < d; i++) {
      Q[2 * i] = c0[i];
      Q[2 * i + 1] = c1[i] / n1;
    }
    return { d, Q };
  }
}

/**
 * Embed [n, 2] points into [n, d]: y = Q x + noiseStd * eps. Draws n*d normals from `rng`
 * when noiseStd > 0 and nothing otherwise.
 */
export function embed(points2d: Float32Array, emb: Embedding, rng: Rng, noiseStd = DEFAULT_EMBED_NOISE): Float32Array {
  if (points2d.length % 2 !== 0) throw new RangeError('embed: points must be [n, 2]');
  if (!(noiseStd >= 0 && Number.isFinite(noiseStd))) throw new RangeError(`embed: noiseStd must be finite and >= 0, got ${noiseStd}`);
  const { d, Q } = emb;
  const n = points2d.length / 2;
  const out = noiseStd > 0 ? rng.normal(n * d, 0, noiseStd) : new Float32Array(n * d);
  for (let r = 0; r < n; r++) {
    const x0 = points2d[2 * r], x1 = points2d[2 * r + 1];
    const o = r * d;
    for (let i = 0; i < d; i++) out[o + i] += Q[2 * i] * x0 + Q[2 * i + 1] * x1;
  }
  return out;
}

/** Project [n, d] points back to the data plane: [n, 2] = y Q. */
export function project(pointsD: Float32Array, emb: Embedding): Float32Array {
  const { d, Q } = emb;
  if (pointsD.length % d !== 0) throw new RangeError(`project: points must be [n, ${d}]`);
  const n = pointsD.length / d;
  const out = new Float32Array(2 * n);
  for (let r = 0; r < n; r++) {
    let a = 0, b = 0;
    const o = r * d;
    for (let i = 0; i < d; i++) {
      const y = pointsD[o + i];
      a += y * Q[2 * i];
      b += y * Q[2 * i + 1];
    }
    out[2 * r] = a;
    out[2 * r + 1] = b;
  }
  return out;
}

/**
 * sigma_data of the embedded set: the pooled per-element std in R^d,
 *   sqrt((2 sigma2d^2 + d noiseStd^2) / d)
 * (the 2-D set has pooled std sigma2d and mean 0, so its total variance is 2 sigma2d^2).
 */
export function embeddedSigmaData(sigma2d: number, d: number, noiseStd = DEFAULT_EMBED_NOISE): number {
  return Math.sqrt((2 * sigma2d * sigma2d + d * noiseStd * noiseStd) / d);
}
