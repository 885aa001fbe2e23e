/**
 * Mode coverage for mixture sets (8 / 25 gaussians).
 *
 * Each sample is assigned to its nearest mode centre; it "hits" that mode when it lies within
 * `modeRadius` of it (TOY_INFO gives 3 component stds; the radius is below half the spacing
 * of the centres, so a sample can hit at most one mode).
 *   coverage    = (number of modes with at least minCount hits) / k,
 *                 minCount = max(1, ceil(minFrac * n / k)), minFrac default 0.1
 *                 (a mode holding under a tenth of its fair share counts as dropped);
 *   highQuality = (number of samples that hit some mode) / n.
 * For exact data, highQuality ~ 1 - exp(-4.5) = 0.989 in 2-D (3-sigma disc).
 * Samples and modes share the dimension `dim`; for the embedded toy project samples to
 * the data plane first (DataPool.project) and use the 2-D modes.
 */

export interface ModeCoverage {
  coverage: number;
  covered: number;
  k: number;
  highQuality: number;
  /** hits per mode */
  counts: Uint32Array;
  minCount: number;
}

export interface ModeOptions {
  minFrac?: number;
}

export function modeCoverage(samples: Float32Array, dim: number, modes: Float32Array, modeRadius: number, opts: ModeOptions = {}): ModeCoverage {
  if (!(Number.isInteger(dim) && dim >= 1)) throw new RangeError(`modeCoverage: dim must be a positive integer, got ${dim}`);
  if (samples.length % dim !== 0 || samples.length === 0) throw new RangeError(`modeCoverage: samples must be [n, ${dim}] with n >= 1`);
  if (modes.length % dim !== 0 || modes.length === 0) throw new RangeError(`modeCoverage: modes must be [k, ${dim}] with k >= 1`);
  if (!(modeRadius > 0)) throw new RangeError(`modeCoverage: modeRadius must be > 0, got ${modeRadius}`);
  const minFrac = opts.minFrac ?? 0.1;
  const n = samples.length / dim, k = modes.length / dim;
  const r2 = modeRadius * modeRadius;
  const counts = new Uint32Array(k);
  let hits = 0;
  for (let i = 0; i < n; i++) {
    let best = Infinity, bk = -1;
    for (let c = 0; c < k; c++) {
      let d2 = 0;
      for (let t = 0; t < dim; t++) {
        const d = samples[i * dim + t] - modes[c * dim + t];
        d2 += d * d;
      }
      if (d2 < best) {
        best = d2;
        bk = c;
      }
    }
    if (best <= r2) {
      counts[bk]++;
      hits++;
    }
  }
  const minCount = Math.max(1, Math.ceil((minFrac * n) / k));
  let covered = 0;
  for (let c = 0; c < k; c++) if (counts[c] >= minCount) covered++;
  return { coverage: covered / k, covered, k, highQuality: hits / n, counts, minCount };
}
