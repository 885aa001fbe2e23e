/**
 * The denoiser architecture as it is recorded in an ONNX file's metadata: a canonical JSON
 * form (fixed key order, so exports are byte-stable) and a strict reader for it.
 */
import type { DenoiserSpec } from '../diffusion/denoiser';
import { LIMITS } from './limits';

const ACTS = ['silu', 'relu', 'none'] as const;

/** The spec with keys in a fixed order and nothing else (what the file records). */
export function canonicalSpec(s: DenoiserSpec): DenoiserSpec {
  return {
    dim: s.dim,
    hidden: [...s.hidden],
    act: s.act,
    fourier: { F: s.fourier.F, fmin: s.fourier.fmin, fmax: s.fourier.fmax },
    edm: {
      sigmaData: s.edm.sigmaData,
      sigmaMin: s.edm.sigmaMin,
      sigmaMax: s.edm.sigmaMax,
      pMean: s.edm.pMean,
      pStd: s.edm.pStd,
      rho: s.edm.rho,
    },
  };
}

/** Returns a description of the first problem with the spec, or null when it is valid. */
export function specProblem(s: unknown): string | null {
  if (!isObj(s)) return 'the architecture is not an object';
  const width = (v: unknown) => Number.isInteger(v) && (v as number) > 0 && (v as number) <= LIMITS.maxWidth;
  const fin = (v: unknown) => typeof v === 'number' && Number.isFinite(v);
  if (!exactKeys(s, ['dim', 'hidden', 'act', 'fourier', 'edm'])) return 'the architecture must have exactly the keys dim, hidden, act, fourier, edm';
  if (!width(s.dim)) return `dim ${JSON.stringify(s.dim)} is not an integer in 1..${LIMITS.maxWidth}`;
  if (!Array.isArray(s.hidden) || s.hidden.length > LIMITS.maxLayers || !s.hidden.every(width)) return `hidden must be at most ${LIMITS.maxLayers} integers in 1..${LIMITS.maxWidth}`;
  if (!ACTS.includes(s.act as (typeof ACTS)[number])) return `activation ${JSON.stringify(s.act)} is not one of ${ACTS.join(', ')}`;
  const fo = s.fourier;
  if (!isObj(fo) || !exactKeys(fo, ['F', 'fmin', 'fmax'])) return 'fourier must have exactly the keys F, fmin, fmax';
  if (!(Number.isInteger(fo.F) && (fo.F as number) >= 1 && (fo.F as number) <= LIMITS.maxFourier)) return `fourier.F must be an integer in 1..${LIMITS.maxFourier}`;
  if (!(fin(fo.fmin) && (fo.fmin as number) > 0 && fin(fo.fmax) && (fo.fmax as number) >= (fo.fmin as number))) return 'fourier frequencies must satisfy 0 < fmin <= fmax (finite)';
  const e = s.edm;
  const keys = ['sigmaData', 'sigmaMin', 'sigmaMax', 'pMean', 'pStd', 'rho'];
  if (!isObj(e) || !exactKeys(e, keys)) return `edm must have exactly the keys ${keys.join(', ')}`;
  if (!keys.every((k) => fin(e[k]))) return 'edm values must be finite numbers';
  const n = e as Record<string, number>;
  if (!(n.sigmaData > 0 && n.sigmaMin > 0 && n.sigmaMax >= n.sigmaMin && n.pStd >= 0 && n.rho > 0)) return 'edm values out of range (need sigmaData > 0, 0 < sigmaMin <= sigmaMax, pStd >= 0, rho > 0)';
  return null;
}

export function architectureJson(s: DenoiserSpec): string {
  return JSON.stringify(canonicalSpec(s));
}

/** Parses the recorded architecture; returns the spec or a problem description. */
export function parseArchitecture(text: string): DenoiserSpec | string {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    return 'the architecture metadata is not valid JSON';
  }
  const p = specProblem(v);
  return p ?? canonicalSpec(v as DenoiserSpec);
}

function isObj(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
function exactKeys(o: Record<string, unknown>, keys: string[]): boolean {
  const k = Object.keys(o);
  return k.length === keys.length && keys.every((x) => Object.prototype.hasOwnProperty.call(o, x));
}
