/**
 * A teacher run's whole state as one float array and the numbers beside it, so that a run can
 * stop and go on bit for bit (`scripts/train-mnist-teacher.mts --ckpt`, `--resume`): weights,
 * EMA, Adam's moments, then the recipe's guidance snapshots when it has taken them (the kept
 * guide; the frozen main network once guidance distillation has started).
 */
import type { TeacherRecipe } from './teacherRecipe';
import type { TeacherTrainer } from './teacher';

export interface TeacherStateMeta {
  steps: number;
  adamT: number;
  rngCounter: number;
  paramSize: number;
  /** The recipe's guidance snapshots stored after the Adam moments, in this order (absent: none). */
  snapshots?: { guide: boolean; main: boolean };
}

/** How many floats a state with this meta holds. */
export function teacherStateLength(meta: Pick<TeacherStateMeta, 'paramSize' | 'snapshots'>): number {
  return (4 + Number(meta.snapshots?.guide ?? false) + Number(meta.snapshots?.main ?? false)) * meta.paramSize;
}

/** Read the trainer's state (waits for the device). */
export async function readTeacherState(tr: TeacherTrainer): Promise<{ data: Float32Array; meta: TeacherStateMeta }> {
  const P = tr.params.size;
  const snapshots = { guide: tr.guide !== null, main: tr.main !== null };
  const meta: TeacherStateMeta = {
    steps: tr.steps, adamT: tr.adam.t, rngCounter: tr.rng.counter, paramSize: P,
    ...(snapshots.guide || snapshots.main ? { snapshots } : {}),
  };
  const data = new Float32Array(teacherStateLength(meta));
  const parts = [tr.params.buf, tr.ema.buf, tr.adam.m, tr.adam.v, tr.guide?.buf, tr.main?.buf].filter((b) => b !== undefined);
  for (let i = 0; i < parts.length; i++) data.set(await tr.be.read(parts[i]), i * P);
  return { data, meta };
}

/**
 * Put a state read by `readTeacherState` into a fresh trainer of the same network. A state in a
 * recipe's guidance stage needs that recipe (its guidance settings).
 */
export function restoreTeacherState(tr: TeacherTrainer, data: Float32Array, meta: TeacherStateMeta, recipe: TeacherRecipe | null): void {
  const P = tr.params.size;
  if (meta.paramSize !== P) throw new Error(`teacher state: ${meta.paramSize} parameters for a network of ${P}`);
  if (data.length !== teacherStateLength(meta)) throw new Error(`teacher state: ${data.length} floats, expected ${teacherStateLength(meta)}`);
  if (meta.snapshots?.main && !meta.snapshots.guide) throw new Error('teacher state: a main network without its guide');
  if (meta.snapshots?.main && !recipe?.guidance) throw new Error('teacher state: the run is in a recipe\'s guidance stage; resume it with that recipe (--recipe)');
  const be = tr.be;
  be.write(tr.params.buf, data.subarray(0, P));
  be.write(tr.ema.buf, data.subarray(P, 2 * P));
  be.write(tr.adam.m, data.subarray(2 * P, 3 * P));
  be.write(tr.adam.v, data.subarray(3 * P, 4 * P));
  if (meta.snapshots?.guide) {
    tr.snapshotGuide();
    be.write(tr.guide!.buf, data.subarray(4 * P, 5 * P));
  }
  if (meta.snapshots?.main) tr.startGuidance(recipe!.guidance!.settings, data.slice(5 * P, 6 * P));
  tr.adam.t = meta.adamT;
  tr.rng.counter = meta.rngCounter;
  tr.steps = meta.steps;
}
