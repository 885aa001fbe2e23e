/**
 * Run one race (every method of the config, in lockstep, same seed) to the end and turn
 * each racer's evaluations into a run file. Shared by `distill` (one method) and
 * `compare` (all methods, several seeds).
 */
import type { MethodId, RunConfig } from '../config/schema';
import type { DataPool } from '../data';
import type { Backend } from '../engine/backend';
import type { DenoiserSpec } from '../diffusion/denoiser';
import { Race } from '../distill/race';
import { passesPerIteration } from '../distill/methods';
import type { EvalPoint } from '../distill/types';
import { CREATED_BY, type Progress } from './context';
import type { DataSource } from './data';
import { modesOf } from './data';
import { RUN_FORMAT, RUN_VERSION, type RunFile, toSeries } from './runFile';
import type { TeacherChoice } from './teacherChoice';

export interface RaceJob {
  be: Backend;
  config: RunConfig;
  src: DataSource;
  dataSeed: number;
  heldout: DataPool;
  teacher: TeacherChoice;
  refSteps: number;
  refSamples: number;
  progress?: Progress;
  /** label prefix for the progress bar */
  tag?: string;
}

export interface RaceOutcome {
  runs: RunFile[];
  /** final generator weights and eval samples per method */
  finals: Map<MethodId, { eta: Float32Array; samples: Float32Array }>;
  /** the architecture of every network in the race (the teacher's) */
  spec: DenoiserSpec;
}

export async function runRace(job: RaceJob): Promise<RaceOutcome> {
  const { be, config, heldout, teacher, progress } = job;
  const tag = job.tag ? `${job.tag}: ` : '';
  const race = new Race({
    be, config, spec: teacher.spec, teacherWeights: teacher.weights, heldout: heldout.pool,
    modes: modesOf(heldout), refSteps: job.refSteps, refSamples: job.refSamples,
  });
  try {
    const summary = await race.prepare((label, frac) => progress?.update(`${tag}${label}`, frac));
    const points = new Map<MethodId, EvalPoint[]>();
    const last = new Map<MethodId, Float32Array>();
    const evalAll = async () => {
      for (const r of race.racers) {
        const { point, samples } = await race.evaluate(r);
        points.set(r.def.id, [...(points.get(r.def.id) ?? []), point]);
        last.set(r.def.id, samples);
      }
    };
    await evalAll();
    const total = config.distill.steps;
    while (!race.done) {
      await race.advance(config.evalEvery);
      await evalAll();
      const at = Math.min(...race.racers.map((r) => (r.diverged ? total : r.steps)));
      progress?.update(`${tag}distilling: step ${at}/${total}`, at / total);
    }
    progress?.done();
    const path = race.path ? { steps: summary.steps, distance: summary.distance, stage1Seconds: summary.stage1Seconds, stage1Passes: summary.stage1Passes } : null;
    const finals = new Map<MethodId, { eta: Float32Array; samples: Float32Array }>();
    const runs: RunFile[] = [];
    for (const r of race.racers) {
      const pts = points.get(r.def.id)!;
      const usesPath = r.def.needsPath && !!path;
      finals.set(r.def.id, { eta: await r.eta.read(), samples: last.get(r.def.id)! });
      runs.push({
        format: RUN_FORMAT, version: RUN_VERSION, createdBy: CREATED_BY,
        method: r.def.id, seed: config.seed, dataSeed: job.dataSeed,
        data: { arg: job.src.arg, dataset: job.src.dataset, label: heldout.label, dim: heldout.dim, sigmaData: heldout.sigmaData, heldout: heldout.n, ...(heldout.modes ? { modes: heldout.modes.length / 2 } : {}) },
        config: { ...config, methods: [r.def.id] },
        backend: { kind: be.kind, adapter: be.adapterName },
        teacher: { source: teacher.source, metadata: teacher.metadata },
        reference: { sampler: 'heun', steps: job.refSteps, samples: job.refSamples },
        path, usesPath,
        switches: [...r.schedule.switches],
        diverged: r.diverged,
        series: toSeries(pts),
        final: pts[pts.length - 1],
        cost: {
          generatorSteps: r.steps, passes: r.passes, seconds: r.seconds,
          stage1Passes: usesPath ? path!.stage1Passes : 0, stage1Seconds: usesPath ? path!.stage1Seconds : 0,
          passesPerIteration: passesPerIteration(r.def.kFake),
        },
      });
    }
    return { runs, finals, spec: teacher.spec };
  } finally {
    race.destroy();
  }
}

/** Compact JSON, one top-level key (and one series) per line; NaN is written as null. */
export function runJson(r: RunFile): string {
  const line = ([k, v]: [string, unknown]) => `${JSON.stringify(k)}: ${JSON.stringify(v)}`;
  const top = Object.entries(r).map(([k, v]) => (k === 'series' ? `"series": {\n${Object.entries(v as object).map((e) => `  ${line(e)}`).join(',\n')}\n}` : line([k, v])));
  return `{\n${top.join(',\n')}\n}\n`;
}
