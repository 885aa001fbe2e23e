/** Words and formats of the metric charts: placeholders, tooltip values, which lines to draw. Pure. */
import type { MethodId } from '../../config/schema';
import type { MethodSeries } from '../../store/snapshotReducer';
import type { ChartRow } from './chartData';
import type { ChartDef } from './chartDefs';
import { anyHas } from './mnistData';

/** The placeholder of a chart: null when it has something to draw. */
export function chartEmptyText(lines: ChartRow[][]): string | null {
  const rows = lines.flat();
  if (!rows.length) return 'No points yet: press play.';
  if (rows.every((r) => r.y === null)) return 'Not measured in this run (or not positive, on a log axis).';
  return null;
}

/** A tooltip value: fractions as percentages, counts as "k of 10", the rest to 4 digits. */
export function formatMetric(v: unknown, def: Pick<ChartDef, 'format'>): string {
  if (typeof v !== 'number' || !Number.isFinite(v)) return '–';
  if (def.format === 'fraction') return `${(v * 100).toFixed(1)} %`;
  if (def.format === 'count') return `${Number.isInteger(v) ? v : v.toFixed(1)} of 10`;
  return v.toPrecision(4);
}

/** Fields a run may not report at all (the worker adds them for MNIST; old run files lack them). */
export const OPTIONAL_METRICS: ReadonlySet<string> = new Set(['fd', 'fdTeacher', 'classes', 'confident']);

/**
 * The lines of a chart to draw: a secondary line (the second and later) of an optional
 * field that no point carries is dropped; the first line always stays (it owns the placeholder).
 */
export function presentLines(def: ChartDef, methods: readonly MethodId[], series: Partial<Record<MethodId, MethodSeries>>): ChartDef['lines'] {
  return def.lines.filter((l, i) => i === 0 || !OPTIONAL_METRICS.has(l.key) || anyHas(methods, series, l.key));
}
