/**
 * Train the MNIST metric classifier (src/engine/nn/classifier.ts) on the 8,000 training
 * digits (random shifts of up to --shift pixels as augmentation), Adam with a cosine
 * learning-rate decay, softmax cross-entropy on the host; report held-out accuracy on the
 * 2,000 held-out digits after every epoch and write public/models/mnist-classifier.bin.
 *
 *   nice -n 19 npx tsx --import ./src/engine/node/registerRaw.mjs scripts/train-classifier.mts \
 *     [--epochs 10] [--batch 64] [--lr 2e-3] [--shift 2] [--seed 1] [--f32] [--out public/models/mnist-classifier.bin]
 */
import { writeFile } from 'node:fs/promises';
import { loadMnist, mnistToFloat } from '../src/data/mnist';
import { Adam } from '../src/engine/nn/adam';
import { ClassifierWorkspace, initClassifierWeights, MNIST_CLASSIFIER, softmaxXent } from '../src/engine/nn/classifier';
import { createDawnBackend } from '../src/engine/node/dawn';
import { Rng } from '../src/engine/philox';
import { roundToF16 } from '../src/models/f16';
import { encodeClassifier, MnistClassifier, type ClassifierHeader } from '../src/metrics/mnistClassifier';

const argv = process.argv.slice(2);
const num = (k: string, d: number) => (argv.includes(k) ? Number(argv[argv.indexOf(k) + 1]) : d);
const epochs = num('--epochs', 10), B = num('--batch', 64), lr0 = num('--lr', 2e-3), maxShift = num('--shift', 2), seed = num('--seed', 1);
const out = argv.includes('--out') ? argv[argv.indexOf('--out') + 1] : 'public/models/mnist-classifier.bin';
const spec = MNIST_CLASSIFIER;

const be = await createDawnBackend();
const data = await loadMnist();
const train = mnistToFloat(data.train), held = mnistToFloat(data.heldout);
const nTr = data.train.n;
const w0 = initClassifierWeights(spec, seed);
const params = be.createBuffer(w0.length, 'params');
be.write(params, w0);
const grads = be.createBuffer(w0.length, 'grads');
const adam = new Adam(be, w0.length, { lr: lr0, beta1: 0.9, beta2: 0.999, eps: 1e-8 });
const ws = new ClassifierWorkspace(be, spec, B, 'train');
const X = be.createBuffer(B * 784, 'x'), DL = be.createBuffer(B * spec.classes, 'dl');
const rng = new Rng(seed, 0xc1f);
const xb = new Float32Array(B * 784), lab = new Uint8Array(B), probs = new Float32Array(B * spec.classes), dl = new Float32Array(B * spec.classes);

/** Copy digit i shifted by (dx, dy) into row r of xb; uncovered pixels are background (-1). */
function put(r: number, i: number, dx: number, dy: number): void {
  for (let y = 0; y < 28; y++) for (let x = 0; x < 28; x++) {
    const sx = x - dx, sy = y - dy;
    xb[r * 784 + y * 28 + x] = sx >= 0 && sx < 28 && sy >= 0 && sy < 28 ? train[i * 784 + sy * 28 + sx] : -1;
  }
}

async function accuracy(weights: Float32Array): Promise<number> {
  const header: ClassifierHeader = { spec, count: weights.length, dtype: 'f32', metadata: { heldoutAccuracy: 0, trainSteps: 0, createdBy: '' } };
  const clf = new MnistClassifier(be, { header, weights }, 250);
  const r = await clf.classify(held);
  clf.destroy();
  let ok = 0;
  for (let i = 0; i < data.heldout.n; i++) if (r.labels[i] === data.heldout.labels[i]) ok++;
  return ok / data.heldout.n;
}

const perEpoch = Math.floor(nTr / B), total = Math.round(epochs * perEpoch);
console.log(`classifier: ${w0.length} params, batch ${B}, lr ${lr0} (cosine), shift +-${maxShift}, ${total} steps; ${be.adapterName}`);
const t0 = performance.now();
let step = 0, lossSum = 0, accTr = 0;
for (let e = 0; step < total; e++) {
  const perm = Array.from({ length: nTr }, (_, i) => i);
  const keys = rng.uniform(nTr);
  perm.sort((a, b) => keys[a] - keys[b]);
  for (let s = 0; s + B <= nTr && step < total; s += B, step++) {
    const sh = rng.uniform(2 * B, -maxShift - 0.4999, 2 * maxShift + 0.9998);
    for (let r = 0; r < B; r++) {
      put(r, perm[s + r], Math.round(sh[2 * r]), Math.round(sh[2 * r + 1]));
      lab[r] = data.train.labels[perm[s + r]];
    }
    be.write(X, xb);
    ws.forward(params, X);
    be.flush();
    const logits = await be.read(ws.logits);
    lossSum += softmaxXent(logits, lab, spec.classes, probs, dl);
    for (let r = 0; r < B; r++) {
      let best = 0;
      for (let j = 1; j < spec.classes; j++) if (probs[r * spec.classes + j] > probs[r * spec.classes + best]) best = j;
      if (best === lab[r]) accTr++;
    }
    be.write(DL, dl);
    ws.backward(params, DL, grads);
    adam.hyper = { ...adam.hyper, lr: lr0 * 0.5 * (1 + Math.cos((Math.PI * step) / total)) };
    adam.step(params, grads);
    be.flush();
    if (step % 25 === 24) {
      console.log(`step ${step + 1}: loss ${(lossSum / 25).toFixed(4)}, train acc ${(accTr / 25 / B).toFixed(3)}, ${((performance.now() - t0) / 1e3).toFixed(0)} s`);
      lossSum = 0; accTr = 0;
    }
  }
  const acc = await accuracy(await be.read(params));
  console.log(`epoch ${e + 1} (step ${step}): held-out accuracy ${(100 * acc).toFixed(2)} %`);
}
const w = await be.read(params);
const f32 = argv.includes('--f32');
const stored = f32 ? w : roundToF16(w);
const acc = await accuracy(stored);
console.log(`final held-out accuracy (${f32 ? 'f32' : 'f16'} weights): ${(100 * acc).toFixed(2)} % on ${data.heldout.n} digits; ${((performance.now() - t0) / 1e3).toFixed(0)} s`);
const header: ClassifierHeader = {
  spec, count: w.length, dtype: f32 ? 'f32' : 'f16',
  metadata: { heldoutAccuracy: acc, trainSteps: step, createdBy: `scripts/train-classifier.mts ${argv.join(' ')}`.trim(), batch: B, lr: lr0, shift: maxShift, seed },
};
const bytes = encodeClassifier(header, stored);
await writeFile(out, bytes);
console.log(`wrote ${out}: ${bytes.length} bytes`);
be.destroy();
process.exit(0);
