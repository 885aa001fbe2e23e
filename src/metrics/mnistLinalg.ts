/**
 * Small dense symmetric linear algebra for the MNIST metrics (feature dimensions of tens):
 * the cyclic Jacobi eigen solver and the square root of a symmetric positive semi-definite
 * matrix. Matrices are row-major Float64Arrays [n * n].
 */

export interface Eigen {
  /** eigenvalues, ascending */
  values: Float64Array;
  /** eigenvectors as columns: vectors[i * n + k] is component i of eigenvector k */
  vectors: Float64Array;
}

/** Eigendecomposition of a symmetric matrix A = V diag(values) V^T by cyclic Jacobi rotations. */
export function jacobiEigen(A: ArrayLike<number>, n: number, opts: { maxSweeps?: number; tol?: number } = {}): Eigen {
  if (A.length !== n * n) throw new Error(`jacobiEigen: ${A.length} values do not form a ${n}x${n} matrix`);
  const a = Float64Array.from(A);
  // symmetrise (round-off in covariance products)
  for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) a[i * n + j] = a[j * n + i] = 0.5 * (a[i * n + j] + a[j * n + i]);
  const v = new Float64Array(n * n);
  for (let i = 0; i < n; i++) v[i * n + i] = 1;
  const maxSweeps = opts.maxSweeps ?? 100, tol = opts.tol ?? 1e-14;
  let scale = 0;
  for (let i = 0; i < n * n; i++) scale += a[i] * a[i];
  for (let sweep = 0; sweep < maxSweeps; sweep++) {
    let off = 0;
    for (let p = 0; p < n; p++) for (let q = p + 1; q < n; q++) off += a[p * n + q] * a[p * n + q];
    if (off <= tol * tol * scale || off === 0) break;
    for (let p = 0; p < n - 1; p++) {
      for (let q = p + 1; q < n; q++) {
        const apq = a[p * n + q];
        if (apq === 0) continue;
        const app = a[p * n + p], aqq = a[q * n + q];
        const theta = (aqq - app) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1), s = t * c;
        for (let k = 0; k < n; k++) {
          // columns p and q of A
          const akp = a[k * n + p], akq = a[k * n + q];
          a[k * n + p] = c * akp - s * akq;
          a[k * n + q] = s * akp + c * akq;
        }
        for (let k = 0; k < n; k++) {
          // rows p and q of A
          const apk = a[p * n + k], aqk = a[q * n + k];
          a[p * n + k] = c * apk - s * aqk;
          a[q * n + k] = s * apk + c * aqk;
        }
        for (let k = 0; k < n; k++) {
          const vkp = v[k * n + p], vkq = v[k * n + q];
          v[k * n + p] = c * vkp - s * vkq;
          v[k * n + q] = s * vkp + c * vkq;
        }
      }
    }
  }
  const order = Array.from({ length: n }, (_, i) => i).sort((i, j) => a[i * n + i] - a[j * n + j]);
  const values = new Float64Array(n), vectors = new Float64Array(n * n);
  order.forEach((src, k) => {
    values[k] = a[src * n + src];
    for (let i = 0; i < n; i++) vectors[i * n + k] = v[i * n + src];
  });
  return { values, vectors };
}

/** V diag(f(values)) V^T. */
export function fromEigen(e: Eigen, n: number, f: (x: number) => number): Float64Array {
  const out = new Float64Array(n * n);
  const fv = e.values.map(f);
  for (let i = 0; i < n; i++) {
    for (let j = i; j < n; j++) {
      let s = 0;
      for (let k = 0; k < n; k++) s += e.vectors[i * n + k] * fv[k] * e.vectors[j * n + k];
      out[i * n + j] = out[j * n + i] = s;
    }
  }
  return out;
}

/** The symmetric square root of a symmetric PSD matrix (negative round-off eigenvalues clipped to 0). */
export function sqrtmPsd(A: ArrayLike<number>, n: number): Float64Array {
  return fromEigen(jacobiEigen(A, n), n, (x) => Math.sqrt(Math.max(x, 0)));
}

/** C = A B for n x n matrices. */
export function matmulSq(A: ArrayLike<number>, B: ArrayLike<number>, n: number): Float64Array {
  const C = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let k = 0; k < n; k++) {
    const aik = A[i * n + k];
    if (aik === 0) continue;
    for (let j = 0; j < n; j++) C[i * n + j] += aik * B[k * n + j];
  }
  return C;
}
