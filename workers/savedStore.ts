/**
 * Where a run is kept between page loads: IndexedDB through idb-keyval (it works in the
 * worker and on the page), two keys written atomically together: a small `meta` record
 * (what the page's "resume" banner shows) and the run file's bytes (savedRun.ts). Both
 * are read back as untrusted: the meta is checked here, the bytes by decodeRun.
 * No engine code here: the page imports this file.
 */
import { createStore, delMany, get, setMany } from 'idb-keyval';
import { METHODS, type MethodId, parseRunConfig, type RunConfig } from '../src/config/schema';

export const META_KEY = 'run-meta';
export const RUN_KEY = 'run-bytes';

export interface SavedMeta {
  savedAt: number;
  config: RunConfig;
  points: Float32Array | null;
  teacherMode: 'pretrained' | 'train';
  /** generator steps of each method at the save */
  steps: Partial<Record<MethodId, number>>;
  bytes: number;
}

/** The few storage operations persistence needs (IndexedDB in the browser, a Map in Node tests). */
export interface KeyValue {
  get(key: string): Promise<unknown>;
  /** all or nothing */
  setMany(entries: [string, unknown][]): Promise<void>;
  delMany(keys: string[]): Promise<void>;
}

export function idbKeyValue(): KeyValue {
  const store = createStore('disback-playground', 'runs');
  return {
    get: (k) => get(k, store),
    setMany: (e) => setMany(e, store),
    delMany: (k) => delMany(k, store),
  };
}

export function memoryKeyValue(): KeyValue & { map: Map<string, unknown> } {
  const map = new Map<string, unknown>();
  return {
    map,
    get: async (k) => map.get(k),
    setMany: async (e) => e.forEach(([k, v]) => map.set(k, v)),
    delMany: async (k) => k.forEach((x) => map.delete(x)),
  };
}

/** IndexedDB where there is one, else memory (Node). */
export function defaultKeyValue(): KeyValue {
  return typeof indexedDB === 'undefined' ? memoryKeyValue() : idbKeyValue();
}

/** The saved run's summary, or null when there is none or it is not one this page wrote. */
export async function readSavedMeta(kv: KeyValue = defaultKeyValue()): Promise<SavedMeta | null> {
  let raw: unknown;
  try {
    raw = await kv.get(META_KEY);
  } catch {
    return null; // storage blocked (private mode, disabled cookies): nothing to offer
  }
  if (!raw || typeof raw !== 'object') return null;
  const m = raw as Record<string, unknown>;
  const cfg = parseRunConfig(m.config);
  if (!cfg.ok || typeof m.savedAt !== 'number' || !Number.isFinite(m.savedAt) || typeof m.bytes !== 'number') return null;
  const points = m.points instanceof Float32Array && m.points.length % 2 === 0 ? m.points : null;
  const steps: Partial<Record<MethodId, number>> = {};
  const s = (m.steps ?? {}) as Record<string, unknown>;
  for (const k of METHODS) if (typeof s[k] === 'number' && Number.isInteger(s[k])) steps[k] = s[k] as number;
  return { savedAt: m.savedAt, config: cfg.config, points, teacherMode: m.teacherMode === 'pretrained' ? 'pretrained' : 'train', steps, bytes: m.bytes };
}

export async function clearSaved(kv: KeyValue = defaultKeyValue()): Promise<void> {
  try {
    await kv.delMany([META_KEY, RUN_KEY]);
  } catch {
    /* storage blocked: nothing was saved either */
  }
}
