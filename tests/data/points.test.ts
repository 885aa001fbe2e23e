import { describe, expect, it } from 'vitest';
import { Rng } from '../../src/engine/philox';
import { DataError, MAX_POINTS, MAX_TEXT_CHARS, parsePoints, samplePoints } from '../../src/data/points';

const grid = (n: number, scale = 1, off = 0) => {
  const a = new Float32Array(2 * n);
  for (let i = 0; i < n; i++) {
    a[2 * i] = (i % 7) * scale + off;
    a[2 * i + 1] = Math.floor(i / 7) * scale - off;
  }
  return a;
};

function refused(input: Parameters<typeof parsePoints>[0], re: RegExp): void {
  let err: unknown;
  try {
    parsePoints(input);
  } catch (e) {
    err = e;
  }
  expect(err).toBeInstanceOf(DataError);
  expect((err as DataError).name).toBe('DataError');
  expect((err as DataError).message).toMatch(re);
}

describe('parsePoints: accepted input and normalisation', () => {
  it('Float32Array: mean 0, pooled std 1, normalisation inverts', () => {
    const raw = grid(30, 3, 10);
    const s = parsePoints(raw);
    expect(s.n).toBe(30);
    expect(s.sigmaData).toBeCloseTo(1, 6);
    let mx = 0, my = 0;
    for (let i = 0; i < 30; i++) {
      mx += s.points[2 * i];
      my += s.points[2 * i + 1];
    }
    expect(Math.abs(mx / 30)).toBeLessThan(1e-6);
    expect(Math.abs(my / 30)).toBeLessThan(1e-6);
    const { mean, std } = s.normalisation;
    for (let i = 0; i < 30; i++) {
      expect(s.points[2 * i] * std + mean[0]).toBeCloseTo(raw[2 * i], 4);
      expect(s.points[2 * i + 1] * std + mean[1]).toBeCloseTo(raw[2 * i + 1], 4);
    }
  });

  it('huge and tiny coordinates are normalised to unit scale', () => {
    for (const scale of [1e300, 1e30, 1e-30]) {
      const raw = Float64Array.from(grid(20), (v) => v * scale + 3 * scale);
      const s = parsePoints(raw);
      expect(s.points.every(Number.isFinite)).toBe(true);
      expect(s.sigmaData).toBeCloseTo(1, 5);
      expect(s.normalisation.std / scale).toBeGreaterThan(0.5);
      expect(s.normalisation.std / scale).toBeLessThan(5);
    }
    const csv = Array.from({ length: 10 }, (_, i) => `${i}e300, ${(i * i) % 5}e300`).join('\n');
    expect(parsePoints(csv).sigmaData).toBeCloseTo(1, 5);
  });

  it('CSV: header, separators, comments, CRLF, quotes, named columns', () => {
    const rows = Array.from({ length: 9 }, (_, i) => [i, (i * 3) % 4]);
    const plain = parsePoints(rows.map(([x, y]) => `${x},${y}`).join('\n'));
    const variants = [
      'x,y\n' + rows.map(([x, y]) => `${x},${y}`).join('\r\n') + '\r\n',
      '# comment\n\n' + rows.map(([x, y]) => `${x}; ${y}`).join('\n'),
      rows.map(([x, y]) => `${x}\t${y}`).join('\n'),
      rows.map(([x, y]) => `  ${x}   ${y} `).join('\n'),
      '"x","y"\n' + rows.map(([x, y]) => `"${x}","${y}"`).join('\n'),
      'id,label,Y,X\n' + rows.map(([x, y], i) => `${i},a,${y},${x}`).join('\n'),
      rows.map(([x, y]) => `${x}.0e0,+${y}.`).join('\n'),
    ];
    for (const v of variants) expect(parsePoints(v).points).toEqual(plain.points);
  });

  it('JSON: pairs, objects, {points}, parsed arrays', () => {
    const rows = Array.from({ length: 9 }, (_, i) => [i, (i * 3) % 4]);
    const ref = parsePoints(JSON.stringify(rows)).points;
    expect(parsePoints(JSON.stringify(rows.map(([x, y]) => ({ x, y })))).points).toEqual(ref);
    expect(parsePoints(JSON.stringify({ points: rows })).points).toEqual(ref);
    expect(parsePoints(rows).points).toEqual(ref);
    expect(parsePoints(Float32Array.from(rows.flat())).points).toEqual(ref);
  });
});

