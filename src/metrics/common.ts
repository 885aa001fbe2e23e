/** Shared argument checks for the metrics. */

/**
 * Check that `a` and `b` are [n, dim] and [m, dim] with at least `minRows` rows each.
 * Returns false when either holds a non-finite value (the metric then returns NaN: a
 * diverged generator must not read as a finite distance).
 */
export function checkPair(name: string, a: Float32Array, b: Float32Array, dim: number, minRows = 1): boolean {
  if (!(Number.isInteger(dim) && dim >= 1)) throw new RangeError(`${name}: dim must be a positive integer, got ${dim}`);
  for (const [s, x] of [['a', a], ['b', b]] as const) {
    if (x.length % dim !== 0) throw new RangeError(`${name}: ${s} has length ${x.length}, not a multiple of dim = ${dim}`);
    if (x.length / dim < minRows) throw new RangeError(`${name}: ${s} needs at least ${minRows} rows, got ${x.length / dim}`);
  }
  return allFinite(a) && allFinite(b);
}

export function allFinite(x: Float32Array): boolean {
  for (let i = 0; i < x.length; i++) if (!Number.isFinite(x[i])) return false;
  return true;
}
