/**
 * The pretrained teachers shipped under public/models/<set>.dbm: the 2-D toys (trained by
 * the CLI, see docs/teachers.md) and MNIST (mnist.dbm, a U-Net trained by
 * scripts/train-mnist-teacher.mts, see docs/mnist.md). In the browser they are fetched from the site's base URL; in
 * Node (CLI, tests) they are read from the repository's public/ folder, or from
 * $DISBACK_MODELS_DIR when set.
 */
import { TOY_SETS, type ToyName } from '../config/schema';
import { decodeModel, type DecodedModel, MAX_MODEL_BYTES, ModelFormatError } from './format';

export const SHIPPED_SETS = [...TOY_SETS, 'mnist'] as const;
export type ShippedSet = ToyName | 'mnist';

export function isShippedSet(set: string): set is ShippedSet {
  return (SHIPPED_SETS as readonly string[]).includes(set);
}

/** The file name of a shipped teacher, relative to the models folder. */
export const shippedFileName = (set: ShippedSet): string => `${set}.dbm`;

function isNode(): boolean {
  const p = (globalThis as { process?: { versions?: { node?: string } } }).process;
  return typeof p?.versions?.node === 'string' && typeof (globalThis as { window?: unknown }).window === 'undefined';
}

/** Bytes of a shipped teacher in Node: $DISBACK_MODELS_DIR, else <repo>/public/models/. */
async function readNode(set: ShippedSet): Promise<Uint8Array> {
  // module names in variables keep bundlers from resolving Node built-ins for the browser
  const fsName = 'node:fs/promises';
  const urlName = 'node:url';
  const fs = (await import(/* @vite-ignore */ fsName)) as typeof import('node:fs/promises');
  const url = (await import(/* @vite-ignore */ urlName)) as typeof import('node:url');
  const dir = process.env.DISBACK_MODELS_DIR;
  const rel = `../../public/models/${shippedFileName(set)}`; // a variable, so Vite does not treat it as an asset URL
  const path = dir ? `${dir.replace(/\/+$/, '')}/${shippedFileName(set)}` : url.fileURLToPath(new URL(rel, import.meta.url));
  const st = await fs.stat(path).catch(() => null);
  const how = set === 'mnist' ? 'scripts/train-mnist-teacher.mts, see docs/mnist.md' : `npm run cli -- teacher --data ${set} --seed 0 --out ${path}`;
  if (!st) throw new ModelFormatError(`no shipped teacher for '${set}': ${path} does not exist (train one with: ${how})`);
  if (st.size > MAX_MODEL_BYTES) throw new ModelFormatError(`the model file ${path} is too large: ${st.size} bytes, the limit is ${MAX_MODEL_BYTES}`);
  return new Uint8Array(await fs.readFile(path));
}

async function readBrowser(set: ShippedSet, fetchFn: typeof fetch): Promise<Uint8Array> {
  const base = import.meta.env?.BASE_URL ?? '/';
  const url = `${base.endsWith('/') ? base : `${base}/`}models/${shippedFileName(set)}`;
  const res = await fetchFn(url);
  if (!res.ok) throw new ModelFormatError(`could not load the pretrained teacher for '${set}' from ${url}: HTTP ${res.status}`);
  const len = Number(res.headers.get('content-length') ?? 0);
  if (len > MAX_MODEL_BYTES) throw new ModelFormatError(`the model at ${url} is too large: ${len} bytes, the limit is ${MAX_MODEL_BYTES}`);
  return new Uint8Array(await res.arrayBuffer());
}

/**
 * Load and validate the shipped teacher of a toy set or MNIST. The result's spec is the one the
 * weights were trained with (use it, not a default). `fetchFn` overrides the browser fetch.
 */
export async function loadShippedTeacher(set: string, opts: { fetchFn?: typeof fetch } = {}): Promise<DecodedModel> {
  if (!isShippedSet(set)) throw new ModelFormatError(`no pretrained teacher is shipped for '${set}' (shipped: ${SHIPPED_SETS.join(', ')})`);
  const bytes = !opts.fetchFn && isNode() ? await readNode(set) : await readBrowser(set, opts.fetchFn ?? fetch);
  const m = decodeModel(bytes);
  if (m.kind !== 'denoiser') throw new ModelFormatError(`the shipped model for '${set}' is a ${m.kind}, not a denoiser`);
  if (m.metadata.dataset !== set) throw new ModelFormatError(`the shipped model for '${set}' was trained on '${m.metadata.dataset}'`);
  if ((set === 'mnist') !== !!m.spec.unet) throw new ModelFormatError(`the shipped model for '${set}' has the wrong architecture (${m.spec.unet ? 'a U-Net' : 'an MLP'})`);
  return m;
}
