/**
 * The 2-D toy sets.
 *
 * Normalisation (the same rule for every set): a set is first drawn in its usual "raw"
 * units, then shifted by its exact mean and divided by its exact pooled std
 *   s = sqrt((Var[x] + Var[y]) / 2),
 * both computed in closed form from the raw distribution below (no sample estimate). So
 * every normalised set has mean 0 and pooled std exactly 1 (the scaling is isotropic,
 * shapes are kept; the per-coordinate stds of moons and swiss roll differ from 1, see
 * docs/data-and-metrics.md). sigma_data, the data std of the SPEC, is therefore 1 for
 * every toy set; tests/data/toy2d.test.ts checks it against a large sample.
 *
 * Every draw comes from the Rng passed in; the order of draws per set is fixed (listed
 * with each set), so the same (seed, stream, call sequence) gives the same points.
 */
import { TOY_SETS, type ToyName } from '../config/schema';
import type { Rng } from '../engine/philox';
import { randIndex } from './rng';

export { TOY_SETS, type ToyName };

export interface ToyInfo {
  label: string;
  /** pooled data std of the normalised set (the SPEC's sigma_data for 2-D) */
  sigmaData: number;
  /** [k, 2] mode centres (mixture sets only), in normalised units */
  modes?: Float32Array;
  /** a sample within this distance of a centre counts as covering it (3 component stds) */
  modeRadius?: number;
  /** one-line description of the raw distribution and its noise */
  description: string;
}

interface ToyDef {
  label: string;
  description: string;
  /** exact mean and pooled std of the raw distribution */
  mean: [number, number];
  std: number;
  /** fill `out` ([n, 2]) with raw points */
  draw(n: number, rng: Rng, out: Float64Array): void;
  rawModes?: number[][];
  rawCompStd?: number;
}

const PI = Math.PI;

function mixture(centres: number[][], s: number) {
  return (n: number, rng: Rng, out: Float64Array): void => {
    // draws: component index (n words), then noise (2n normals)
    const idx = randIndex(rng, n, centres.length);
    const z = rng.normal(2 * n);
    for (let i = 0; i < n; i++) {
      const c = centres[idx[i]];
      out[2 * i] = c[0] + s * z[2 * i];
      out[2 * i + 1] = c[1] + s * z[2 * i + 1];
    }
  };
}

// ---- 8 gaussians: centres 2 (cos 2 pi k/8, sin 2 pi k/8), component std 0.1 ----
const G8_R = 2, G8_S = 0.1;
const G8_CENTRES = Array.from({ length: 8 }, (_, k) => [G8_R * Math.cos((2 * PI * k) / 8), G8_R * Math.sin((2 * PI * k) / 8)]);

// ---- 25 gaussians: centres {-2..2}^2, component std 0.05 ----
const G25_S = 0.05;
const G25_CENTRES: number[][] = [];
for (let i = -2; i <= 2; i++) for (let j = -2; j <= 2; j++) G25_CENTRES.push([i, j]);

// ---- swiss roll: t ~ U(1.5 pi, 4.5 pi), (t cos t, t sin t) + N(0, 0.5^2 I) ----
const SR_A = 1.5 * PI, SR_B = 4.5 * PI, SR_NOISE = 0.5;
const SR_L = SR_B - SR_A;
const SR_MX = (SR_B * Math.sin(SR_B) + Math.cos(SR_B) - SR_A * Math.sin(SR_A) - Math.cos(SR_A)) / SR_L; // E[t cos t]
const SR_MY = (Math.sin(SR_B) - SR_B * Math.cos(SR_B) - Math.sin(SR_A) + SR_A * Math.cos(SR_A)) / SR_L; // E[t sin t]
const SR_T2 = (SR_B ** 3 - SR_A ** 3) / (3 * SR_L); // E[t^2]
const SR_VAR = (SR_T2 - SR_MX ** 2 - SR_MY ** 2) / 2 + SR_NOISE ** 2;

// ---- two moons: t ~ U(0, pi); upper (cos t, sin t), lower (1 - cos t, 0.5 - sin t); + N(0, 0.1^2 I) ----
const MOON_NOISE = 0.1;
// Var x = 3/4, Var y = 9/16 - 1/pi (closed form), mean (1/2, 1/4)
const MOON_VAR = (0.75 + 0.5625 - 1 / PI) / 2 + MOON_NOISE ** 2;

