import { describe, expect, it } from 'vitest';
import type { EvalPoint } from '../../workers/api';
import type { MethodSeries } from '../../src/store/snapshotReducer';
import { emptySeries } from '../../src/store/snapshotReducer';
import { metricRows, metricValue } from '../../src/ui/charts/chartData';
import { CHARTS, chartsFor } from '../../src/ui/charts/chartDefs';
import { chartEmptyText, formatMetric, presentLines } from '../../src/ui/charts/chartText';
import { anyHas, barHeights, classesOf, classHistOf, classHistRows, latestWithHist, numberField } from '../../src/ui/charts/mnistData';

const base = (step: number): EvalPoint => ({
  step,
  passes: step * 9,
  wall: 0,
  lossG: 1,
  lossFake: 1,
  sw2Teacher: NaN,
  mmdTeacher: NaN,
  energyTeacher: NaN,
  sw2Data: NaN,
  mismatchTarget: 0.1,
  mismatchTeacher: 0.2,
  sw2Target: 30,
  target: 0,
  trajectory: [30, 40],
});
const uniform = Array.from({ length: 10 }, () => 0.1);
const mnistPt = (step: number, extra: Partial<EvalPoint> = {}): EvalPoint => ({ ...base(step), fd: 100 / (step + 1), classHist: uniform, ...extra });
const seriesOf = (method: 'vanilla' | 'disback', points: EvalPoint[]): MethodSeries => ({ ...emptySeries(method), points, step: points.at(-1)?.step ?? 0, seen: true });

describe('MNIST metric reading', () => {
  it('reads optional fields and treats absent or malformed ones as missing', () => {
    expect(numberField(mnistPt(0), 'fd')).toBe(100);
    expect(numberField(base(0), 'fd')).toBeUndefined();
    expect(numberField({ ...base(0), fd: NaN }, 'fd')).toBeUndefined();
    expect(numberField({ ...base(0), fd: 'x' as unknown as number }, 'fd')).toBeUndefined();
    expect(numberField(undefined, 'fd')).toBeUndefined();
  });

  it('normalises class histograms and refuses malformed ones', () => {
    expect(classHistOf(mnistPt(0))).toEqual(uniform.map(() => expect.closeTo(0.1, 9)));
    expect(classHistOf({ ...base(0), classHist: [2, 2, 0, 0, 0, 0, 0, 0, 0, 0] })?.slice(0, 3)).toEqual([0.5, 0.5, 0]);
    expect(classHistOf({ ...base(0), classHist: [1, 2, 3] })).toBeNull();
    expect(classHistOf({ ...base(0), classHist: [NaN, 0, 0, 0, 0, 0, 0, 0, 0, 1] })).toBeNull();
    expect(classHistOf({ ...base(0), classHist: Array(10).fill(0) })).toBeNull();
    expect(classHistOf(base(0))).toBeNull();
  });

  it('counts classes: the worker count first, else classes holding >= 1 % of the histogram', () => {
    expect(classesOf({ ...mnistPt(0), classes: 7 })).toBe(7);
    expect(classesOf(mnistPt(0))).toBe(10);
    const h = [0.5, 0.495, 0.005, 0, 0, 0, 0, 0, 0, 0];
    expect(classesOf({ ...base(0), classHist: h })).toBe(2);
    expect(classesOf(base(0))).toBeUndefined();
    expect(metricValue({ ...base(0), classHist: h }, 'classes')).toBe(2);
  });

  it('makes chart rows for FD, with nulls for missing values and non-positive ones on a log axis', () => {
    const pts = [mnistPt(0), base(10), mnistPt(20, { fd: 0 }), mnistPt(30)];
    expect(metricRows(pts, 'fd', 'step', true).map((r) => r.y)).toEqual([100, null, null, 100 / 31]);
    expect(metricRows(pts, 'fd', 'step', false).map((r) => r.y)).toEqual([100, null, 0, 100 / 31]);
    expect(metricRows(pts, 'fd', 'passes', false).map((r) => r.x)).toEqual([0, 90, 180, 270]);
    expect(metricRows([mnistPt(0, { confident: 0.5 })], 'confident', 'step', false)[0].y).toBe(0.5);
  });

  it('finds the latest histogram and builds grouped bar rows per digit', () => {
    const skewed = [0.3, 0.3, 0.4, 0, 0, 0, 0, 0, 0, 0];
    const v = seriesOf('vanilla', [mnistPt(0), mnistPt(10, { classHist: skewed }), base(20)]);
    expect(latestWithHist(v.points)?.point.step).toBe(10);
    const d = seriesOf('disback', [base(0)]);
    const r = classHistRows(['vanilla', 'disback'], { vanilla: v, disback: d });
    expect(r?.methods).toEqual(['vanilla']);
    expect(r?.steps).toEqual({ vanilla: 10 });
    expect(r?.rows).toHaveLength(10);
    expect(r?.rows[2]).toEqual({ digit: '2', vanilla: expect.closeTo(0.4, 9) });
    expect(classHistRows(['disback'], { disback: d })).toBeNull();
    expect(classHistRows(['vanilla'], {})).toBeNull();
  });

  it('scales bar heights to the tallest bar, 20 % at least', () => {
    expect(barHeights(uniform)).toEqual(uniform.map(() => 50));
    expect(barHeights([1, 0, 0, 0, 0, 0, 0, 0, 0, 0])[0]).toBe(100);
    expect(barHeights([NaN, 0.1])).toEqual([0, 50]);
  });
});

