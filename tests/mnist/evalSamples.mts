/**
 * Sample an MNIST teacher (a training checkpoint or a model file) with Heun and score the
 * samples with the project classifier against the held-out digits; also the real-vs-real
 * floors. Writes a PNG grid of the first 100 samples.
 *
 *   nice -n 19 npx tsx --import ./src/engine/node/registerRaw.mjs tests/mnist/evalSamples.mts \
 *     [--ckpt /tmp/mnist-teacher | --model public/models/mnist.dbm] [--n 1000] [--steps 18] [--seed 1] [--png /tmp/mnist-samples.png] [--real]
 *     [--churn 40 [--tmin 0.05] [--tmax 50] [--snoise 1]]             EDM's stochastic sampler
 *     [--guide /tmp/t4000.dbm --w 2 [--gmin 0] [--gmax inf] [--gclamp 1]]  autoguidance by a weaker model (clamped: static thresholding)
 *   (the step-4,000 teacher of docs/mnist.md: git show b069c9a:public/models/mnist.dbm > /tmp/t4000.dbm)
 */
import { readFile, writeFile } from 'node:fs/promises';
import { loadMnist, mnistToFloat } from '../../src/data/mnist';
import { createParams } from '../../src/diffusion/denoiser';
import { CHURN_T_MAX, CHURN_T_MIN, Sampler, type SamplerOptions } from '../../src/diffusion/sampler';
import { decodeModel } from '../../src/models/format';
import { createDawnBackend } from '../../src/engine/node/dawn';
import { Rng } from '../../src/engine/philox';
import { loadMnistClassifier, MnistClassifier } from '../../src/metrics/mnistClassifier';
import { featureRms, featureStats, frechetDistance, kid, mnistMetrics } from '../../src/metrics/mnistMetrics';
import { digitGridPng } from './pngGrid';
import { teacherFromArgs } from './teacherArg';

const argv = process.argv.slice(2);
const str = (k: string, d: string) => (argv.includes(k) ? argv[argv.indexOf(k) + 1] : d);
const num = (k: string, d: number) => Number(str(k, String(d)));
const N = num('--n', 1000), steps = num('--steps', 18), seed = num('--seed', 1), chunk = 100;

const { spec, weights, what } = await teacherFromArgs(argv);

const be = await createDawnBackend();
const data = await loadMnist();
const clf = new MnistClassifier(be, await loadMnistClassifier());
const held = await clf.classify(mnistToFloat(data.heldout));
const d = held.featureDim;
const heldStats = featureStats(held.features, d);
if (argv.includes('--real')) {
  const train = await clf.classify(mnistToFloat(data.train));
  const t1000 = { ...train, features: train.features.slice(0, 1000 * d), probs: train.probs.slice(0, 10000), labels: train.labels.slice(0, 1000) };
  const all = mnistMetrics(train, held, heldStats);
  const sub = mnistMetrics(t1000, held, heldStats);
  console.log(`real vs real: FD(train 8000, held-out 2000) ${all.fd.toFixed(3)}, KID ${all.kid.toExponential(2)}; FD(train first 1000, held-out) ${sub.fd.toFixed(3)}, KID ${sub.kid.toExponential(2)} +- ${sub.kidStd.toExponential(1)}; confident >= 0.9: ${(100 * sub.confident).toFixed(1)} %`);
  console.log(`  (FD(held-out, itself) ${frechetDistance(heldStats, heldStats).toExponential(1)}; KID(held, train) ${kid(held.features, train.features, d, { scale: featureRms(held.features) }).mean.toExponential(2)}; feature RMS ${featureRms(held.features).toFixed(2)})`);
}

const params = createParams(be, spec, weights, 'teacher');
const opts: SamplerOptions = { churn: num('--churn', 0), tMin: num('--tmin', CHURN_T_MIN), tMax: num('--tmax', CHURN_T_MAX), sNoise: num('--snoise', 1) };
let how = opts.churn ? `churn ${opts.churn} (t ${opts.tMin}..${opts.tMax}, noise ${opts.sNoise})` : 'deterministic';
if (argv.includes('--guide')) {
  const g = decodeModel(new Uint8Array(await readFile(str('--guide', ''))));
  const gmax = str('--gmax', 'inf');
  opts.guide = { params: createParams(be, g.spec, g.weights, 'guide'), spec: g.spec, weight: num('--w', 2), min: num('--gmin', 0), max: gmax === 'inf' ? Infinity : Number(gmax), ...(argv.includes('--gclamp') ? { clamp: num('--gclamp', 1) } : {}) };
  how += `, autoguidance w ${opts.guide.weight} by ${str('--guide', '')} (${g.metadata.trainingSteps} steps) at sigma ${opts.guide.min}..${gmax}${opts.guide.clamp ? `, clamped to +-${opts.guide.clamp}` : ''}`;
}
const sampler = new Sampler(be, spec, chunk);
const rng = new Rng(seed, 0x5a);
const samples = new Float32Array(N * 784);
const t0 = performance.now();
for (let s = 0; s < N; s += chunk) samples.set((await sampler.sample(params, steps, 'heun', rng, undefined, opts)).subarray(0, Math.min(chunk, N - s) * 784), s * 784);
const secs = (performance.now() - t0) / 1e3;
const gen = await clf.classify(samples);
const m = mnistMetrics(gen, held, heldStats);
let lo = 0, hi = 0;
for (const v of samples) { if (v < -1.05) lo++; if (v > 1.05) hi++; }
console.log(`${what}: ${N} Heun samples, ${steps} steps (${sampler.passes} passes), ${how}, ${secs.toFixed(0)} s`);
console.log(`  FD vs held-out ${m.fd.toFixed(3)}, KID ${m.kid.toExponential(2)} +- ${m.kidStd.toExponential(1)}, confident >= 0.9: ${(100 * m.confident).toFixed(1)} %, classes present (>= 1 %): ${m.classesPresent}`);
console.log(`  class histogram: ${m.histogram.map((v) => (100 * v).toFixed(1)).join(' ')}; pixels outside [-1.05, 1.05]: ${((100 * (lo + hi)) / samples.length).toFixed(2)} %`);
// the same samples as images: clamped to the data range [-1, 1], as the page draws them and
// as an image file would store them (the network's raw output overshoots a little)
const clamped = samples.map((v) => Math.min(1, Math.max(-1, v)));
const mc = mnistMetrics(await clf.classify(clamped), held, heldStats);
console.log(`  clamped to [-1, 1]: FD ${mc.fd.toFixed(3)}, KID ${mc.kid.toExponential(2)}, confident >= 0.9: ${(100 * mc.confident).toFixed(1)} %, classes present: ${mc.classesPresent}`);
const png = str('--png', '/tmp/mnist-samples.png');
await writeFile(png, digitGridPng(samples, 10, 100));
console.log(`  wrote ${png}`);
be.destroy();
process.exit(0);
