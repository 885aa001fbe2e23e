/**
 * A saved run (what IndexedDB keeps and what "Save run file" writes): the race state of
 * raceState.ts, the user's points, the metric series the worker produced, and when.
 *
 * File format (docs/reliability.md), little-endian:
 *   bytes 0..7   magic "DSBKRUN1"
 *   bytes 8..11  u32 H: length of the header
 *   H bytes      UTF-8 JSON header: { format, version, blobs: [lengths], run }, where every
 *                Float32Array of the run is written as {"$f32": i} (the i-th blob) and every
 *                non-finite number as {"$num": "NaN" | "Infinity" | "-Infinity"}
 *   0..3 bytes   zero padding to a multiple of 4
 *   payload      the blobs' float32 values, back to back, nothing after them
 * Decoding treats the bytes as untrusted: size caps first, then the header's shape (zod,
 * strict), then the counts and values against the spec (savedRunCheck.ts).
 */
import type { MethodId } from '../config/schema';
import { MAX_RUN_FILE_BYTES, RUN_FILE_MAGIC, RUN_FILE_VERSION } from '../config/runFile';
import type { RaceState } from './raceState';
import type { EvalPoint } from './types';
import { checkSavedRun, RunFileError } from './savedRunCheck';

export { RunFileError };

export { MAX_RUN_FILE_BYTES, RUN_FILE_MAGIC, RUN_FILE_VERSION };
export const MAX_HEADER_BYTES = 32 * 1024 * 1024;
export const MAX_BLOBS = 4096;

export interface SavedRun {
  /** ms since the epoch */
  savedAt: number;
  /** the user's points (data set 'points'), [n, 2] */
  points: Float32Array | null;
  teacherMode: 'pretrained' | 'train';
  /** every evaluation point each method produced, in order */
  history: Partial<Record<MethodId, EvalPoint[]>>;
  race: RaceState;
}

const enc = new TextEncoder();

/** One file (or IndexedDB value) for a run. Throws a RunFileError when it would exceed the size cap. */
export function encodeRun(run: SavedRun): Uint8Array {
  const blobs: Float32Array[] = [];
  const json = JSON.stringify({ format: 'disback-run', version: RUN_FILE_VERSION, blobs: [] as number[], run }, function (this: unknown, _k: string, v: unknown) {
    if (v instanceof Float32Array) {
      blobs.push(v);
      return { $f32: blobs.length - 1 };
    }
    if (typeof v === 'number' && !Number.isFinite(v)) return { $num: String(v) };
    return v;
  });
  // the blob table is known only now: splice it in place of the empty placeholder
  const header = enc.encode(json.replace('"blobs":[]', `"blobs":${JSON.stringify(blobs.map((b) => b.length))}`));
  const pad = (4 - ((12 + header.length) % 4)) % 4;
  let total = 12 + header.length + pad;
  for (const b of blobs) total += b.byteLength;
  if (total > MAX_RUN_FILE_BYTES) throw new RunFileError(`this run is too large to save (${mb(total)}; the limit is ${mb(MAX_RUN_FILE_BYTES)})`);
  const out = new Uint8Array(total);
  out.set(enc.encode(RUN_FILE_MAGIC), 0);
  new DataView(out.buffer).setUint32(8, header.length, true);
  out.set(header, 12);
  let off = 12 + header.length + pad;
  for (const b of blobs) {
    out.set(new Uint8Array(b.buffer, b.byteOffset, b.byteLength), off);
    off += b.byteLength;
  }
  return out;
}

const mb = (n: number) => `${(n / (1024 * 1024)).toFixed(1)} MB`;

