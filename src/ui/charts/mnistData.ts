/**
 * MNIST metrics for the charts and panels, read defensively: every field is optional (old
 * runs, runs of a 2-D set, points still in flight), so a missing or malformed value is
 * undefined / null, never an exception.
 */
import type { EvalPoint } from '../../../workers/api';
import type { MethodId } from '../../config/schema';
import type { MethodSeries } from '../../store/snapshotReducer';

export const N_CLASSES = 10;
/** a class counts as present when at least this fraction of the samples falls in it (as the worker counts) */
export const PRESENT_FRACTION = 0.01;

/** A numeric field of an eval point, or undefined if absent or not a finite number. */
export function numberField(p: EvalPoint | undefined, key: string): number | undefined {
  if (!p) return undefined;
  const v = (p as unknown as Record<string, unknown>)[key];
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

/** The class histogram of a point as fractions summing to 1, or null if absent or malformed. */
export function classHistOf(p: EvalPoint | undefined): number[] | null {
  const h = (p as unknown as { classHist?: unknown } | undefined)?.classHist;
  if (!Array.isArray(h) && !(h instanceof Float32Array) && !(h instanceof Float64Array)) return null;
  const a = Array.from(h as ArrayLike<unknown>);
  if (a.length !== N_CLASSES || !a.every((v) => typeof v === 'number' && Number.isFinite(v) && v >= 0)) return null;
  const xs = a as number[];
  const sum = xs.reduce((s, v) => s + v, 0);
  return sum > 0 ? xs.map((v) => v / sum) : null;
}

/** Classes present (0..10): the worker's count when it sends one, else counted from the histogram. */
export function classesOf(p: EvalPoint | undefined): number | undefined {
  const c = numberField(p, 'classes');
  if (c !== undefined) return c;
  const h = classHistOf(p);
  return h ? h.filter((v) => v >= PRESENT_FRACTION).length : undefined;
}

/** The latest point of a series that has a usable class histogram. */
export function latestWithHist(points: readonly EvalPoint[]): { point: EvalPoint; hist: number[] } | null {
  for (let i = points.length - 1; i >= 0; i--) {
    const hist = classHistOf(points[i]);
    if (hist) return { point: points[i], hist };
  }
  return null;
}

export interface HistRow {
  digit: string;
  /** method -> fraction of its samples in this class */
  [method: string]: number | string;
}

/**
 * Rows for a grouped bar chart of the latest class histogram of every method (one row per
 * digit); null when no method has one yet. Methods without a histogram are left out.
 */
export function classHistRows(methods: readonly MethodId[], series: Partial<Record<MethodId, MethodSeries>>): { rows: HistRow[]; methods: MethodId[]; steps: Partial<Record<MethodId, number>> } | null {
  const used: MethodId[] = [];
  const steps: Partial<Record<MethodId, number>> = {};
  const hists: number[][] = [];
  for (const m of methods) {
    const l = latestWithHist(series[m]?.points ?? []);
    if (!l) continue;
    used.push(m);
    steps[m] = l.point.step;
    hists.push(l.hist);
  }
  if (!used.length) return null;
  const rows: HistRow[] = [];
  for (let d = 0; d < N_CLASSES; d++) {
    const row: HistRow = { digit: String(d) };
    used.forEach((m, i) => (row[m] = hists[i][d]));
    rows.push(row);
  }
  return { rows, methods: used, steps };
}

/** Whether any point of any method carries the field (to tell "not measured" from "not yet"). */
export function anyHas(methods: readonly MethodId[], series: Partial<Record<MethodId, MethodSeries>>, key: string): boolean {
  return methods.some((m) => (series[m]?.points ?? []).some((p) => (key === 'classes' ? classesOf(p) : numberField(p, key)) !== undefined));
}

/** Bar heights in % of a box: each fraction relative to the tallest bar (the scale tops out at 20 % at least). */
export function barHeights(hist: readonly number[]): number[] {
  const top = Math.max(0.2, ...hist.filter(Number.isFinite));
  return hist.map((v) => (Number.isFinite(v) ? Math.max(0, Math.min(100, (v / top) * 100)) : 0));
}
