/**
 * The playground's ONNX metadata (ModelProto.metadata_props): what was trained, on what,
 * and with which architecture. Keys are written in a fixed order so exports are stable.
 */
import type { DenoiserSpec } from '../diffusion/denoiser';
import { OnnxImportError, shown } from './errors';
import type { StringStringEntry } from './schema';
import { architectureJson, parseArchitecture } from './specJson';

export const FORMAT_VERSION = 1;
export const PRODUCER = 'disback-playground';
export type OnnxModelKind = 'denoiser' | 'generator';

/** What the caller records with an export. */
export interface OnnxMetadata {
  /** Data set name, e.g. '8gaussians', 'mnist'. */
  dataset: string;
  seed?: number | null;
  trainingSteps?: number | null;
  /** The generator's sigma_init (written from the argument for generators). */
  sigmaInit?: number | null;
  /** Free text: 'teacher', 'checkpoint 3', 'fake score', 'student', ... */
  role?: string | null;
  /** Further key/value pairs (keys must not clash with the reserved ones). */
  extra?: Record<string, string>;
}

/** What an import reads back (a superset of OnnxMetadata, so it can be re-exported). */
export interface ImportedMetadata extends OnnxMetadata {
  formatVersion: number;
  producer: string;
  kind: OnnxModelKind;
  sigmaData: number;
  seed: number | null;
  trainingSteps: number | null;
  sigmaInit: number | null;
  role: string | null;
  extra: Record<string, string>;
}

export const META_KEYS = {
  formatVersion: 'format_version',
  producer: 'producer',
  kind: 'kind',
  architecture: 'architecture',
  dataset: 'dataset',
  sigmaData: 'sigma_data',
  sigmaInit: 'sigma_init',
  seed: 'seed',
  trainingSteps: 'training_steps',
  role: 'role',
} as const;
const RESERVED = new Set<string>(Object.values(META_KEYS));

export function metadataProps(kind: OnnxModelKind, spec: DenoiserSpec, meta: OnnxMetadata, sigmaInit: number | null): StringStringEntry[] {
  const out: StringStringEntry[] = [];
  const put = (key: string, value: string) => out.push({ key, value });
  put(META_KEYS.formatVersion, String(FORMAT_VERSION));
  put(META_KEYS.producer, PRODUCER);
  put(META_KEYS.kind, kind);
  put(META_KEYS.architecture, architectureJson(spec));
  put(META_KEYS.dataset, meta.dataset);
  put(META_KEYS.sigmaData, String(spec.edm.sigmaData));
  if (sigmaInit !== null) put(META_KEYS.sigmaInit, String(sigmaInit));
  if (meta.seed != null) put(META_KEYS.seed, String(meta.seed));
  if (meta.trainingSteps != null) put(META_KEYS.trainingSteps, String(meta.trainingSteps));
  if (meta.role != null) put(META_KEYS.role, meta.role);
  for (const [k, v] of Object.entries(meta.extra ?? {})) {
    if (RESERVED.has(k)) throw new Error(`metadata key '${k}' is reserved`);
    put(k, v);
  }
  return out;
}

export function checkExportMetadata(meta: OnnxMetadata): void {
  if (typeof meta.dataset !== 'string') throw new Error('metadata.dataset must be a string');
  for (const k of ['seed', 'trainingSteps', 'sigmaInit'] as const) {
    const v = meta[k];
    if (v != null && !Number.isFinite(v)) throw new Error(`metadata.${k} must be a finite number`);
  }
  if (meta.sigmaInit != null && !(meta.sigmaInit > 0)) throw new Error('metadata.sigmaInit must be positive');
  if (meta.role != null && typeof meta.role !== 'string') throw new Error('metadata.role must be a string');
}

const NUMBER = /^-?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;
function num(key: string, v: string): number {
  const x = Number(v);
  if (!NUMBER.test(v) || !Number.isFinite(x)) throw new OnnxImportError(`metadata '${key}' is not a finite number: ${JSON.stringify(shown(v, 40))}`);
  return x;
}

/** Reads metadata_props; refuses missing required keys, duplicates and malformed values. */
export function readMetadata(props: StringStringEntry[]): { meta: ImportedMetadata; spec: DenoiserSpec } {
  const map = new Map<string, string>();
  // no prototype: a hostile '__proto__' key stays a plain entry
  const extra: Record<string, string> = Object.create(null) as Record<string, string>;
  for (const p of props) {
    if (map.has(p.key) || Object.prototype.hasOwnProperty.call(extra, p.key)) throw new OnnxImportError(`metadata key '${shown(p.key)}' appears twice`);
    if (RESERVED.has(p.key)) map.set(p.key, p.value);
    else extra[p.key] = p.value;
  }
  const need = (k: string) => {
    const v = map.get(k);
    if (v === undefined) throw new OnnxImportError(`missing metadata '${k}': not a playground export (format ${FORMAT_VERSION})`);
    return v;
  };
  const fv = need(META_KEYS.formatVersion);
  if (fv !== String(FORMAT_VERSION)) throw new OnnxImportError(`unsupported format version ${JSON.stringify(shown(fv, 20))} (this build reads ${FORMAT_VERSION})`);
  const kind = need(META_KEYS.kind);
  if (kind !== 'denoiser' && kind !== 'generator') throw new OnnxImportError(`unsupported model kind ${JSON.stringify(shown(kind, 40))} (expected denoiser or generator)`);
  const spec = parseArchitecture(need(META_KEYS.architecture));
  if (typeof spec === 'string') throw new OnnxImportError(`invalid architecture metadata: ${spec}`);
  const sigmaData = num(META_KEYS.sigmaData, need(META_KEYS.sigmaData));
  if (sigmaData !== spec.edm.sigmaData) throw new OnnxImportError(`metadata sigma_data ${sigmaData} disagrees with the architecture's ${spec.edm.sigmaData}`);
  const opt = (k: string) => {
    const v = map.get(k);
    return v === undefined ? null : num(k, v);
  };
  const sigmaInit = opt(META_KEYS.sigmaInit);
  if (kind === 'generator' && sigmaInit === null) throw new OnnxImportError(`missing metadata '${META_KEYS.sigmaInit}' for a generator`);
  if (sigmaInit !== null && !(sigmaInit > 0)) throw new OnnxImportError(`metadata sigma_init must be positive, got ${sigmaInit}`);
  const meta: ImportedMetadata = {
    formatVersion: FORMAT_VERSION,
    producer: map.get(META_KEYS.producer) ?? '',
    kind,
    dataset: need(META_KEYS.dataset),
    sigmaData,
    sigmaInit,
    seed: opt(META_KEYS.seed),
    trainingSteps: opt(META_KEYS.trainingSteps),
    role: map.get(META_KEYS.role) ?? null,
    extra,
  };
  return { meta, spec };
}
