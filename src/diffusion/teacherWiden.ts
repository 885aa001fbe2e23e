/**
 * Grow a teacher while it trains (`scripts/train-mnist-teacher.mts --resume --widen`): its
 * U-Net's lowest level doubled without changing what it computes (src/engine/nn/unetWiden.ts),
 * weights and EMA alike; Adam restarts (its moments belong to the narrow weights); the step
 * count and the RNG stream go on.
 */
import { widenLowestLevel } from '../engine/nn/unetWiden';
import { TeacherTrainer } from './teacher';

/** A new trainer holding `tr` widened; `tr` is destroyed. `pool` is the training data `tr` was given. */
export async function widenTeacher(tr: TeacherTrainer, pool: Float32Array, seed: number): Promise<TeacherTrainer> {
  const unet = tr.spec.unet;
  if (!unet) throw new Error('only a U-Net teacher can be widened');
  const [w, e] = [await tr.params.read(), await tr.ema.read()];
  const W = widenLowestLevel(unet, w, seed), E = widenLowestLevel(unet, e, seed);
  const next = new TeacherTrainer(tr.be, { ...tr.spec, unet: W.spec }, pool, tr.opts);
  next.be.write(next.params.buf, W.weights);
  next.be.write(next.ema.buf, E.weights);
  next.rng.counter = tr.rng.counter;
  next.steps = tr.steps;
  tr.destroy();
  return next;
}
