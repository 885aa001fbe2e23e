/**
 * Sample files: CSV (a header x,y or x0,x1,...; one sample per line) or JSON
 * ({dim, n, samples: [[...], ...]}). The reader also takes a bare array of rows, an array
 * of {x, y} objects and {points: [...]}; it refuses ragged rows and non-finite values.
 */
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { UsageError } from './args';

export const MAX_SAMPLE_BYTES = 256 * 1024 * 1024;

export interface Samples {
  data: Float32Array;
  dim: number;
  n: number;
}

/** Shortest decimal that reads back as the same float32. */
export function f32String(v: number): string {
  if (Object.is(v, -0)) return '-0';
  for (let p = 6; p < 9; p++) {
    const s = v.toPrecision(p);
    if (Math.fround(Number(s)) === v) return String(Number(s));
  }
  return String(Number(v.toPrecision(9)));
}

export function samplesCsv(s: Samples): string {
  const head = s.dim === 2 ? 'x,y' : Array.from({ length: s.dim }, (_, j) => `x${j}`).join(',');
  const lines = [head];
  for (let i = 0; i < s.n; i++) {
    const row: string[] = [];
    for (let j = 0; j < s.dim; j++) row.push(f32String(s.data[i * s.dim + j]));
    lines.push(row.join(','));
  }
  return `${lines.join('\n')}\n`;
}

export function samplesJson(s: Samples, extra: Record<string, unknown> = {}): string {
  const rows: number[][] = [];
  for (let i = 0; i < s.n; i++) rows.push(Array.from(s.data.subarray(i * s.dim, (i + 1) * s.dim), (v) => Number(f32String(v))));
  return `${JSON.stringify({ ...extra, dim: s.dim, n: s.n, samples: rows })}\n`;
}

export function writeSamples(path: string, s: Samples, extra: Record<string, unknown> = {}): void {
  if (/\.json$/i.test(path)) writeFileSync(path, samplesJson(s, extra));
  else if (/\.csv$/i.test(path)) writeFileSync(path, samplesCsv(s));
  else throw new UsageError(`--out ${path}: the file name must end in .csv or .json`);
}

function fromRows(rows: number[][], where: string): Samples {
  if (rows.length === 0) throw new UsageError(`${where}: no samples`);
  const dim = rows[0].length;
  if (dim < 1) throw new UsageError(`${where}: empty rows`);
  const data = new Float32Array(rows.length * dim);
  rows.forEach((r, i) => {
    if (r.length !== dim) throw new UsageError(`${where}: sample ${i + 1} has ${r.length} values, the first has ${dim}`);
    r.forEach((v, j) => {
      if (typeof v !== 'number' || !Number.isFinite(v)) throw new UsageError(`${where}: sample ${i + 1} value ${j + 1} is not a finite number`);
      data[i * dim + j] = v;
    });
  });
  return { data, dim, n: rows.length };
}

function parseJsonSamples(text: string, where: string): Samples {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch (e) {
    throw new UsageError(`${where}: not valid JSON (${e instanceof Error ? e.message : String(e)})`);
  }
  if (v && typeof v === 'object' && !Array.isArray(v)) {
    const o = v as { samples?: unknown; points?: unknown };
    v = o.samples ?? o.points;
  }
  if (!Array.isArray(v)) throw new UsageError(`${where}: expected an array of samples, {samples: [...]} or {points: [...]}`);
  const rows = v.map((r, i) => {
    if (Array.isArray(r)) return r as number[];
    if (r && typeof r === 'object' && 'x' in r && 'y' in r) return [(r as { x: number }).x, (r as { y: number }).y];
    throw new UsageError(`${where}: sample ${i + 1} is neither an array nor {x, y}`);
  });
  return fromRows(rows, where);
}

function parseCsvSamples(text: string, where: string): Samples {
  const lines = text.split(/\r\n|\n|\r/).map((l) => l.trim()).filter((l) => l.length > 0 && !l.startsWith('#'));
  const split = (l: string) => l.split(/\s*[,;\t]\s*|\s+/);
  let start = 0;
  if (lines.length > 0 && split(lines[0]).some((f) => Number.isNaN(Number(f)) && !/^[+-]?(nan|inf|infinity)$/i.test(f))) start = 1;
  const rows: number[][] = [];
  for (let i = start; i < lines.length; i++) {
    rows.push(split(lines[i]).map((f) => {
      const x = f === '' ? NaN : Number(f);
      if (!Number.isFinite(x)) throw new UsageError(`${where}: line ${i + 1}: '${f}' is not a finite number`);
      return x;
    }));
  }
  return fromRows(rows, where);
}

export function parseSamples(text: string, where: string): Samples {
  const t = text.trimStart();
  return t.startsWith('[') || t.startsWith('{') ? parseJsonSamples(t, where) : parseCsvSamples(t, where);
}

export function readSamples(path: string): Samples {
  let size: number;
  try {
    size = statSync(path).size;
  } catch {
    throw new UsageError(`--samples: ${path} does not exist`);
  }
  if (size > MAX_SAMPLE_BYTES) throw new UsageError(`--samples: ${path} is too large (${size} bytes, limit ${MAX_SAMPLE_BYTES})`);
  return parseSamples(readFileSync(path, 'utf8'), path);
}
