/**
 * Energy distance (Szekely & Rizzo), with Euclidean norms in R^dim:
 *
 *   E(a, b) = 2 E||A - B|| - E||A - A'|| - E||B - B'||
 *
 * This is the squared energy METRIC (E >= 0 for distributions, 0 iff equal). Default: the
 * UNBIASED estimator (within-set means over i != j, i.e. / n(n-1); can be slightly negative,
 * ~0 for two draws of one distribution). {biased: true}: V-statistic (/ n^2, always >= 0).
 * Cost O((n + m)^2 dim); returns NaN when either set holds a non-finite value.
 */
import { checkPair } from './common';

export interface EnergyOptions {
  biased?: boolean;
}

/** Sum of ||x_i - y_j|| over all (i, j), or over i < j when `within` (x is y). */
function distSum(x: Float32Array, nx: number, y: Float32Array, ny: number, dim: number, within: boolean): number {
  let total = 0;
  for (let i = 0; i < nx; i++) {
    let row = 0;
    const xi = i * dim;
    if (dim === 2) {
      const x0 = x[xi], x1 = x[xi + 1];
      for (let j = within ? i + 1 : 0; j < ny; j++) {
        const dx = x0 - y[2 * j], dy = x1 - y[2 * j + 1];
        row += Math.sqrt(dx * dx + dy * dy);
      }
    } else {
      for (let j = within ? i + 1 : 0; j < ny; j++) {
        let d2 = 0;
        const yj = j * dim;
        for (let t = 0; t < dim; t++) {
          const d = x[xi + t] - y[yj + t];
          d2 += d * d;
        }
        row += Math.sqrt(d2);
      }
    }
    total += row;
  }
  return total;
}

/** Energy distance between a [n, dim] and b [m, dim] (unbiased by default). */
export function energyDistance(a: Float32Array, b: Float32Array, dim: number, opts: EnergyOptions = {}): number {
  const biased = opts.biased ?? false;
  if (!checkPair('energyDistance', a, b, dim, biased ? 1 : 2)) return NaN;
  const n = a.length / dim, m = b.length / dim;
  const saa = 2 * distSum(a, n, a, n, dim, true);
  const sbb = 2 * distSum(b, m, b, m, dim, true);
  const sab = distSum(a, n, b, m, dim, false);
  const wa = biased ? n * n : n * (n - 1), wb = biased ? m * m : m * (m - 1);
  return (2 * sab) / (n * m) - saa / wa - sbb / wb;
}
