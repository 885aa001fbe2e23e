/**
 * The run lives in the URL hash, so a link reproduces it.
 *
 * Encoding (version 1): `#key=value&key=value...`, URLSearchParams syntax, holding only
 * the values that differ from the data set's defaults (DEFAULT_CONFIG for the 2-D sets,
 * mnistDefaults() for `dataset=mnist`, so `#dataset=mnist` alone is a sensible MNIST run). Nested config fields use dotted keys
 * (`distill.lrG=0.0002`), arrays are comma-joined (`methods=vanilla,disback`), numbers
 * are written with String(n) (exact round trip). Extra keys that are not config:
 *   - `pts`      user-drawn points (data set 'points'): base64url bytes, one byte per
 *                coordinate, quantised on a POINT_LEVELS grid over [-POINT_EXTENT, POINT_EXTENT]
 *                (the drawing canvas snaps to that grid, so the link is exact)
 *   - `teacher`  `train` to train the teacher live instead of loading the shipped one
 *   - `backend`  `cpu` to force the CPU backend
 *   - `autoplay` `1` to start the race as soon as it is ready
 *
 * Decoding never trusts the hash: it is length-capped, every key must be known, every
 * number must be a plain finite literal, and the result is validated by parseRunConfig.
 * Any problem gives the defaults plus readable messages (shown as text, never as HTML).
 */
import { DEFAULT_CONFIG, parseRunConfig, type DatasetName, type RunConfig } from '../config/schema';
import { defaultsFor } from './datasetDefaults';

export const MAX_HASH_LENGTH = 4096;
export const MAX_POINTS = 1024;
export const POINT_EXTENT = 2;
export const POINT_LEVELS = 255;
const MAX_MESSAGE_KEY = 40;

export type TeacherMode = 'pretrained' | 'train';

export interface UrlState {
  config: RunConfig;
  /** [n, 2] user points for the 'points' data set, or null */
  points: Float32Array | null;
  teacherMode: TeacherMode;
  forceCpu: boolean;
  autoplay: boolean;
}

export interface DecodedUrlState extends UrlState {
  /** Problems found; non-empty means the defaults were used. */
  errors: string[];
}

type Leaf = number | string | string[];

export const DEFAULT_URL_STATE: UrlState = {
  config: DEFAULT_CONFIG,
  points: null,
  teacherMode: 'pretrained',
  forceCpu: false,
  autoplay: false,
};

/** Flatten a config into dotted paths -> leaf values (objects recurse, arrays are leaves). */
export function flattenConfig(obj: Record<string, unknown>, prefix = ''): Map<string, Leaf> {
  const out = new Map<string, Leaf>();
  for (const [k, v] of Object.entries(obj)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (v !== null && typeof v === 'object' && !Array.isArray(v)) {
      for (const [kk, vv] of flattenConfig(v as Record<string, unknown>, key)) out.set(kk, vv);
    } else {
      out.set(key, v as Leaf);
    }
  }
  return out;
}

const DEFAULT_FLAT = flattenConfig(DEFAULT_CONFIG as unknown as Record<string, unknown>);
const META_KEYS = new Set(['v', 'pts', 'teacher', 'backend', 'autoplay']);

function sameLeaf(a: Leaf, b: Leaf): boolean {
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => x === b[i]);
  return a === b;
}

function leafToString(v: Leaf): string {
  return Array.isArray(v) ? v.join(',') : String(v);
}

/** Encode a component but keep the characters that are safe and readable in a fragment. */
function enc(s: string): string {
  return encodeURIComponent(s).replace(/%2C/gi, ',');
}

/** Flat defaults of a data set (the reference a link is written against). */
function flatDefaultsFor(dataset: DatasetName): Map<string, Leaf> {
  return dataset === 'mnist' ? flattenConfig(defaultsFor('mnist') as unknown as Record<string, unknown>) : DEFAULT_FLAT;
}

export function encodeUrlState(state: UrlState): string {
  const parts: string[] = [];
  const flat = flattenConfig(state.config as unknown as Record<string, unknown>);
  const ref = flatDefaultsFor(state.config.dataset);
  for (const [key, def] of DEFAULT_FLAT) {
    const v = flat.get(key);
    // the data set is always compared with the global default (it picks the reference)
    if (v === undefined || sameLeaf(v, key === 'dataset' ? def : (ref.get(key) ?? def))) continue;
    parts.push(`${enc(key)}=${enc(leafToString(v))}`);
  }
  if (state.config.dataset === 'points' && state.points && state.points.length >= 2) {
    parts.push(`pts=${encodePoints(state.points)}`);
  }
  if (state.teacherMode === 'train') parts.push('teacher=train');
  if (state.forceCpu) parts.push('backend=cpu');
  if (state.autoplay) parts.push('autoplay=1');
  return parts.length ? `#${parts.join('&')}` : '';
}

const NUMBER_RE = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

function parseNumber(raw: string): number | null {
  if (raw.length > 32 || !NUMBER_RE.test(raw)) return null;
  const n = Number(raw);
  return Number.isFinite(n) ? n : null;
}

/** A user-controlled string, shortened for a message (rendered as text by React). */
export function quoteForMessage(s: string): string {
  const clean = s.replace(/[\u0000-\u001f\u007f]/g, '?');
  return JSON.stringify(clean.length > MAX_MESSAGE_KEY ? `${clean.slice(0, MAX_MESSAGE_KEY)}…` : clean);
}