describe('parsePoints: refusals', () => {
  it('empty input', () => {
    refused(new Float32Array(0), /empty/);
    refused('', /empty/);
    refused('   \n  ', /empty/);
    refused('# only a comment\n', /no data lines/);
    refused('[]', /empty/);
    refused([], /empty/);
  });

  it('too few points and degenerate sets', () => {
    refused(new Float32Array([1, 2]), /Too few points: 1 given, at least 8/);
    refused(grid(7), /Too few points: 7/);
    expect(parsePoints(grid(8)).n).toBe(8);
    refused(new Float32Array(16).fill(3), /identical|zero variance/);
    refused(new Float32Array(16), /zero variance/);
    refused(new Float32Array(3), /pairs/);
  });

  it('NaN and Infinity', () => {
    const a = grid(10);
    a[7] = NaN;
    refused(a, /Point 4 has a NaN y/);
    a[7] = -Infinity;
    refused(a, /Point 4 has an infinite y/);
    refused('1,2\n3,NaN\n' + '1,1\n'.repeat(8), /line 2: NaN/);
    refused('1,2\ninf,3\n' + '1,1\n'.repeat(8), /line 2: Infinity/);
    refused('1,2\n1e400,3\n' + '1,1\n'.repeat(8), /too large/);
    refused(JSON.stringify([[1, 2], [NaN, 3], ...Array(8).fill([0, 1])]), /point 2: null .*NaN/);
  });

  it('garbage CSV and JSON', () => {
    refused('hello world\nfoo bar\n', /line 2: 'foo' is not a number/);
    refused('1,2\n3,abc\n', /line 2: 'abc' is not a number/);
    refused('1,2,3\n4,5,6\n', /line 1: expected two fields/);
    refused('1\n2\n', /line 1: expected two fields/);
    refused('0x10,3\n1,2', /'0x10' is not a number/);
    refused('1,,2\n', /expected two fields|not a number/);
    refused('[1, 2', /Not valid JSON/);
    refused('{"a": 1}', /must be an array/);
    refused('[[1, 2], [3]]', /point 2: expected \[x, y\]/);
    refused('[["1", "2"]]', /point 1: "1" is not a number/);
    refused('[{"x": 1}]', /point 1 \(y\): the coordinate is missing/);
    refused('[1, 2, 3]', /point 1: expected \[x, y\] or \{x, y\}/);
    refused(42 as unknown as string, /Unsupported/);
  });

  it('10^7 points are refused at once, naming the cap', () => {
    const big = new Float32Array(2e7);
    let t = performance.now();
    refused(big, new RegExp(`10,000,000 given, the limit is ${MAX_POINTS.toLocaleString('en-US')}`));
    expect(performance.now() - t).toBeLessThan(50);
    const text = '1,2\n'.repeat(Math.ceil(MAX_TEXT_CHARS / 4) + 10);
    t = performance.now();
    refused(text, /too long .*limit is 16 MB/);
    expect(performance.now() - t).toBeLessThan(50);
    refused('1,2\n'.repeat(MAX_POINTS + 1), /200,001 CSV lines, the limit is 200,000/);
    refused(new Array(MAX_POINTS + 5).fill([0, 0]), /200,005 given/);
    expect(parsePoints(Float32Array.from({ length: 2 * MAX_POINTS }, (_, i) => i % 13)).n).toBe(MAX_POINTS);
  });
});

describe('samplePoints', () => {
  const set = parsePoints(grid(50, 1, 0));
  it('draws with replacement from the set, seeded', () => {
    const a = samplePoints(set, 5000, new Rng(1, 2));
    expect(samplePoints(set, 5000, new Rng(1, 2))).toEqual(a);
    expect(samplePoints(set, 5000, new Rng(2, 2))).not.toEqual(a);
    const key = (x: number, y: number) => `${x},${y}`;
    const idx = new Map<string, number>();
    for (let i = 0; i < 50; i++) idx.set(key(set.points[2 * i], set.points[2 * i + 1]), i);
    const counts = new Array(50).fill(0);
    for (let i = 0; i < 5000; i++) {
      const k = idx.get(key(a[2 * i], a[2 * i + 1]));
      expect(k).toBeDefined();
      counts[k!]++;
    }
    for (const c of counts) expect(Math.abs(c - 100)).toBeLessThan(45); // ~4.5 sd
  });
  it('jitter adds gaussian noise of the given std', () => {
    const a = samplePoints(set, 4000, new Rng(3), 0);
    const b = samplePoints(set, 4000, new Rng(3), 0.05);
    // the indices come first, so the two draws pick the same points
    let ss = 0;
    for (let i = 0; i < a.length; i++) ss += (a[i] - b[i]) ** 2;
    expect(Math.sqrt(ss / a.length)).toBeCloseTo(0.05, 2);
    expect(() => samplePoints(set, 10, new Rng(3), -1)).toThrow(/jitter/);
  });
});