describe('MNIST charts', () => {
  it('shows the digit metrics first for MNIST and hides the 2-D distances', () => {
    const names = chartsFor(true).map((c) => c.name);
    expect(names.slice(0, 4)).toEqual(['fd', 'classes', 'confident', 'progress']);
    expect(names).not.toContain('sw2');
    expect(names).not.toContain('mmd');
    expect(names).toContain('mismatch');
    expect(chartsFor(false).map((c) => c.name)).toEqual(CHARTS.filter((c) => !c.mnistOnly).map((c) => c.name));
    const fd = chartsFor(true)[0];
    expect(fd.logOk).toBe(true);
    expect(fd.lines.map((l) => l.key)).toEqual(['fd', 'fdTeacher']);
    const classes = chartsFor(true)[1];
    expect(classes).toMatchObject({ logOk: false, domain: [0, 10] });
    expect(chartsFor(true).every((c) => !!c.yLabel)).toBe(true);
  });

  it('drops the FD-to-teacher line while no point has it, and keeps it once one does', () => {
    const fd = chartsFor(true)[0];
    const without = { vanilla: seriesOf('vanilla', [mnistPt(0)]) };
    expect(presentLines(fd, ['vanilla'], without).map((l) => l.key)).toEqual(['fd']);
    const withT = { vanilla: seriesOf('vanilla', [mnistPt(0, { fdTeacher: 5 })]) };
    expect(presentLines(fd, ['vanilla'], withT).map((l) => l.key)).toEqual(['fd', 'fdTeacher']);
    const mismatch = CHARTS.find((c) => c.name === 'mismatch')!;
    expect(presentLines(mismatch, ['vanilla'], {})).toHaveLength(2);
    expect(anyHas(['vanilla'], withT, 'classes')).toBe(true);
    expect(anyHas(['vanilla'], { vanilla: seriesOf('vanilla', [base(0)]) }, 'classes')).toBe(false);
  });

  it('tells an empty chart from one whose metric is not measured', () => {
    expect(chartEmptyText([])).toMatch(/No points yet/);
    expect(chartEmptyText([[{ x: 0, y: null }]])).toMatch(/Not measured/);
    expect(chartEmptyText([[{ x: 0, y: null }], [{ x: 0, y: 3 }]])).toBeNull();
  });

  it('formats tooltip values by kind', () => {
    expect(formatMetric(0.256, { format: 'fraction' })).toBe('25.6 %');
    expect(formatMetric(7, { format: 'count' })).toBe('7 of 10');
    expect(formatMetric(12.3456, {})).toBe('12.35');
    expect(formatMetric(NaN, {})).toBe('–');
    expect(formatMetric('x', {})).toBe('–');
  });
});
