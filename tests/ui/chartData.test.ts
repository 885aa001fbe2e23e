import { describe, expect, it } from 'vitest';
import type { EvalPoint } from '../../workers/api';
import { compactNumber, logDomain, metricRows, stepToX, switchMarks, thin } from '../../src/ui/charts/chartData';

const pt = (step: number, v: number): EvalPoint => ({
  step,
  passes: 1000 + step * 4,
  wall: 0,
  lossG: v,
  lossFake: v,
  sw2Teacher: v,
  mmdTeacher: v,
  energyTeacher: v,
  sw2Data: v,
  mismatchTarget: v,
  mismatchTeacher: v,
  sw2Target: v,
  target: 0,
  trajectory: [],
});

describe('chart data', () => {
  it('maps x to steps or passes and hides what a log axis cannot show', () => {
    const pts = [pt(10, 1), pt(20, -0.1), pt(30, NaN), pt(40, 0.5)];
    expect(metricRows(pts, 'mmdTeacher', 'step', false).map((r) => r.y)).toEqual([1, -0.1, null, 0.5]);
    expect(metricRows(pts, 'mmdTeacher', 'passes', true)).toEqual([
      { x: 1040, y: 1 },
      { x: 1080, y: null },
      { x: 1120, y: null },
      { x: 1160, y: 0.5 },
    ]);
  });

  it('thins long series keeping both ends', () => {
    const rows = Array.from({ length: 1000 }, (_, i) => i);
    const t = thin(rows, 100);
    expect(t).toHaveLength(100);
    expect(t[0]).toBe(0);
    expect(t[99]).toBe(999);
    expect(thin([1, 2, 3], 100)).toEqual([1, 2, 3]);
  });

  it('places switches on the compute axis by interpolation', () => {
    const pts = [pt(100, 1), pt(200, 1)];
    expect(stepToX(pts, 150, 'passes')).toBe(1600);
    expect(stepToX(pts, 150, 'step')).toBe(150);
    expect(stepToX(pts, 250, 'passes')).toBeNull();
    expect(switchMarks(pts, [{ step: 150, node: 3 }], 'passes')).toEqual([{ x: 1600, node: 3 }]);
  });

  it('log domain and number formatting', () => {
    expect(logDomain([[{ x: 0, y: null }]])).toBeNull();
    const [lo, hi] = logDomain([[{ x: 0, y: 0.1 }, { x: 1, y: 10 }]])!;
    expect(lo).toBeLessThan(0.1);
    expect(hi).toBeGreaterThan(10);
    expect(compactNumber(12345)).toBe('12.3k');
    expect(compactNumber(0.5)).toBe('0.5');
  });
});
