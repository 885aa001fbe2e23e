/**
 * The default settings of a data set: MNIST has its own (src/config/mnistDefaults.ts), every
 * 2-D set shares DEFAULT_CONFIG. The link encodes a run relative to its data set's defaults,
 * and the form loads them when the data set changes kind.
 */
import { mnistDefaults } from '../config/mnistDefaults';
import { DEFAULT_CONFIG, type DatasetName, type RunConfig } from '../config/schema';

let mnistCache: RunConfig | null = null;

export function defaultsFor(dataset: DatasetName): RunConfig {
  if (dataset === 'mnist') return (mnistCache ??= mnistDefaults(DEFAULT_CONFIG));
  return dataset === DEFAULT_CONFIG.dataset ? DEFAULT_CONFIG : { ...DEFAULT_CONFIG, dataset };
}

/**
 * The settings after picking another data set. Between two 2-D sets only the data set
 * changes. Into MNIST: mnistDefaults applied to the current settings (it keeps the seed, the
 * methods and the method choices). Out of MNIST: the 2-D defaults, keeping the seed and methods.
 */
export function configForDataset(current: RunConfig, next: DatasetName): RunConfig {
  const wasImages = current.dataset === 'mnist';
  const toImages = next === 'mnist';
  if (wasImages === toImages) return { ...current, dataset: next };
  if (toImages) return mnistDefaults(current);
  return { ...DEFAULT_CONFIG, dataset: next, seed: current.seed, methods: [...current.methods] };
}
