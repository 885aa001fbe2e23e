import { describe, expect, it } from 'vitest';
import { areaUnderCurve, bandOf, finalValue, firstCrossing, median, summarise } from '../../src/cli/compareStats';
import { Progress } from '../../src/cli/context';
import type { RunFile } from '../../src/cli/runFile';
import { bandChart, linearTicks, logTicks } from '../../src/cli/svgPlot';
import { f32String, parseSamples, samplesCsv } from '../../src/cli/samplesIo';

const run = (step: number[], sw2: number[], passes = step.map((s) => 100 + 9 * s)) =>
  ({ series: { step, sw2Teacher: sw2, passes, sw2Data: sw2 } }) as unknown as RunFile;

describe('compare statistics', () => {
  it('final = mean over the last 10% of iterations; AUC = mean SW2 over the run', () => {
    const step = [0, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100];
    const y = [1, 0.9, 0.8, 0.7, 0.6, 0.5, 0.4, 0.3, 0.2, 0.1, 0.1];
    expect(finalValue(step, y)).toBeCloseTo(0.1, 12);
    expect(finalValue([0, 50, 100], [1, 0.5, 0.2])).toBe(0.2);
    expect(areaUnderCurve([0, 10], [1, 0])).toBeCloseTo(0.5, 12);
    expect(areaUnderCurve([0, 10, 30], [2, 2, 2])).toBe(2);
  });
  it('first crossing reports iterations and passes; median counts misses as infinite', () => {
    const r = run([0, 10, 20], [1, 0.4, 0.2]);
    expect(firstCrossing(r, 0.5)).toEqual({ step: 10, passes: 190 });
    expect(firstCrossing(r, 0.1)).toEqual({ step: null, passes: null });
    expect(median([3, 1, 2])).toBe(2);
    expect(median([1, 2, 3, 4])).toBe(2.5);
    expect(summarise([10, null, null])).toMatchObject({ median: Infinity, min: 10, max: 10, reached: 1, of: 3 });
    expect(summarise([10, 20, null])).toMatchObject({ median: 20, reached: 2 });
  });
  it('bands: median and min-max over seeds per evaluation', () => {
    const b = bandOf([run([0, 10], [1, 0.5]), run([0, 10], [2, 0.3]), run([0, 10], [3, 0.4])], 'step', 'sw2Teacher');
    expect(b).toEqual({ x: [0, 10], median: [2, 0.4], lo: [1, 0.3], hi: [3, 0.5] });
  });
});

describe('SVG plots', () => {
  it('ticks are round numbers inside the range', () => {
    expect(linearTicks(0, 1000)).toEqual([0, 200, 400, 600, 800, 1000]);
    expect(logTicks(0.03, 0.6)).toEqual([0.05, 0.1, 0.2, 0.5]);
    expect(logTicks(1e-4, 10)).toEqual([1e-4, 1e-3, 0.01, 0.1, 1, 10]);
    expect(logTicks(0.15, 0.65)).toEqual([0.2, 0.3, 0.4, 0.5, 0.6]);
  });
  it('draws a band and a line per series, escaping names', () => {
    const svg = bandChart(
      [{ name: 'A <1>', color: '#f00', x: [0, 1, 2], median: [1, 0.5, 0.2], lo: [0.9, 0.4, 0.1], hi: [1.1, 0.6, 0.3] }, { name: 'B', color: '#00f', x: [0, 1, 2], median: [1, 0.7, 0.6], lo: [1, 0.7, 0.6], hi: [1, 0.7, 0.6] }],
      { title: 't', xLabel: 'x', yLabel: 'y' },
    );
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg.trim().endsWith('</svg>')).toBe(true);
    expect(svg.match(/<polyline/g)).toHaveLength(2);
    expect(svg.match(/<polygon/g)).toHaveLength(2);
    expect(svg).toContain('A &lt;1&gt;');
    expect(svg).not.toContain('NaN');
  });
});

describe('sample files and progress', () => {
  it('CSV round-trips float32 values exactly with short decimals', () => {
    const data = Float32Array.from([0.1, -2.5, 1 / 3, 1e-7, 123456.78, -0]);
    const text = samplesCsv({ data, dim: 2, n: 3 });
    expect(text.split('\n')[1]).toBe('0.1,-2.5');
    expect(parseSamples(text, 't').data).toEqual(data);
    expect(f32String(Math.fround(1 / 3))).toBe('0.33333334');
  });
  it('non-terminal progress prints about one line per tenth, not one per update', () => {
    const lines: string[] = [];
    const p = new Progress({ out: () => undefined, err: (t) => lines.push(t), tty: false });
    for (let s = 1; s <= 200; s++) p.update(`training: step ${s}/200, loss ${(1 / s).toFixed(4)}`, s / 200);
    p.update('sampling', 0.5);
    expect(lines.length).toBeLessThanOrEqual(12);
    expect(lines[lines.length - 1]).toMatch(/sampling/);
  });
});