// ---- checkerboard (FFJORD): x1 ~ U(-2, 2); x2 ~ U(0,1) - 2 B + (floor(x1) mod 2), B ~ Bernoulli(1/2) ----
// both marginals are U(-2, 2): mean 0, variance 4/3
const CB_VAR = 4 / 3;

// ---- rings: radius r ~ U{1,2,3,4}, angle ~ U(0, 2 pi), + N(0, 0.08^2 I) ----
const RING_NOISE = 0.08;
const RING_VAR = (1 + 4 + 9 + 16) / 4 / 2 + RING_NOISE ** 2;

// ---- two spirals (FFJORD "2spirals"): m = sqrt(U) 3 pi; d = (-m cos m + U'/2, m sin m + U''/2);
//      point = +-d / 3 (arm chosen uniformly) + N(0, 0.1^2 I) ----
const SP_M = 3 * PI, SP_NOISE = 0.1;
// m has density 2m/M^2 on [0, M]: E[m^2] = M^2/2,
// E[m cos m] = 2 (M^2 sin M + 2M cos M - 2 sin M) / M^2, E[m sin m] = 2 (-M^2 cos M + 2M sin M + 2 cos M - 2) / M^2
const SP_MCOS = (2 * (SP_M ** 2 * Math.sin(SP_M) + 2 * SP_M * Math.cos(SP_M) - 2 * Math.sin(SP_M))) / SP_M ** 2;
const SP_MSIN = (2 * (-(SP_M ** 2) * Math.cos(SP_M) + 2 * SP_M * Math.sin(SP_M) + 2 * Math.cos(SP_M) - 2)) / SP_M ** 2;
// E[dx^2] + E[dy^2] = M^2/2 - E[m cos m]/2 + E[m sin m]/2 + 1/6 (the mean is 0 by the +- symmetry)
const SP_VAR = (SP_M ** 2 / 2 - SP_MCOS / 2 + SP_MSIN / 2 + 1 / 6) / 2 / 9 + SP_NOISE ** 2;

const DEFS: Record<ToyName, ToyDef> = {
  '8gaussians': {
    label: '8 gaussians',
    description: 'ring of 8 gaussians: centres at radius 2, component std 0.1',
    mean: [0, 0],
    std: Math.sqrt(G8_R ** 2 / 2 + G8_S ** 2),
    draw: mixture(G8_CENTRES, G8_S),
    rawModes: G8_CENTRES,
    rawCompStd: G8_S,
  },
  '25gaussians': {
    label: '25 gaussians',
    description: '5x5 grid of gaussians at {-2..2}^2, component std 0.05',
    mean: [0, 0],
    std: Math.sqrt(2 + G25_S ** 2),
    draw: mixture(G25_CENTRES, G25_S),
    rawModes: G25_CENTRES,
    rawCompStd: G25_S,
  },
  swissroll: {
    label: 'Swiss roll',
    description: 't ~ U(1.5pi, 4.5pi), (t cos t, t sin t) + N(0, 0.5^2)',
    mean: [SR_MX, SR_MY],
    std: Math.sqrt(SR_VAR),
    draw(n, rng, out) {
      // draws: t (n uniforms), noise (2n normals)
      const u = rng.uniform(n);
      const z = rng.normal(2 * n);
      for (let i = 0; i < n; i++) {
        const t = SR_A + SR_L * u[i];
        out[2 * i] = t * Math.cos(t) + SR_NOISE * z[2 * i];
        out[2 * i + 1] = t * Math.sin(t) + SR_NOISE * z[2 * i + 1];
      }
    },
  },
  moons: {
    label: 'Two moons',
    description: 'two interleaved half circles of radius 1, noise std 0.1',
    mean: [0.5, 0.25],
    std: Math.sqrt(MOON_VAR),
    draw(n, rng, out) {
      // draws: moon (n words), t (n uniforms), noise (2n normals)
      const b = randIndex(rng, n, 2);
      const u = rng.uniform(n);
      const z = rng.normal(2 * n);
      for (let i = 0; i < n; i++) {
        const t = PI * u[i];
        const c = Math.cos(t), s = Math.sin(t);
        out[2 * i] = (b[i] ? 1 - c : c) + MOON_NOISE * z[2 * i];
        out[2 * i + 1] = (b[i] ? 0.5 - s : s) + MOON_NOISE * z[2 * i + 1];
      }
    },
  },
  checkerboard: {
    label: 'Checkerboard',
    description: '8 filled squares of a 4x4 board on [-2, 2]^2 (no noise)',
    mean: [0, 0],
    std: Math.sqrt(CB_VAR),
    draw(n, rng, out) {
      // draws: (x1, x2) uniforms (2n), row offset (n words)
      const u = rng.uniform(2 * n);
      const b = randIndex(rng, n, 2);
      for (let i = 0; i < n; i++) {
        const x1 = 4 * u[2 * i] - 2;
        const col = ((Math.floor(x1) % 2) + 2) % 2;
        out[2 * i] = x1;
        out[2 * i + 1] = u[2 * i + 1] - 2 * b[i] + col;
      }
    },
  },
  rings: {
    label: 'Concentric rings',
    description: '4 rings of radii 1, 2, 3, 4 (equal mass), noise std 0.08',
    mean: [0, 0],
    std: Math.sqrt(RING_VAR),
    draw(n, rng, out) {
      // draws: ring (n words), angle (n uniforms), noise (2n normals)
      const r = randIndex(rng, n, 4);
      const u = rng.uniform(n);
      const z = rng.normal(2 * n);
      for (let i = 0; i < n; i++) {
        const a = 2 * PI * u[i];
        out[2 * i] = (r[i] + 1) * Math.cos(a) + RING_NOISE * z[2 * i];
        out[2 * i + 1] = (r[i] + 1) * Math.sin(a) + RING_NOISE * z[2 * i + 1];
      }
    },
  },
  spiral: {
    label: 'Two spirals',
    description: 'two interleaved spiral arms of 1.5 turns (FFJORD 2spirals), noise std 0.1',
    mean: [0, 0],
    std: Math.sqrt(SP_VAR),
    draw(n, rng, out) {
      // draws: (m, U', U'') uniforms (3n), arm (n words), noise (2n normals)
      const u = rng.uniform(3 * n);
      const arm = randIndex(rng, n, 2);
      const z = rng.normal(2 * n);
      for (let i = 0; i < n; i++) {
        const m = Math.sqrt(u[3 * i]) * SP_M;
        const sg = arm[i] ? -1 : 1;
        out[2 * i] = (sg * (-Math.cos(m) * m + 0.5 * u[3 * i + 1])) / 3 + SP_NOISE * z[2 * i];
        out[2 * i + 1] = (sg * (Math.sin(m) * m + 0.5 * u[3 * i + 2])) / 3 + SP_NOISE * z[2 * i + 1];
      }
    },
  },
};

