/**
 * A race as plain data, and back. `captureRaceState` reads everything a race holds on the
 * device and on the host (teacher, the degradation checkpoints, the reference samples, and
 * for every racer eta, phi, both Adam states, its Rng counter, schedule, counters and loss
 * rings); `restoreRace` rebuilds a Race from it on any backend without re-recording stage 1,
 * so continuing a restored race computes what the original would have computed (bit for
 * bit on the same backend: tests/distill/raceState.test.ts).
 *
 * Capture only between steps (the race's loop awaits the device there): it reads buffers.
 */
import type { MethodId, RunConfig } from '../config/schema';
import type { Adam } from '../engine/nn/adam';
import { createParams, type DenoiserSpec, type Params } from '../diffusion/denoiser';
import { Race, type RaceInputs } from './race';
import { RING, type Racer } from './racer';
import type { ScheduleState } from './schedule';

export const RACE_STATE_VERSION = 1;

export interface AdamState {
  m: Float32Array;
  v: Float32Array;
  t: number;
}

export interface RacerState {
  method: MethodId;
  /** the racer's own learning rates (they may have been lowered after a divergence) */
  lrG: number;
  lrPhi: number;
  eta: Float32Array;
  phi: Float32Array;
  adamG: AdamState;
  adamPhi: AdamState;
  rngCounter: number;
  schedule: ScheduleState;
  steps: number;
  passes: number;
  seconds: number;
  diverged: { step: number; what: string } | null;
  /** step of the last evaluation; the rings hold the per-step losses since then */
  lastTick: number;
  rings: { lossG: Float32Array; lossFake: Float32Array; mismatch: Float32Array };
}

export interface SavedPath {
  checkpoints: Float32Array[];
  steps: number[];
  distances: number[];
  passes: number;
  seconds: number;
}

export interface RaceState {
  version: typeof RACE_STATE_VERSION;
  config: RunConfig;
  spec: DenoiserSpec;
  teacher: Float32Array;
  /** reference sample sets: the teacher's, then one per checkpoint */
  refs: Float32Array[];
  g0Samples: Float32Array;
  path: SavedPath | null;
  racers: RacerState[];
}

async function adamState(a: Adam): Promise<AdamState> {
  const [m, v] = await Promise.all([a.be.read(a.m), a.be.read(a.v)]);
  return { m, v, t: a.t };
}

async function racerState(race: Race, r: Racer): Promise<RacerState> {
  const [eta, phi, adamG, adamPhi, lossG, lossFake, mismatch] = await Promise.all([
    r.eta.read(), r.phi.read(), adamState(r.adamG), adamState(r.adamPhi),
    r.be.read(r.ringLossG), r.be.read(r.ringLossFake), r.be.read(r.ringMismatch),
  ]);
  return {
    method: r.def.id as MethodId,
    lrG: r.adamG.hyper.lr,
    lrPhi: r.adamPhi.hyper.lr,
    eta, phi, adamG, adamPhi,
    rngCounter: r.rng.counter,
    schedule: r.schedule.toState(),
    steps: r.steps,
    passes: r.passes,
    seconds: r.seconds,
    diverged: r.diverged ? { ...r.diverged } : null,
    lastTick: race.lastTick.get(r) ?? 0,
    rings: { lossG, lossFake, mismatch },
  };
}

/** Everything needed to continue `race` later, on any backend. Call between steps. */
export async function captureRaceState(race: Race): Promise<RaceState> {
  if (!race.pathSummary || !race.g0Samples) throw new Error('captureRaceState: the race is not prepared yet');
  const { config, spec } = race.inp;
  const path = race.path;
  const racers: RacerState[] = [];
  for (const r of race.racers) racers.push(await racerState(race, r));
  const checkpoints = path ? await Promise.all(path.checkpoints.map((c) => c.read())) : [];
  return {
    version: RACE_STATE_VERSION,
    config: structuredClone(config),
    spec: structuredClone(spec),
    teacher: race.inp.teacherWeights.slice(),
    refs: race.pathSummary.samples.map((s) => s.slice()),
    g0Samples: race.g0Samples.slice(),
    path: path ? { checkpoints, steps: [...path.steps], distances: [...path.distances], passes: path.passes, seconds: path.seconds } : null,
    racers,
  };
}

/** What the caller rebuilds from the config: the backend, the held-out pool (MNIST: the held-out digits from the asset), modes, reference sizes. */
export type RestoreInputs = Omit<RaceInputs, 'config' | 'spec' | 'teacherWeights'>;

