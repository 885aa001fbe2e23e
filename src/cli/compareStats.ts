/**
 * Convergence statistics of `compare`, all on the distance to the teacher's Heun samples
 * (`metricOf`: SW2, EvalPoint.sw2Teacher, for the 2-D sets; for MNIST the classifier FD,
 * EvalPoint.fdTeacher, with the FD to the held-out digits, EvalPoint.fd, as the data
 * column), from run files:
 *   - final value: mean over the evaluations in the last 10% of the generator iterations
 *     (at least the last one), which smooths the evaluation noise;
 *   - AUC: the trapezoid area under SW2 vs generator iterations divided by the iterations
 *     run, i.e. the mean SW2 over the run (lower = faster and better);
 *   - thresholds: by default 2x, 1.5x and 1.1x the median (over seeds) final SW2 of
 *     vanilla (or of the first method when vanilla is not raced), plus any absolute SW2
 *     values asked for; a run "reaches" T at its first evaluation with SW2 <= T, and we
 *     report that evaluation's generator iterations and total passes (stage 1 included);
 *   - across seeds: the median and the min-max range; an unreached threshold counts as
 *     +infinity in the median (so the median reads "not reached" when most seeds miss it).
 */
import type { MethodId } from '../config/schema';
import type { RunFile, Series } from './runFile';

export interface Metric {
  /** series of the distance to the teacher's samples (thresholds, AUC, final) */
  teacher: 'sw2Teacher' | 'fdTeacher';
  /** series of the distance to held-out data */
  data: 'sw2Data' | 'fd';
  name: 'SW2' | 'FD';
  /** file-name stem of the plots */
  stem: 'sw2' | 'fd';
}

const SW2: Metric = { teacher: 'sw2Teacher', data: 'sw2Data', name: 'SW2', stem: 'sw2' };
const FD: Metric = { teacher: 'fdTeacher', data: 'fd', name: 'FD', stem: 'fd' };

/** The compare metric of a run: classifier FD for MNIST, SW2 otherwise. */
export function metricOf(r: Pick<RunFile, 'data'>): Metric {
  return r.data?.dataset === 'mnist' ? FD : SW2;
}

/** A series of a run (NaN-filled when the run does not have it). */
export function seriesOf(r: RunFile, key: keyof Series): number[] {
  const v = r.series[key] as number[] | undefined;
  return v ?? r.series.step.map(() => NaN);
}

export interface Threshold {
  label: string;
  value: number;
}

export interface Crossing {
  step: number | null;
  passes: number | null;
}

export interface SeedStats {
  seed: number;
  final: number;
  finalData: number;
  finalModes?: number;
  /** MNIST: classes present and confident fraction at the last evaluation */
  finalClasses?: number;
  finalConfident?: number;
  auc: number;
  passes: number;
  stage1Passes: number;
  seconds: number;
  crossings: Crossing[];
  diverged: boolean;
}

export interface MethodStats {
  method: MethodId;
  seeds: SeedStats[];
}

export function finalValue(steps: number[], ys: number[]): number {
  const last = steps[steps.length - 1];
  const from = last - 0.1 * (last - steps[0]);
  let s = 0, n = 0;
  for (let i = 0; i < steps.length; i++) {
    if (steps[i] >= from && Number.isFinite(ys[i])) {
      s += ys[i];
      n++;
    }
  }
  return n ? s / n : NaN;
}

export function areaUnderCurve(steps: number[], ys: number[]): number {
  let a = 0;
  for (let i = 1; i < steps.length; i++) a += 0.5 * (ys[i] + ys[i - 1]) * (steps[i] - steps[i - 1]);
  const span = steps[steps.length - 1] - steps[0];
  return span > 0 ? a / span : ys[0];
}

export function firstCrossing(r: RunFile, t: number): Crossing {
  const s = r.series;
  const y = seriesOf(r, metricOf(r).teacher);
  for (let i = 0; i < s.step.length; i++) if (y[i] <= t) return { step: s.step[i], passes: s.passes[i] };
  return { step: null, passes: null };
}

export function median(xs: number[]): number {
  const v = xs.filter((x) => !Number.isNaN(x)).sort((a, b) => a - b);
  if (v.length === 0) return NaN;
  const m = v.length >> 1;
  return v.length % 2 ? v[m] : v[m - 1] === v[m] ? v[m] : (v[m - 1] + v[m]) / 2;
}

export function makeThresholds(byMethod: Map<MethodId, RunFile[]>, factors: number[], absolute: number[]): Threshold[] {
  const refMethod: MethodId = byMethod.has('vanilla') ? 'vanilla' : [...byMethod.keys()][0];
  const runs = byMethod.get(refMethod)!;
  const m = metricOf(runs[0]);
  const ref = median(runs.map((r) => finalValue(r.series.step, seriesOf(r, m.teacher))));
  return [
    ...factors.map((f) => ({ label: `${f}x final ${refMethod} (${ref.toFixed(4)})`, value: f * ref })),
    ...absolute.map((v) => ({ label: `${m.name} ${v}`, value: v })),
  ];
}

export function methodStats(method: MethodId, runs: RunFile[], ts: Threshold[]): MethodStats {
  return {
    method,
    seeds: runs.map((r) => {
      const m = metricOf(r);
      return {
        seed: r.seed,
        final: finalValue(r.series.step, seriesOf(r, m.teacher)),
        finalData: finalValue(r.series.step, seriesOf(r, m.data)),
        finalModes: lastOf(r.series.modes),
        finalClasses: lastOf(r.series.classes),
        finalConfident: lastOf(r.series.confident),
        auc: areaUnderCurve(r.series.step, seriesOf(r, m.teacher)),
        passes: r.cost.passes,
        stage1Passes: r.cost.stage1Passes,
        seconds: r.cost.seconds,
        crossings: ts.map((t) => firstCrossing(r, t.value)),
        diverged: !!r.diverged,
      };
    }),
  };
}

const lastOf = (xs: number[] | undefined): number | undefined => (xs ? xs[xs.length - 1] : undefined);

/** Median and range of per-seed values; null (unreached) counts as +infinity in the median. */
export function summarise(xs: (number | null)[]): { median: number; min: number; max: number; reached: number; of: number } {
  const v = xs.map((x) => (x === null ? Infinity : x));
  const fin = v.filter(Number.isFinite);
  return { median: median(v), min: fin.length ? Math.min(...fin) : NaN, max: fin.length ? Math.max(...fin) : NaN, reached: fin.length, of: xs.length };
}

/** Per evaluation index: the median and min-max over seeds of `y`, at the median `x`. */
export function bandOf(runs: RunFile[], x: 'step' | 'passes', y: 'sw2Teacher' | 'sw2Data' | 'fdTeacher' | 'fd'): { x: number[]; median: number[]; lo: number[]; hi: number[] } {
  const n = Math.min(...runs.map((r) => r.series.step.length));
  const out = { x: [] as number[], median: [] as number[], lo: [] as number[], hi: [] as number[] };
  for (let i = 0; i < n; i++) {
    const ys = runs.map((r) => seriesOf(r, y)[i]).filter(Number.isFinite);
    if (ys.length === 0) continue;
    out.x.push(median(runs.map((r) => r.series[x][i])));
    out.median.push(median(ys));
    out.lo.push(Math.min(...ys));
    out.hi.push(Math.max(...ys));
  }
  return out;
}
