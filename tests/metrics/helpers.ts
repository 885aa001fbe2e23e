import { Rng } from '../../src/engine/philox';

/** n points of N(shift, I_dim), [n, dim]. */
export function gauss(n: number, dim: number, seed: number, shift: number[] = []): Float32Array {
  const x = new Rng(seed, 99).normal(n * dim);
  for (let i = 0; i < n; i++) for (let j = 0; j < dim; j++) x[i * dim + j] += shift[j] ?? 0;
  return x;
}

/** Rows of x in a seeded random order. */
export function permuteRows(x: Float32Array, dim: number, seed: number): Float32Array {
  const n = x.length / dim;
  const u = new Rng(seed, 98).uniform(n);
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => u[a] - u[b]);
  const out = new Float32Array(x.length);
  order.forEach((src, dst) => out.set(x.subarray(src * dim, src * dim + dim), dst * dim));
  return out;
}
