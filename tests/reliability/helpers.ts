/** A tiny run for the trainer-level reliability tests (CPU by default, Dawn where asked). */
import { type RunConfig, runConfigSchema } from '../../src/config/schema';
import type { EvalPoint } from '../../src/distill/types';
import type { Snapshot } from '../../workers/api';
import { Trainer, type TrainerOptions } from '../../workers/trainer';

export function tinyConfig(over: Record<string, unknown> = {}): RunConfig {
  return runConfigSchema.parse({
    dataset: '8gaussians', seed: 7, methods: ['vanilla', 'disback'], evalSamples: 128, evalEvery: 5,
    teacher: { steps: 20, batch: 64, width: 16, depth: 1 },
    distill: { batch: 64, steps: 400 },
    disback: { s1: 10, nCheckpoints: 2, spacing: 'even', kNode: 5 },
    ...over,
  });
}

/** A trainer with a recorded path (stage ready), and its snapshots collected. */
export async function readyTrainer(opts: TrainerOptions & { forceCpu?: boolean } = {}, config = tinyConfig()): Promise<{ t: Trainer; snaps: Snapshot[] }> {
  const t = new Trainer({ saveEveryMs: 60_000, ...opts });
  const snaps: Snapshot[] = [];
  t.subscribe((s) => void snaps.push(s));
  await t.init({ forceCpu: opts.forceCpu ?? true });
  await t.configure(config);
  await t.prepareTeacher('train');
  await t.recordPath();
  return { t, snaps };
}

/** The points a trainer has produced, per method, wall-clock time dropped. */
export function historyOf(t: Trainer): Record<string, Omit<EvalPoint, 'wall'>[]> {
  const h = (t as unknown as { history: Map<string, EvalPoint[]> }).history;
  const out: Record<string, Omit<EvalPoint, 'wall'>[]> = {};
  for (const [m, pts] of h) out[m] = pts.map(({ wall, ...rest }) => (void wall, rest));
  return out;
}

export function stepsOf(t: Trainer): number[] {
  const race = (t as unknown as { race: { racers: { steps: number }[] } | null }).race;
  return race ? race.racers.map((r) => r.steps) : [];
}

export function internals(t: Trainer) {
  return t as unknown as { race: import('../../src/distill/race').Race | null; be: import('../../src/engine/backend').Backend; stage: string; message?: string };
}
