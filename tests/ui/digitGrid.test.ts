import { describe, expect, it } from 'vitest';
import { digitGridLayout, imageCount, inkLevel } from '../../src/ui/canvas/digitGrid';
import { trajectoryMetric } from '../../src/ui/panels/Trajectory';

describe('digit grid layout', () => {
  it('puts 64 digits in a square as 8 x 8, centred, whole-pixel cells', () => {
    const l = digitGridLayout(64, 300, 300);
    expect(l).toMatchObject({ n: 64, cols: 8, rows: 8, cell: 37, gap: 1 });
    expect(l!.x0).toBe(Math.floor((300 - 8 * 37) / 2));
    expect(l!.y0).toBe(l!.x0);
  });

  it('fits other counts and aspects', () => {
    expect(digitGridLayout(16, 84, 84)).toMatchObject({ cols: 4, rows: 4, cell: 21 });
    expect(digitGridLayout(64, 84, 84)).toMatchObject({ cols: 8, rows: 8, cell: 10, gap: 1 });
    expect(digitGridLayout(64, 400, 100)).toMatchObject({ cols: 16, rows: 4, cell: 25 });
    expect(digitGridLayout(10, 100, 100)).toMatchObject({ cols: 4, rows: 3 });
    expect(digitGridLayout(1, 50, 50)).toMatchObject({ cols: 1, rows: 1, cell: 50 });
  });

  it('drops the gap on tiny cells and refuses what cannot be drawn', () => {
    expect(digitGridLayout(64, 40, 40)).toMatchObject({ cell: 5, gap: 0 });
    expect(digitGridLayout(64, 8, 8)).toBeNull();
    expect(digitGridLayout(0, 100, 100)).toBeNull();
    expect(digitGridLayout(64, 0, 100)).toBeNull();
    expect(digitGridLayout(NaN, 100, 100)).toBeNull();
  });

  it('counts whole images and maps pixel values to ink', () => {
    expect(imageCount(new Float32Array(784 * 3 + 5), 784)).toBe(3);
    expect(imageCount(new Float32Array(2 * 128), 784)).toBe(0);
    expect(imageCount(null, 784)).toBe(0);
    expect(inkLevel(-1)).toBe(0);
    expect(inkLevel(1)).toBe(1);
    expect(inkLevel(0)).toBe(0.5);
    expect(inkLevel(3)).toBe(1);
    expect(inkLevel(NaN)).toBe(0);
  });

  it('labels the heat map by the data set', () => {
    expect(trajectoryMetric('mnist').short).toBe('FD');
    expect(trajectoryMetric('moons').short).toBe('SW2');
  });
});
