/**
 * Sample-set metrics (pure TS, CPU). Every distance takes (a, b, dim) with a: [n, dim] and
 * b: [m, dim] row-major Float32Arrays. Definitions: docs/data-and-metrics.md.
 */
import { energyDistance, type EnergyOptions } from './energy';
import { mmd2, type MmdOptions } from './mmd';
import { sw2, type Sw2Options } from './sw2';

export { sw2, makeProjections, w2sq1dSorted, SW2_STREAM, DEFAULT_PROJECTIONS, type Sw2Options } from './sw2';
export { mmd2, DEFAULT_BANDWIDTHS, type MmdOptions } from './mmd';
export { energyDistance, type EnergyOptions } from './energy';
export { modeCoverage, type ModeCoverage, type ModeOptions } from './modes';

export interface Distances {
  sw2: number;
  mmd2: number;
  energy: number;
}

/** SW2, MMD^2 and energy distance in one call. */
export function distances(a: Float32Array, b: Float32Array, dim: number, opts: { sw2?: Sw2Options; mmd?: MmdOptions; energy?: EnergyOptions } = {}): Distances {
  return { sw2: sw2(a, b, dim, opts.sw2), mmd2: mmd2(a, b, dim, opts.mmd), energy: energyDistance(a, b, dim, opts.energy) };
}
