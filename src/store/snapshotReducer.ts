/**
 * Pure folding of worker snapshots into the run state: series grow by appending each
 * snapshot's newPoints, so snapshots must be applied in order and none may be dropped
 * (the client batches them per animation frame instead of skipping any).
 */
import type { MethodId } from '../config/schema';
import type { Alert, BackendInfo, EvalPoint, MethodSnapshot, Progress, Snapshot, Stage } from '../../workers/api';

export interface MethodSeries {
  method: MethodId;
  step: number;
  points: EvalPoint[];
  samples: Float32Array | null;
  target: number;
  switches: { step: number; node: number }[];
  diverged?: { step: number; what: string };
  /** a snapshot of this method has arrived (before that, target is a placeholder) */
  seen: boolean;
}

export interface LiveState {
  stage: Stage;
  backend: BackendInfo | null;
  stepsPerSec: number;
  msPerStep: number;
  progress: Progress | null;
  teacherFrac: number;
  recordFrac: number;
  series: Partial<Record<MethodId, MethodSeries>>;
  workerMessage: string | null;
  /** the worker's latest alert (device loss, divergence, failed save, restored run) */
  alert: Alert | null;
}

export function emptySeries(method: MethodId): MethodSeries {
  return { method, step: 0, points: [], samples: null, target: 0, switches: [], seen: false };
}

export function emptySeriesFor(methods: readonly MethodId[]): Partial<Record<MethodId, MethodSeries>> {
  const out: Partial<Record<MethodId, MethodSeries>> = {};
  for (const m of methods) out[m] = emptySeries(m);
  return out;
}

function mergeSwitches(a: MethodSeries['switches'], b: MethodSeries['switches']): MethodSeries['switches'] {
  if (!b.length) return a;
  const seen = new Set(a.map((s) => `${s.step}:${s.node}`));
  const added = b.filter((s) => !seen.has(`${s.step}:${s.node}`));
  return added.length ? [...a, ...added] : a;
}

export function applyMethodSnapshot(prev: MethodSeries | undefined, m: MethodSnapshot): MethodSeries {
  const base = prev ?? emptySeries(m.method);
  // A step that went backwards means the worker reset the race: start the series over.
  const restarted = m.step < base.step;
  const from = restarted ? emptySeries(m.method) : base;
  const fresh = restarted ? m.newPoints : m.newPoints.filter((p) => from.points.length === 0 || p.step > from.points[from.points.length - 1].step);
  return {
    method: m.method,
    step: m.step,
    points: fresh.length ? from.points.concat(fresh) : from.points,
    samples: m.samples && m.samples.length ? m.samples : from.samples,
    target: m.target,
    switches: restarted ? m.switches : mergeSwitches(from.switches, m.switches),
    diverged: m.diverged ?? (restarted ? undefined : from.diverged),
    seen: true,
  };
}

export function applySnapshots(state: LiveState, snaps: readonly Snapshot[]): LiveState {
  if (!snaps.length) return state;
  let s = state;
  for (const snap of snaps) {
    const series = { ...s.series };
    for (const m of snap.methods) series[m.method] = applyMethodSnapshot(series[m.method], m);
    const frac = snap.progress?.frac ?? null;
    s = {
      stage: snap.stage,
      backend: snap.backend ?? s.backend,
      stepsPerSec: snap.stepsPerSec,
      msPerStep: snap.msPerStep,
      progress: snap.progress,
      teacherFrac: snap.stage === 'teacher' && frac !== null ? frac : s.teacherFrac,
      recordFrac: snap.stage === 'recording' && frac !== null ? frac : s.recordFrac,
      series,
      workerMessage: snap.message ?? (snap.stage === s.stage ? s.workerMessage : null),
      alert: snap.alert ?? s.alert,
    };
  }
  return s;
}

/** DisBack's target index for display: the most degraded node until the worker says otherwise. */
export function shownTarget(s: MethodSeries | undefined, nNodes: number): number {
  return s?.seen ? s.target : nNodes;
}
