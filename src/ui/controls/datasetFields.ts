/**
 * How the settings form differs per data set: the ranges that depend on it (from the
 * schema's DATASET_RANGES), options that do not apply, and the fields that mean nothing for
 * MNIST (shown disabled with a note). Pure, unit-tested.
 */
import { MNIST_DEFAULTS } from '../../config/mnistDefaults';
import { DATASET_RANGES, rangeFor, type DatasetName, type RangedField } from '../../config/schema';
import type { FieldDef } from './fieldDefs';

const RANGED = new Set<string>(Object.keys(DATASET_RANGES.toy));

/** Fields of the 2-D sets only, with the note shown for MNIST. */
export const TOY_ONLY_NOTES: Readonly<Record<string, string>> = {
  embedDim: 'MNIST digits are 784-dimensional already: no embedding.',
  'teacher.width': 'MNIST uses a fixed small U-Net, not an MLP.',
  'teacher.depth': 'MNIST uses a fixed small U-Net, not an MLP.',
};

/** Hints that say something different for MNIST (the teacher trains with the shipped recipe). */
const MNIST_HINTS: Readonly<Record<string, string>> = {
  'teacher.steps': `DSM updates; the shipped teacher's recipe (${MNIST_DEFAULTS.teacher.steps.toLocaleString('en')} steps: noise mix from a fifth of the way, guidance distillation over the last 4,000) is compressed to this many.`,
  'teacher.lr': `Peak Adam learning rate; the recipe's schedule is scaled by it / ${MNIST_DEFAULTS.teacher.lr}.`,
  'teacher.batch': 'The shipped teacher trained with 32.',
};

/** Options of enum fields that a data set does not allow. */
const EXCLUDED_OPTIONS: Partial<Record<DatasetName, Record<string, string[]>>> = {
  mnist: { 'distill.genInit': ['shifted'] },
};

/** The field's range depends on the data set. */
export const isRanged = (path: string): boolean => RANGED.has(path);

export const isImages = (dataset: DatasetName): boolean => dataset === 'mnist';

/** The note of a field that does not apply to the data set, or null. */
export function disabledNote(path: string, dataset: DatasetName): string | null {
  return isImages(dataset) ? (TOY_ONLY_NOTES[path] ?? null) : null;
}

/** A field's definition for a data set: its range and options as the schema applies them to that set. */
export function fieldDefFor(def: FieldDef, dataset: DatasetName): FieldDef {
  if (isImages(dataset) && MNIST_HINTS[def.path]) def = { ...def, hint: MNIST_HINTS[def.path] };
  if (def.kind === 'number' && RANGED.has(def.path)) {
    const [min, max] = rangeFor(dataset, def.path as RangedField);
    return { ...def, min, max };
  }
  if (def.kind === 'enum') {
    const drop = EXCLUDED_OPTIONS[dataset]?.[def.path];
    if (drop) return { ...def, options: def.options.filter((o) => !drop.includes(o)) };
  }
  return def;
}
