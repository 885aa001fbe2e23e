/**
 * MNIST sample metrics (SPEC "Metrics"), all on the project classifier's outputs
 * (src/metrics/mnistClassifier.ts): the Frechet distance between Gaussians fitted to the
 * penultimate features, a KID estimate (unbiased MMD^2, cubic polynomial kernel, averaged
 * over random subsets), the class histogram and the fraction classified with confidence >= 0.9.
 */
import { Rng } from '../engine/philox';
import type { Classification } from './mnistClassifier';
import { jacobiEigen, matmulSq, sqrtmPsd } from './mnistLinalg';

export interface FeatureStats {
  n: number;
  dim: number;
  mean: Float64Array;
  /** unbiased covariance [dim * dim] */
  cov: Float64Array;
}

export function featureStats(features: ArrayLike<number>, dim: number): FeatureStats {
  const n = Math.floor(features.length / dim);
  if (n < 2) throw new Error('featureStats: need at least two feature vectors');
  const mean = new Float64Array(dim), cov = new Float64Array(dim * dim);
  for (let i = 0; i < n; i++) for (let a = 0; a < dim; a++) mean[a] += features[i * dim + a];
  for (let a = 0; a < dim; a++) mean[a] /= n;
  const c = new Float64Array(dim);
  for (let i = 0; i < n; i++) {
    for (let a = 0; a < dim; a++) c[a] = features[i * dim + a] - mean[a];
    for (let a = 0; a < dim; a++) {
      const ca = c[a];
      if (ca === 0) continue;
      for (let b = a; b < dim; b++) cov[a * dim + b] += ca * c[b];
    }
  }
  for (let a = 0; a < dim; a++) for (let b = a; b < dim; b++) cov[b * dim + a] = cov[a * dim + b] /= n - 1;
  return { n, dim, mean, cov };
}

/**
 * Frechet distance between N(mu1, S1) and N(mu2, S2):
 * ||mu1 - mu2||^2 + tr S1 + tr S2 - 2 tr (S1^(1/2) S2 S1^(1/2))^(1/2) (the symmetric form, so
 * only symmetric eigenproblems are needed).
 */
export function frechetDistance(s1: FeatureStats, s2: FeatureStats): number {
  const d = s1.dim;
  if (s2.dim !== d) throw new Error('frechetDistance: feature dimensions differ');
  let fd = 0;
  for (let a = 0; a < d; a++) fd += (s1.mean[a] - s2.mean[a]) ** 2;
  for (let a = 0; a < d; a++) fd += s1.cov[a * d + a] + s2.cov[a * d + a];
  const r = sqrtmPsd(s1.cov, d);
  const m = matmulSq(matmulSq(r, s2.cov, d), r, d);
  const ev = jacobiEigen(m, d).values;
  let tr = 0;
  for (const v of ev) tr += Math.sqrt(Math.max(v, 0));
  return Math.max(fd - 2 * tr, 0);
}

/** Root mean square of the feature values (a set's feature scale). */
export function featureRms(features: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < features.length; i++) s += features[i] * features[i];
  return Math.sqrt(s / Math.max(features.length, 1));
}

/**
 * KID: unbiased MMD^2 with k(x, y) = (x.y / (dim scale^2) + 1)^3 between random subsets of size
 * `subset` (default min(500, n1, n2)) of two feature sets, averaged over `subsets` draws.
 * `scale` (default 1) brings the features to unit size: the cubic kernel of raw ReLU features
 * of size ~10 is dominated by a few large products and its estimate by their variance.
 */
export function kid(f1: ArrayLike<number>, f2: ArrayLike<number>, dim: number, opts: { subset?: number; subsets?: number; seed?: number; scale?: number } = {}): { mean: number; std: number } {
  const n1 = Math.floor(f1.length / dim), n2 = Math.floor(f2.length / dim);
  const m = Math.min(opts.subset ?? 500, n1, n2);
  if (m < 2) throw new Error('kid: need at least two feature vectors in each set');
  const S = opts.subsets ?? 10;
  const inv = 1 / (dim * (opts.scale ?? 1) ** 2);
  const rng = new Rng(opts.seed ?? 0, 0x41d);
  const k = (A: ArrayLike<number>, i: number, B: ArrayLike<number>, j: number) => {
    let s = 0;
    for (let a = 0; a < dim; a++) s += A[i * dim + a] * B[j * dim + a];
    return (s * inv + 1) ** 3;
  };
  const pick = (n: number) => {
    const keys = rng.uniform(n);
    return Array.from({ length: n }, (_, i) => i).sort((a, b) => keys[a] - keys[b]).slice(0, m);
  };
  const vals: number[] = [];
  for (let s = 0; s < S; s++) {
    const I = pick(n1), J = pick(n2);
    let kxx = 0, kyy = 0, kxy = 0;
    for (let a = 0; a < m; a++) {
      for (let b = a + 1; b < m; b++) {
        kxx += k(f1, I[a], f1, I[b]);
        kyy += k(f2, J[a], f2, J[b]);
      }
      for (let b = 0; b < m; b++) kxy += k(f1, I[a], f2, J[b]);
    }
    vals.push((2 * kxx) / (m * (m - 1)) + (2 * kyy) / (m * (m - 1)) - (2 * kxy) / (m * m));
  }
  const mean = vals.reduce((a, v) => a + v, 0) / S;
  const std = Math.sqrt(vals.reduce((a, v) => a + (v - mean) ** 2, 0) / Math.max(S - 1, 1));
  return { mean, std };
}

/** Fraction of images per predicted class. */
export function classHistogram(c: Pick<Classification, 'labels' | 'classes'>): number[] {
  const h = new Array<number>(c.classes).fill(0);
  for (const l of c.labels) h[l]++;
  return h.map((v) => v / Math.max(c.labels.length, 1));
}

/** Classes holding at least 1 % of the images (a class histogram of fractions). */
export function classesPresent(histogram: readonly number[]): number {
  return histogram.filter((v) => v >= 0.01).length;
}

/** Fraction of images whose top class probability is >= threshold (default 0.9). */
export function confidentFraction(c: Pick<Classification, 'probs' | 'classes'>, threshold = 0.9): number {
  const n = c.probs.length / c.classes;
  let ok = 0;
  for (let i = 0; i < n; i++) {
    let best = 0;
    for (let j = 0; j < c.classes; j++) best = Math.max(best, c.probs[i * c.classes + j]);
    if (best >= threshold) ok++;
  }
  return ok / Math.max(n, 1);
}

export interface MnistMetrics {
  fd: number;
  kid: number;
  kidStd: number;
  histogram: number[];
  /** classes with at least 1 % of the images */
  classesPresent: number;
  confident: number;
}

/** All metrics of generated images' classification against a reference (real digits). */
export function mnistMetrics(gen: Classification, ref: Classification, refStats?: FeatureStats, opts: { seed?: number; subset?: number; subsets?: number; scale?: number } = {}): MnistMetrics {
  const d = gen.featureDim;
  const fd = frechetDistance(featureStats(gen.features, d), refStats ?? featureStats(ref.features, d));
  // KID on features in units of the reference set's RMS feature value
  const k = kid(gen.features, ref.features, d, { scale: featureRms(ref.features), ...opts });
  const histogram = classHistogram(gen);
  return { fd, kid: k.mean, kidStd: k.std, histogram, classesPresent: classesPresent(histogram), confident: confidentFraction(gen) };
}