function setPath(obj: Record<string, unknown>, path: string, value: unknown): void {
  const keys = path.split('.');
  let cur = obj;
  for (let i = 0; i < keys.length - 1; i++) {
    const k = keys[i];
    if (typeof cur[k] !== 'object' || cur[k] === null) cur[k] = Object.create(null) as Record<string, unknown>;
    cur = cur[k] as Record<string, unknown>;
  }
  cur[keys[keys.length - 1]] = value;
}

function defaults(errors: string[]): DecodedUrlState {
  return { ...DEFAULT_URL_STATE, errors };
}

export function decodeUrlState(hash: string): DecodedUrlState {
  const body = hash.startsWith('#') ? hash.slice(1) : hash;
  if (body.trim() === '') return defaults([]);
  if (body.length > MAX_HASH_LENGTH) {
    return defaults([`The link's settings are too long (${body.length} characters, at most ${MAX_HASH_LENGTH}).`]);
  }
  let params: URLSearchParams;
  try {
    params = new URLSearchParams(body);
  } catch {
    return defaults(['The link\'s settings could not be read.']);
  }
  const errors: string[] = [];
  const seen = new Set<string>();
  const raw: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
  let pointsRaw: string | null = null;
  let teacherMode: TeacherMode = 'pretrained';
  let forceCpu = false;
  let autoplay = false;

  for (const [key, value] of params) {
    if (seen.has(key)) {
      errors.push(`Setting ${quoteForMessage(key)} appears twice.`);
      continue;
    }
    seen.add(key);
    if (META_KEYS.has(key)) {
      if (key === 'v') {
        if (value !== '1') errors.push(`Unknown link version ${quoteForMessage(value)}.`);
      } else if (key === 'pts') pointsRaw = value;
      else if (key === 'teacher') {
        if (value === 'train' || value === 'pretrained') teacherMode = value;
        else errors.push(`teacher must be "train" or "pretrained", not ${quoteForMessage(value)}.`);
      } else if (key === 'backend') {
        if (value === 'cpu') forceCpu = true;
        else if (value !== 'webgpu' && value !== 'auto') errors.push(`backend must be "cpu", not ${quoteForMessage(value)}.`);
      } else if (key === 'autoplay') autoplay = value === '' || value === '1' || value === 'true';
      continue;
    }
    const def = DEFAULT_FLAT.get(key);
    if (def === undefined) {
      errors.push(`Unknown setting ${quoteForMessage(key)}.`);
      continue;
    }
    if (typeof def === 'number') {
      const n = parseNumber(value);
      if (n === null) errors.push(`${key}: ${quoteForMessage(value)} is not a number.`);
      else setPath(raw, key, n);
    } else if (Array.isArray(def)) {
      setPath(raw, key, value === '' ? [] : value.split(','));
    } else {
      setPath(raw, key, value);
    }
  }
  if (errors.length) return defaults(errors);

  // unset values come from the data set's defaults (MNIST's own; zod fills the 2-D ones)
  if (raw.dataset === 'mnist') {
    for (const [key, v] of flatDefaultsFor('mnist')) if (!seen.has(key)) setPath(raw, key, Array.isArray(v) ? [...v] : v);
  }

  const parsed = parseRunConfig(raw);
  if (!parsed.ok) return defaults(parsed.errors);

  let points: Float32Array | null = null;
  if (pointsRaw !== null) {
    if (parsed.config.dataset !== 'points') return defaults(['pts is only used with the "points" data set.']);
    const p = decodePoints(pointsRaw);
    if (typeof p === 'string') return defaults([p]);
    points = p;
  }
  return { config: parsed.config, points, teacherMode, forceCpu, autoplay, errors: [] };
}

// ---- points: one byte per coordinate, base64url ----

export function quantiseCoord(x: number): number {
  const t = (x + POINT_EXTENT) / (2 * POINT_EXTENT);
  return Math.max(0, Math.min(POINT_LEVELS, Math.round(t * POINT_LEVELS)));
}

export function dequantiseCoord(q: number): number {
  return Math.fround((q / POINT_LEVELS) * 2 * POINT_EXTENT - POINT_EXTENT);
}

/** Snap a point to the grid the URL can hold exactly. */
export function snapCoord(x: number): number {
  return dequantiseCoord(quantiseCoord(x));
}

export function encodePoints(points: Float32Array): string {
  const n = Math.min(points.length, MAX_POINTS * 2) & ~1;
  let bin = '';
  for (let i = 0; i < n; i++) bin += String.fromCharCode(quantiseCoord(points[i]));
  return btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** Decoded points, or a message describing why they were refused. */
export function decodePoints(s: string): Float32Array | string {
  if (!/^[A-Za-z0-9_-]*$/.test(s)) return 'pts holds characters that are not base64url.';
  if (s.length > Math.ceil((MAX_POINTS * 2 * 4) / 3)) return `pts holds more than ${MAX_POINTS} points.`;
  let bin: string;
  try {
    bin = atob(s.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (s.length % 4)) % 4));
  } catch {
    return 'pts is not valid base64url.';
  }
  if (bin.length % 2 !== 0) return 'pts holds an odd number of coordinates.';
  if (bin.length === 0) return 'pts is empty.';
  const out = new Float32Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = dequantiseCoord(bin.charCodeAt(i));
  return out;
}

/** Read the state of the page: the hash, plus `?autoplay` in the query string. */
export function readLocation(loc: { hash: string; search: string }): DecodedUrlState {
  const s = decodeUrlState(loc.hash);
  const q = new URLSearchParams(loc.search);
  if (q.has('autoplay') && q.get('autoplay') !== '0') s.autoplay = true;
  return s;
}
