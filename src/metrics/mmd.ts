/**
 * Squared maximum mean discrepancy with a sum of RBF kernels,
 *
 *   k(x, y) = sum_h exp(-||x - y||^2 / (2 h^2)),   h in DEFAULT_BANDWIDTHS = [0.05, 0.1, 0.2, 0.5, 1, 2]
 *
 * (fixed bandwidths, in data units: the toy sets have pooled std 1; fixed rather than the
 * median heuristic so a curve is comparable across iterations and methods). The kernel is the
 * plain sum, so k(x, x) = number of bandwidths.
 *
 * Default: the UNBIASED estimator (U-statistic; can be slightly negative, ~0 for two draws
 * of one distribution):
 *   MMD^2_u = 1/(n(n-1)) sum_{i!=j} k(a_i, a_j) + 1/(m(m-1)) sum_{i!=j} k(b_i, b_j) - 2/(nm) sum_{i,j} k(a_i, b_j)
 * With {biased: true} the V-statistic (diagonals included, 1/n^2 and 1/m^2; always >= 0).
 * Kernel terms below e^-40 are dropped (their share of any sum is < 1e-17).
 * Cost O((n + m)^2 dim); returns NaN when either set holds a non-finite value.
 */
import { checkPair } from './common';

export const DEFAULT_BANDWIDTHS: readonly number[] = [0.05, 0.1, 0.2, 0.5, 1, 2];

export interface MmdOptions {
  bandwidths?: readonly number[];
  biased?: boolean;
}

const CUTOFF = 40;

/**
 * Evaluation plan for the kernel sum. `c` holds 1/(2h^2) sorted ascending (widest kernel
 * first, so the loop can stop at the first negligible term). When c[b] / c[j] is an integer q
 * (<= 4096) for an earlier j, exp(-d2 c[b]) = exp(-d2 c[j])^q is computed by repeated squaring
 * instead of another Math.exp (relative error < 1e-12; with the default bandwidths only the
 * widest kernel and h = 0.2 need an exp).
 */
interface Plan {
  c: Float64Array;
  base: Int32Array; // -1: Math.exp, else index j
  pow: Int32Array; // q
}

function makePlan(bw: readonly number[]): Plan {
  const c = Float64Array.from(bw, (h) => 1 / (2 * h * h)).sort();
  const B = c.length;
  const base = new Int32Array(B).fill(-1), pow = new Int32Array(B);
  for (let b = 1; b < B; b++) {
    for (let j = b - 1; j >= 0; j--) {
      const q = Math.round(c[b] / c[j]);
      if (q >= 1 && q <= 4096 && Math.abs(c[b] / c[j] - q) < 1e-9 * q) {
        base[b] = j;
        pow[b] = q;
        break;
      }
    }
  }
  return { c, base, pow };
}

function powInt(x: number, q: number): number {
  let r = 1;
  while (q > 0) {
    if (q & 1) r *= x;
    x *= x;
    q >>= 1;
  }
  return r;
}

/** Kernel sum k(d2) for one squared distance (terms past the cutoff dropped). */
function kernel(d2: number, plan: Plan, e: Float64Array): number {
  const { c, base, pow } = plan;
  let s = 0;
  for (let b = 0; b < c.length; b++) {
    const arg = d2 * c[b];
    if (arg > CUTOFF) break;
    const v = base[b] < 0 ? Math.exp(-arg) : powInt(e[base[b]], pow[b]);
    e[b] = v;
    s += v;
  }
  return s;
}

/** Sum of k over pairs: all (i, j), or over i < j when `within` (x is y; off-diagonal, counted once). */
function kernelSum(x: Float32Array, nx: number, y: Float32Array, ny: number, dim: number, plan: Plan, within: boolean): number {
  const lim = CUTOFF / plan.c[0]; // pairs farther than this contribute nothing
  const e = new Float64Array(plan.c.length);
  let total = 0;
  for (let i = 0; i < nx; i++) {
    let row = 0;
    const xi = i * dim;
    const j0 = within ? i + 1 : 0;
    if (dim === 2) {
      const x0 = x[xi], x1 = x[xi + 1];
      for (let j = j0; j < ny; j++) {
        const dx = x0 - y[2 * j], dy = x1 - y[2 * j + 1];
        const d2 = dx * dx + dy * dy;
        if (d2 <= lim) row += kernel(d2, plan, e);
      }
    } else {
      for (let j = j0; j < ny; j++) {
        let d2 = 0;
        const yj = j * dim;
        for (let t = 0; t < dim; t++) {
          const d = x[xi + t] - y[yj + t];
          d2 += d * d;
        }
        if (d2 <= lim) row += kernel(d2, plan, e);
      }
    }
    total += row;
  }
  return total;
}

/** MMD^2 between a [n, dim] and b [m, dim] (unbiased by default, see the file comment). */
export function mmd2(a: Float32Array, b: Float32Array, dim: number, opts: MmdOptions = {}): number {
  const biased = opts.biased ?? false;
  if (!checkPair('mmd2', a, b, dim, biased ? 1 : 2)) return NaN;
  const bw = opts.bandwidths ?? DEFAULT_BANDWIDTHS;
  if (bw.length === 0 || !bw.every((h) => h > 0 && Number.isFinite(h))) throw new RangeError('mmd2: bandwidths must be positive and finite');
  const plan = makePlan(bw);
  const B = bw.length;
  const n = a.length / dim, m = b.length / dim;
  const kaa = 2 * kernelSum(a, n, a, n, dim, plan, true);
  const kbb = 2 * kernelSum(b, m, b, m, dim, plan, true);
  const kab = kernelSum(a, n, b, m, dim, plan, false);
  if (biased) return (kaa + n * B) / (n * n) + (kbb + m * B) / (m * m) - (2 * kab) / (n * m);
  return kaa / (n * (n - 1)) + kbb / (m * (m - 1)) - (2 * kab) / (n * m);
}
