/**
 * Pure shaping of metric series for the charts: choose the x axis (generator steps or
 * total network passes, stage 1 included), drop values a log axis cannot show, thin long
 * series, and place DisBack's target switches on the same axis.
 */
import type { EvalPoint } from '../../../workers/api';
import type { XAxisMode } from '../../store/uiStore';
import { classesOf, numberField } from './mnistData';

export type MetricKey =
  | 'lossG'
  | 'lossFake'
  | 'sw2Teacher'
  | 'mmdTeacher'
  | 'energyTeacher'
  | 'sw2Data'
  | 'mismatchTarget'
  | 'mismatchTeacher'
  | 'sw2Target'
  // MNIST (optional fields: absent on 2-D runs and old run files)
  | 'fd'
  | 'fdTeacher'
  | 'classes'
  | 'confident';

/** A metric of a point; undefined when the point lacks it ('classes' may be counted from the histogram). */
export function metricValue(p: EvalPoint, key: MetricKey): number | undefined {
  return key === 'classes' ? classesOf(p) : numberField(p, key);
}

export interface ChartRow {
  x: number;
  y: number | null;
}

export const MAX_ROWS = 400;

export function xOf(p: EvalPoint, mode: XAxisMode): number {
  return mode === 'step' ? p.step : p.passes;
}

/** Keep at most max rows: evenly strided, always keeping the first and the last. */
export function thin<T>(rows: T[], max = MAX_ROWS): T[] {
  if (rows.length <= max) return rows;
  const out: T[] = [];
  const stride = (rows.length - 1) / (max - 1);
  for (let i = 0; i < max - 1; i++) out.push(rows[Math.round(i * stride)]);
  out.push(rows[rows.length - 1]);
  return out;
}

export function metricRows(points: readonly EvalPoint[], key: MetricKey, mode: XAxisMode, log: boolean, max = MAX_ROWS): ChartRow[] {
  const rows: ChartRow[] = [];
  for (const p of points) {
    const v = metricValue(p, key);
    const ok = v !== undefined && (!log || v > 0);
    rows.push({ x: xOf(p, mode), y: ok ? v : null });
  }
  return thin(rows, max);
}

/** x of a generator step on the chosen axis (passes interpolated between eval ticks). */
export function stepToX(points: readonly EvalPoint[], step: number, mode: XAxisMode): number | null {
  if (mode === 'step') return step;
  if (!points.length) return null;
  if (step <= points[0].step) return points[0].passes;
  for (let i = 1; i < points.length; i++) {
    const a = points[i - 1];
    const b = points[i];
    if (step <= b.step) {
      const t = b.step > a.step ? (step - a.step) / (b.step - a.step) : 1;
      return a.passes + t * (b.passes - a.passes);
    }
  }
  return null; // beyond the last tick: not placed yet
}

export function switchMarks(points: readonly EvalPoint[], switches: readonly { step: number; node: number }[], mode: XAxisMode): { x: number; node: number }[] {
  const out: { x: number; node: number }[] = [];
  for (const s of switches) {
    const x = stepToX(points, s.step, mode);
    if (x !== null) out.push({ x, node: s.node });
  }
  return out;
}

/** A y domain for a log axis: the positive range of the data, padded. */
export function logDomain(all: ChartRow[][]): [number, number] | null {
  let lo = Infinity;
  let hi = -Infinity;
  for (const rows of all) {
    for (const r of rows) {
      if (r.y !== null && r.y > 0) {
        if (r.y < lo) lo = r.y;
        if (r.y > hi) hi = r.y;
      }
    }
  }
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) return null;
  if (hi / lo < 1.5) return [lo / 1.25, hi * 1.25];
  return [lo / 1.1, hi * 1.1];
}

export function compactNumber(v: number): string {
  const a = Math.abs(v);
  if (a >= 1e9) return `${(v / 1e9).toPrecision(3)}G`;
  if (a >= 1e6) return `${(v / 1e6).toPrecision(3)}M`;
  if (a >= 1e3) return `${(v / 1e3).toPrecision(3)}k`;
  if (a === 0) return '0';
  if (a < 1e-2) return v.toExponential(0);
  return String(Number(v.toPrecision(3)));
}