function writeAdam(a: Adam, s: AdamState, lr: number): void {
  a.be.write(a.m, s.m);
  a.be.write(a.v, s.v);
  a.t = s.t;
  a.hyper = { ...a.hyper, lr };
}

/**
 * Rebuild a race from a saved state on `inputs.be` (config, spec and teacher come from the
 * state; the held-out pool and mode centres from the caller, who rebuilt them from the
 * config). Throws if the state does not fit the spec; nothing is left allocated then.
 */
export function restoreRace(inputs: RestoreInputs, state: RaceState): Race {
  const race = new Race({ ...inputs, config: state.config, spec: state.spec, teacherWeights: state.teacher });
  try {
    if (state.path) {
      const checkpoints: Params[] = [];
      race.path = { checkpoints, steps: [...state.path.steps], distances: [...state.path.distances], passes: state.path.passes, seconds: state.path.seconds };
      // pushed one by one so that race.destroy() frees the ones made before a failure
      state.path.checkpoints.forEach((w, i) => checkpoints.push(createParams(inputs.be, state.spec, w, `theta'${i + 1}`)));
    }
    const nRefs = 1 + (state.path?.checkpoints.length ?? 0);
    if (state.refs.length !== nRefs) throw new Error(`the saved run has ${state.refs.length} reference sets, its path needs ${nRefs}`);
    for (const r of [...state.refs, state.g0Samples]) {
      if (r.length === 0 || r.length % state.spec.dim !== 0) throw new Error(`a saved sample set has ${r.length} values, not a multiple of the dimension ${state.spec.dim}`);
    }
    race.g0Samples = state.g0Samples;
    race.install(state.refs);
    if (race.racers.length !== state.racers.length) throw new Error(`the saved run has ${state.racers.length} methods, its config ${race.racers.length}`);
    race.racers.forEach((r, i) => {
      const s = state.racers[i];
      if (s.method !== r.def.id) throw new Error(`saved method ${i} is ${s.method}, the config says ${r.def.id}`);
      const n = r.eta.size;
      same(`${s.method}.eta`, s.eta, n);
      same(`${s.method}.adamG.m`, s.adamG.m, n);
      same(`${s.method}.adamG.v`, s.adamG.v, n);
      same(`${s.method}.phi`, s.phi, r.phi.size);
      same(`${s.method}.adamPhi.m`, s.adamPhi.m, r.phi.size);
      same(`${s.method}.adamPhi.v`, s.adamPhi.v, r.phi.size);
      for (const [k, v] of Object.entries(s.rings)) same(`${s.method}.rings.${k}`, v, RING);
      inputs.be.write(r.eta.buf, s.eta);
      inputs.be.write(r.phi.buf, s.phi);
      writeAdam(r.adamG, s.adamG, s.lrG);
      writeAdam(r.adamPhi, s.adamPhi, s.lrPhi);
      inputs.be.write(r.ringLossG, s.rings.lossG);
      inputs.be.write(r.ringLossFake, s.rings.lossFake);
      inputs.be.write(r.ringMismatch, s.rings.mismatch);
      r.rng.counter = s.rngCounter;
      r.schedule.restore(s.schedule);
      r.steps = s.steps;
      r.passes = s.passes;
      r.seconds = s.seconds;
      r.diverged = s.diverged ? { ...s.diverged } : null;
      race.lastTick.set(r, s.lastTick);
    });
  } catch (e) {
    race.destroy();
    throw e;
  }
  return race;
}

function same(what: string, a: Float32Array, n: number): void {
  if (a.length !== n) throw new Error(`${what} has ${a.length} values, the model needs ${n}`);
}

/** Bytes of the arrays a state holds (for size caps and the quota message). */
export function stateBytes(s: RaceState): number {
  let n = s.teacher.byteLength + s.g0Samples.byteLength;
  for (const r of s.refs) n += r.byteLength;
  for (const c of s.path?.checkpoints ?? []) n += c.byteLength;
  for (const r of s.racers) {
    n += r.eta.byteLength + r.phi.byteLength + r.adamG.m.byteLength + r.adamG.v.byteLength + r.adamPhi.m.byteLength + r.adamPhi.v.byteLength;
    n += r.rings.lossG.byteLength + r.rings.lossFake.byteLength + r.rings.mismatch.byteLength;
  }
  return n;
}
