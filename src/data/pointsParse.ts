/**
 * Parsers for user point clouds (used by points.ts). Both return interleaved float64
 * coordinates [x0, y0, x1, y1, ...] and throw DataError naming the first bad line / item.
 *
 * CSV: one point per line; fields separated by commas, semicolons, tabs or spaces; blank
 * lines and lines starting with '#' are skipped; fields may be double-quoted. The first
 * line is a header when none of its fields is a number: the columns named x and y
 * (case-insensitive) are used, or the first two columns when there are no such names.
 * Without a header every line must have exactly two fields.
 * JSON: an array of [x, y] pairs or of {x, y} objects, or an object {points: [...]}.
 * Numbers must be JSON numbers (strings are refused); null (how NaN/Infinity are exported)
 * is refused.
 */
import { DataError } from './errors';

const NUM_RE = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const NAN_RE = /^[+-]?nan$/i;
const INF_RE = /^[+-]?(inf|infinity)$/i;

function clip(s: string): string {
  return s.length > 40 ? `${s.slice(0, 37)}...` : s;
}

function field(raw: string): string {
  const s = raw.trim();
  return s.length >= 2 && s[0] === '"' && s[s.length - 1] === '"' ? s.slice(1, -1).trim() : s;
}

function looksNumeric(s: string): boolean {
  return NUM_RE.test(s) || NAN_RE.test(s) || INF_RE.test(s);
}

function parseNum(s: string, where: string): number {
  if (NAN_RE.test(s)) throw new DataError(`${where}: NaN is not allowed.`);
  if (INF_RE.test(s)) throw new DataError(`${where}: Infinity is not allowed.`);
  if (!NUM_RE.test(s)) throw new DataError(`${where}: '${clip(s)}' is not a number.`);
  const v = Number(s);
  if (!Number.isFinite(v)) throw new DataError(`${where}: '${clip(s)}' is too large (overflows to Infinity).`);
  return v;
}

const SPLIT_RE = /\s*[,;\t]\s*|\s+/;

export function parseCsv(text: string, maxPoints: number): Float64Array {
  const lines = text.split(/\r\n|\n|\r/);
  const data: number[] = []; // indices of data lines
  for (let i = 0; i < lines.length; i++) {
    const t = lines[i].trim();
    if (t.length > 0 && t[0] !== '#') data.push(i);
  }
  if (data.length === 0) throw new DataError('No points: the CSV text has no data lines.');
  let ix = 0, iy = 1, start = 0, header = false;
  const first = lines[data[0]].trim().split(SPLIT_RE).map(field);
  if (!first.some(looksNumeric)) {
    header = true;
    start = 1;
    const names = first.map((s) => s.toLowerCase());
    if (names.includes('x') && names.includes('y')) {
      ix = names.indexOf('x');
      iy = names.indexOf('y');
    } else if (first.length < 2) {
      throw new DataError(`CSV line ${data[0] + 1}: '${clip(lines[data[0]].trim())}' is neither a header nor an "x,y" pair.`);
    }
  }
  const n = data.length - start;
  if (n > maxPoints)
    throw new DataError(`Too many points: ${n.toLocaleString('en-US')} CSV lines, the limit is ${maxPoints.toLocaleString('en-US')}. Subsample the data first.`);
  const need = Math.max(ix, iy) + 1;
  const out = new Float64Array(2 * n);
  for (let k = 0; k < n; k++) {
    const li = data[k + start];
    const f = lines[li].trim().split(SPLIT_RE);
    const where = `CSV line ${li + 1}`;
    if (header ? f.length < need : f.length !== 2)
      throw new DataError(`${where}: expected ${header ? `at least ${need}` : 'two'} fields (x, y), found ${f.length} in '${clip(lines[li].trim())}'.`);
    out[2 * k] = parseNum(field(f[ix]), where);
    out[2 * k + 1] = parseNum(field(f[iy]), where);
  }
  return out;
}

function jsonNum(v: unknown, where: string): number {
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) throw new DataError(`${where}: ${v} is not a finite number.`);
    return v;
  }
  if (v === null) throw new DataError(`${where}: null is not a number (JSON writes NaN and Infinity as null).`);
  if (v === undefined) throw new DataError(`${where}: the coordinate is missing.`);
  throw new DataError(`${where}: ${clip(JSON.stringify(v) ?? String(v))} is not a number.`);
}

export function parseJson(input: string | unknown[], maxPoints: number): Float64Array {
  let v: unknown = input;
  if (typeof input === 'string') {
    try {
      v = JSON.parse(input);
    } catch (e) {
      throw new DataError(`Not valid JSON: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  if (v !== null && typeof v === 'object' && !Array.isArray(v) && Array.isArray((v as { points?: unknown }).points)) v = (v as { points: unknown[] }).points;
  if (!Array.isArray(v)) throw new DataError('JSON points must be an array of [x, y] pairs or {x, y} objects (or {"points": [...]}).');
  const n = v.length;
  if (n === 0) throw new DataError('No points: the JSON array is empty.');
  if (n > maxPoints)
    throw new DataError(`Too many points: ${n.toLocaleString('en-US')} given, the limit is ${maxPoints.toLocaleString('en-US')}. Subsample the data first.`);
  const out = new Float64Array(2 * n);
  for (let i = 0; i < n; i++) {
    const p: unknown = v[i];
    const where = `JSON point ${i + 1}`;
    if (Array.isArray(p)) {
      if (p.length !== 2) throw new DataError(`${where}: expected [x, y], found an array of length ${p.length}.`);
      out[2 * i] = jsonNum(p[0], where);
      out[2 * i + 1] = jsonNum(p[1], where);
    } else if (p !== null && typeof p === 'object') {
      const o = p as Record<string, unknown>;
      out[2 * i] = jsonNum(o.x, `${where} (x)`);
      out[2 * i + 1] = jsonNum(o.y, `${where} (y)`);
    } else {
      throw new DataError(`${where}: expected [x, y] or {x, y}, found ${clip(JSON.stringify(p) ?? String(p))}.`);
    }
  }
  return out;
}