function normalisedModes(d: ToyDef): Float32Array | undefined {
  if (!d.rawModes) return undefined;
  const m = new Float32Array(2 * d.rawModes.length);
  d.rawModes.forEach((c, k) => {
    m[2 * k] = (c[0] - d.mean[0]) / d.std;
    m[2 * k + 1] = (c[1] - d.mean[1]) / d.std;
  });
  return m;
}

/** Per-set facts: label, sigma_data (1 for every set by the normalisation), modes. */
export const TOY_INFO: Record<ToyName, ToyInfo> = Object.fromEntries(
  TOY_SETS.map((name) => {
    const d = DEFS[name];
    const info: ToyInfo = { label: d.label, sigmaData: 1, description: d.description };
    const modes = normalisedModes(d);
    if (modes) {
      info.modes = modes;
      info.modeRadius = (3 * (d.rawCompStd as number)) / d.std;
    }
    return [name, info];
  }),
) as Record<ToyName, ToyInfo>;

/** The exact raw-unit mean and pooled std used to normalise `name` (for docs and tests). */
export function toyNormalisation(name: ToyName): { mean: [number, number]; std: number } {
  const d = DEFS[name];
  return { mean: [d.mean[0], d.mean[1]], std: d.std };
}

export function isToyName(s: string): s is ToyName {
  return (TOY_SETS as readonly string[]).includes(s);
}

/** `n` points of toy set `name`, normalised (mean 0, pooled std 1), as [n, 2] row-major. */
export function sampleToy(name: ToyName, n: number, rng: Rng): Float32Array {
  const d = DEFS[name];
  if (!d) throw new RangeError(`unknown toy set '${String(name)}'; expected one of ${TOY_SETS.join(', ')}`);
  if (!(Number.isInteger(n) && n >= 0)) throw new RangeError(`sampleToy: n must be a non-negative integer, got ${n}`);
  const raw = new Float64Array(2 * n);
  d.draw(n, rng, raw);
  const out = new Float32Array(2 * n);
  const inv = 1 / d.std;
  for (let i = 0; i < n; i++) {
    out[2 * i] = (raw[2 * i] - d.mean[0]) * inv;
    out[2 * i + 1] = (raw[2 * i + 1] - d.mean[1]) * inv;
  }
  return out;
}
