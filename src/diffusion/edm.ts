/** EDM parameterisation (SPEC.md "Notation"): preconditioning, weighting, Karras grid. */

export interface EdmConfig {
  sigmaData: number;
  sigmaMin: number;
  sigmaMax: number;
  /** log-normal training noise: ln sigma ~ N(pMean, pStd^2) */
  pMean: number;
  pStd: number;
  rho: number;
}

export const EDM_DEFAULTS: Omit<EdmConfig, 'sigmaData'> = { sigmaMin: 0.002, sigmaMax: 80, pMean: -1.2, pStd: 1.2, rho: 7 };
/** 2-D toys: a smaller sigma_max is plenty (SPEC: 10-20). */
export const EDM_2D: Omit<EdmConfig, 'sigmaData'> = { ...EDM_DEFAULTS, sigmaMax: 20 };

export const cSkip = (s: number, sd: number) => (sd * sd) / (s * s + sd * sd);
export const cOut = (s: number, sd: number) => (s * sd) / Math.sqrt(s * s + sd * sd);
export const cIn = (s: number, sd: number) => 1 / Math.sqrt(s * s + sd * sd);
export const cNoise = (s: number) => Math.log(s) / 4;
export const lambdaWeight = (s: number, sd: number) => (s * s + sd * sd) / (s * sd) ** 2;

/** sigma_i = (smax^(1/rho) + i/(N-1) (smin^(1/rho) - smax^(1/rho)))^rho, i = 0..N-1, then 0. */
export function karrasSigmas(n: number, sigmaMin: number, sigmaMax: number, rho = 7): number[] {
  if (!Number.isInteger(n) || n < 1) throw new Error(`sampler steps must be a positive integer, got ${n}`);
  const a = Math.pow(sigmaMax, 1 / rho);
  const b = Math.pow(sigmaMin, 1 / rho);
  const out: number[] = [];
  for (let i = 0; i < n; i++) out.push(Math.pow(n === 1 ? a : a + (i / (n - 1)) * (b - a), rho));
  out.push(0);
  return out;
}