/** Parse and check a run file. Throws RunFileError with a readable reason; never returns a partly checked run. */
export function decodeRun(bytes: Uint8Array): SavedRun {
  if (!(bytes instanceof Uint8Array)) throw new RunFileError('expected the bytes of a file');
  if (bytes.length > MAX_RUN_FILE_BYTES) throw new RunFileError(`the file is too large (${mb(bytes.length)}; the limit is ${mb(MAX_RUN_FILE_BYTES)})`);
  if (bytes.length < 12 || new TextDecoder().decode(bytes.subarray(0, 8)) !== RUN_FILE_MAGIC) {
    throw new RunFileError('this is not a DisBack run file (it does not start with DSBKRUN1)');
  }
  const h = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(8, true);
  if (h > MAX_HEADER_BYTES) throw new RunFileError(`the header claims ${mb(h)}; the limit is ${mb(MAX_HEADER_BYTES)}`);
  if (12 + h > bytes.length) throw new RunFileError(`the file is truncated: the header needs ${12 + h} bytes, the file has ${bytes.length}`);
  let head: unknown;
  try {
    head = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(12, 12 + h)));
  } catch (e) {
    throw new RunFileError(`the header is not valid JSON (${(e as Error).message.slice(0, 120)})`);
  }
  if (!head || typeof head !== 'object' || Array.isArray(head)) throw new RunFileError('the header is not a JSON object');
  const { format, version, blobs } = head as { format?: unknown; version?: unknown; blobs?: unknown };
  if (format !== 'disback-run') throw new RunFileError('the header does not describe a DisBack run');
  if (version !== RUN_FILE_VERSION) throw new RunFileError(`unsupported run file version ${String(version).slice(0, 20)} (this page reads version ${RUN_FILE_VERSION})`);
  if (!Array.isArray(blobs) || blobs.length > MAX_BLOBS || !blobs.every((n) => Number.isInteger(n) && n >= 0 && n <= MAX_RUN_FILE_BYTES / 4)) {
    throw new RunFileError(`the blob table is malformed (at most ${MAX_BLOBS} non-negative lengths)`);
  }
  const start = 12 + h + ((4 - ((12 + h) % 4)) % 4);
  const need = (blobs as number[]).reduce((a, n) => a + 4 * n, 0);
  const have = bytes.length - start;
  if (have < need) throw new RunFileError(`the file is truncated: its arrays need ${need} bytes, ${Math.max(0, have)} are there`);
  if (have > need) throw new RunFileError(`the file has ${have - need} unexpected bytes after its arrays`);
  const views: Float32Array[] = [];
  let off = start;
  for (const n of blobs as number[]) {
    views.push(new Float32Array(bytes.slice(off, off + 4 * n).buffer));
    off += 4 * n;
  }
  const used = new Set<number>();
  // resolve {"$f32": i} and {"$num": ...} in the run (each blob used at most once)
  const revive = (v: unknown, depth: number): unknown => {
    if (depth > 12) throw new RunFileError('the header is nested too deeply');
    if (Array.isArray(v)) return v.map((x) => revive(x, depth + 1));
    if (!v || typeof v !== 'object') return v;
    const o = v as Record<string, unknown>;
    const keys = Object.keys(o);
    if (keys.length === 1 && keys[0] === '$f32') {
      const i = o.$f32;
      if (!Number.isInteger(i) || (i as number) < 0 || (i as number) >= views.length || used.has(i as number)) throw new RunFileError(`bad array reference ${JSON.stringify(i)?.slice(0, 20)}`);
      used.add(i as number);
      return views[i as number];
    }
    if (keys.length === 1 && keys[0] === '$num') {
      const t = { NaN, Infinity, '-Infinity': -Infinity }[String(o.$num)];
      if (t === undefined) throw new RunFileError('bad number in the header');
      return t;
    }
    const out: Record<string, unknown> = {};
    for (const k of keys) {
      if (k === '__proto__' || k === 'constructor' || k === 'prototype') throw new RunFileError(`the header holds a forbidden key "${k}"`);
      out[k] = revive(o[k], depth + 1);
    }
    return out;
  };
  const run = revive((head as { run?: unknown }).run, 0);
  if (used.size !== views.length) throw new RunFileError(`${views.length - used.size} arrays of the file are not referenced by its header`);
  return checkSavedRun(run);
}
