/**
 * Small helpers on top of the engine's Philox `Rng` for host-side data generation.
 * Every helper consumes counters of the given Rng, so results are fixed by (seed, stream)
 * and by the order of calls.
 */
import { philoxBlock, type Rng } from '../engine/philox';

/** Draw `n` raw 32-bit words (4 per Philox block). */
export function uint32s(rng: Rng, n: number): Uint32Array {
  const out = new Uint32Array(n);
  const p = rng.take(Math.ceil(n / 4));
  const w = new Uint32Array(4);
  for (let t = 0; 4 * t < n; t++) {
    philoxBlock(p, t, w);
    for (let j = 0; j < 4 && 4 * t + j < n; j++) out[4 * t + j] = w[j];
  }
  return out;
}

/**
 * `n` integers uniform in [0, k), from one 32-bit word each: floor(w * k / 2^32).
 * Exact in double arithmetic for k < 2^21; the relative bias between values is < k / 2^32.
 */
export function randIndex(rng: Rng, n: number, k: number): Uint32Array {
  if (!(k >= 1 && k <= 2 ** 21 && Number.isInteger(k))) throw new RangeError(`randIndex: k must be an integer in [1, 2^21], got ${k}`);
  const w = uint32s(rng, n);
  for (let i = 0; i < n; i++) w[i] = Math.floor((w[i] * k) / 4294967296);
  return w;
}
