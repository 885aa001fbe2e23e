/**
 * The form's draft: raw text per field (so half-typed values survive), validated on
 * every change against the zod schema. Only a fully valid draft yields a config.
 */
import { DEFAULT_CONFIG, parseRunConfig, runConfigSchema, type DatasetName, type MethodId, type RunConfig } from '../../config/schema';
import { configForDataset } from '../datasetDefaults';
import { flattenConfig } from '../urlState';
import { fieldDefFor, isRanged } from './datasetFields';
import { ALL_FIELDS, type NumberFieldDef } from './fieldDefs';

export interface Draft {
  /** dotted path -> raw text (numbers) or option (enums) */
  text: Record<string, string>;
  dataset: RunConfig['dataset'];
  methods: MethodId[];
}

export interface DraftCheck {
  config: RunConfig | null;
  fieldErrors: Record<string, string>;
  formErrors: string[];
}

const NUMBER_PATHS = new Set(ALL_FIELDS.filter((f) => f.kind === 'number').map((f) => f.path));
const DEFS = new Map(ALL_FIELDS.map((f) => [f.path, f]));

export function draftFromConfig(c: RunConfig): Draft {
  const text: Record<string, string> = {};
  for (const [k, v] of flattenConfig(c as unknown as Record<string, unknown>)) {
    if (k === 'dataset' || k === 'methods') continue;
    text[k] = String(v);
  }
  return { text, dataset: c.dataset, methods: [...c.methods] };
}

function setPath(obj: Record<string, unknown>, path: string, value: unknown): void {
  const keys = path.split('.');
  let cur = obj;
  for (let i = 0; i < keys.length - 1; i++) {
    cur[keys[i]] ??= {};
    cur = cur[keys[i]] as Record<string, unknown>;
  }
  cur[keys[keys.length - 1]] = value;
}

function fmt(n: number | null): string {
  return n === null ? '' : Math.abs(n) >= 1e5 || (n !== 0 && Math.abs(n) < 1e-3) ? n.toExponential(0) : String(n);
}

export function rangeText(def: NumberFieldDef): string {
  const kind = def.int ? 'a whole number' : 'a number';
  if (def.min !== null && def.max !== null) return `${kind} from ${fmt(def.min)} to ${fmt(def.max)}`;
  return kind;
}

/** Parse a field's text strictly: empty or non-numeric text is NaN. */
export function parseFieldNumber(text: string): number {
  const s = text.trim();
  if (s === '' || s.length > 32) return NaN;
  const n = Number(s);
  return Number.isFinite(n) ? n : NaN;
}

export function checkDraft(d: Draft): DraftCheck {
  const raw: Record<string, unknown> = { dataset: d.dataset, methods: d.methods };
  for (const [path, text] of Object.entries(d.text)) setPath(raw, path, NUMBER_PATHS.has(path) ? parseFieldNumber(text) : text);
  const fieldErrors: Record<string, string> = {};
  const formErrors: string[] = [];
  const r = runConfigSchema.safeParse(raw);
  if (!r.success) {
    for (const issue of r.error.issues) {
      const path = issue.path.map(String).join('.');
      const base = DEFS.get(path);
      const def = base ? fieldDefFor(base, d.dataset) : undefined;
      let msg = issue.message;
      if (issue.code === 'custom') msg = customMessage(path, issue.message);
      else if (def?.kind === 'number') {
        const text = (d.text[path] ?? '').trim();
        msg = text === '' ? 'Required.' : Number.isNaN(parseFieldNumber(text)) ? 'Not a number.' : `Must be ${rangeText(def)}${d.dataset === 'mnist' && isRanged(path) ? ' for MNIST' : ''}.`;
      }
      if (path === 'methods') msg = 'Pick between one and four methods to race.';
      if (def || path === 'methods' || path === 'dataset') fieldErrors[path] ??= msg;
      else formErrors.push(`${path || 'config'}: ${msg}`);
    }
    return { config: null, fieldErrors, formErrors };
  }
  const full = parseRunConfig(r.data);
  if (!full.ok) return { config: null, fieldErrors, formErrors: full.errors };
  return { config: full.config, fieldErrors, formErrors };
}

/** The schema's cross-field rules, in the form's words. */
function customMessage(path: string, message: string): string {
  if (path === 'embedDim') return 'The MNIST set has no embedding: use 2.';
  if (path === 'distill.genInit') return 'MNIST starts the generator from the teacher or from random weights.';
  return message;
}

export function sameConfig(a: RunConfig, b: RunConfig): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * The draft after picking a data set. Switching between MNIST and the 2-D sets loads the
 * other kind's defaults (see configForDataset); an invalid draft falls back to the defaults,
 * keeping its seed and methods where they are valid.
 */
export function switchDataset(d: Draft, next: DatasetName): Draft {
  if (next === d.dataset) return d;
  const wasImages = d.dataset === 'mnist';
  const toImages = next === 'mnist';
  if (wasImages === toImages) return { ...d, dataset: next };
  const valid = checkDraft(d).config;
  let from: RunConfig = valid ?? { ...DEFAULT_CONFIG, dataset: d.dataset };
  if (!valid) {
    const seed = parseFieldNumber(d.text.seed ?? '');
    const partial = { ...from, seed: Number.isInteger(seed) ? seed : from.seed, methods: d.methods.length ? [...d.methods] : from.methods };
    const ok = parseRunConfig(partial);
    if (ok.ok) from = ok.config;
  }
  return draftFromConfig(configForDataset(from, next));
}
