/**
 * Diagnostic: where does an MNIST teacher lose its digits' shapes? Heun sampling (the
 * teacher's Karras grid) where every evaluation at sigma > --switch uses the ideal
 * denoiser of the 8,000 training digits (the exact minimiser of the DSM loss on them:
 * D*(x, sigma) = sum_i softmax_i(-|x - x_i|^2 / 2 sigma^2) x_i) and every evaluation at
 * or below it uses the network. Switch = inf is the plain teacher; switch = 0 is the
 * training set itself. If confidence jumps once the ideal denoiser decides the high
 * noise levels, the network's coarse shape (high sigma) is what fails; if it stays low,
 * its fine detail (low sigma) is.
 *
 *   nice -n 19 npx tsx --import ./src/engine/node/registerRaw.mjs tests/mnist/hybridSample.mts \
 *     [--ckpt /tmp/mnist-teacher | --model public/models/mnist.dbm] [--n 200] [--steps 18] [--switch inf,10,3,1,0.3]
 */
import { loadMnist, mnistToFloat } from '../../src/data/mnist';
import { createParams, DenoiserWorkspace } from '../../src/diffusion/denoiser';
import { karrasSigmas } from '../../src/diffusion/edm';
import { fill } from '../../src/engine/ops';
import { createDawnBackend } from '../../src/engine/node/dawn';
import { Rng } from '../../src/engine/philox';
import { loadMnistClassifier, MnistClassifier } from '../../src/metrics/mnistClassifier';
import { featureStats, mnistMetrics } from '../../src/metrics/mnistMetrics';
import { teacherFromArgs } from './teacherArg';

const argv = process.argv.slice(2);
const str = (k: string, d: string) => (argv.includes(k) ? argv[argv.indexOf(k) + 1] : d);
const N = Number(str('--n', '200')), steps = Number(str('--steps', '18'));
const switches = str('--switch', 'inf,10,3,1,0.3').split(',').map((s) => (s === 'inf' ? Infinity : Number(s)));
const D = 784;

const { spec, weights, what } = await teacherFromArgs(argv);

const be = await createDawnBackend();
const data = await loadMnist();
const train = mnistToFloat(data.train);
const M = train.length / D;
const trainSq = new Float64Array(M);
for (let i = 0; i < M; i++) { let s = 0; for (let j = 0; j < D; j++) s += train[i * D + j] ** 2; trainSq[i] = s; }
const clf = new MnistClassifier(be, await loadMnistClassifier());
const held = await clf.classify(mnistToFloat(data.heldout));
const heldStats = featureStats(held.features, held.featureDim);

const logits = new Float64Array(M);
/** The ideal denoiser of the training digits, on the host, for rows of x at one sigma. */
function idealDenoise(x: Float32Array, sigma: number, out: Float32Array): void {
  for (let r = 0; r < x.length / D; r++) {
    const xr = x.subarray(r * D, (r + 1) * D);
    let xx = 0;
    for (let j = 0; j < D; j++) xx += xr[j] * xr[j];
    let mx = -Infinity;
    for (let i = 0; i < M; i++) {
      const ti = i * D;
      let dot = 0;
      for (let j = 0; j < D; j++) dot += xr[j] * train[ti + j];
      const l = -(xx - 2 * dot + trainSq[i]) / (2 * sigma * sigma);
      logits[i] = l;
      if (l > mx) mx = l;
    }
    let z = 0;
    const o = out.subarray(r * D, (r + 1) * D);
    o.fill(0);
    for (let i = 0; i < M; i++) {
      const w = Math.exp(logits[i] - mx);
      if (w < 1e-12) continue;
      z += w;
      const ti = i * D;
      for (let j = 0; j < D; j++) o[j] += w * train[ti + j];
    }
    for (let j = 0; j < D; j++) o[j] /= z;
  }
}

const params = createParams(be, spec, weights, 'teacher');
const den = new DenoiserWorkspace(be, spec, N, 'hybrid');
const xBuf = be.createBuffer(N * D, 'hybrid.x');
const sBuf = be.createBuffer(N, 'hybrid.sigma');
async function netDenoise(x: Float32Array, sigma: number): Promise<Float32Array> {
  be.write(xBuf, x);
  fill(be, sBuf, sigma);
  const out = den.forward(params, xBuf, sBuf);
  be.flush();
  return be.read(out);
}
const ideal = [new Float32Array(N * D), new Float32Array(N * D)];
/** D(x, sigma): the network at or below the switch, else the ideal denoiser into ideal[slot]. */
const denoise = async (x: Float32Array, sigma: number, sw: number, slot: number): Promise<Float32Array> => {
  if (sigma <= sw) return netDenoise(x, sigma);
  idealDenoise(x, sigma, ideal[slot]);
  return ideal[slot];
};

const sig = karrasSigmas(steps, spec.edm.sigmaMin, spec.edm.sigmaMax, spec.edm.rho);
console.log(`${what}: ${N} samples per row, Heun ${steps} steps; ideal training-set denoiser above the switch, the network at or below`);
for (const sw of switches) {
  const t0 = performance.now();
  const x = new Rng(1, 0x5a).normal(N * D, 0, sig[0]);
  const x1 = new Float32Array(x.length);
  for (let i = 0; i < steps; i++) {
    const s = sig[i], s1 = sig[i + 1];
    const d0 = await denoise(x, s, sw, 0);
    for (let k = 0; k < x.length; k++) x1[k] = x[k] + ((s1 - s) * (x[k] - d0[k])) / s;
    if (s1 > 0) {
      const d1 = await denoise(x1, s1, sw, 1);
      for (let k = 0; k < x.length; k++) x[k] += (s1 - s) * 0.5 * ((x[k] - d0[k]) / s + (x1[k] - d1[k]) / s1);
    } else x.set(x1);
  }
  const m = mnistMetrics(await clf.classify(x), held, heldStats);
  console.log(`  switch sigma ${String(sw).padStart(4)}: FD ${m.fd.toFixed(1).padStart(6)}, confident >= 0.9 ${(100 * m.confident).toFixed(1).padStart(5)} %, classes ${m.classesPresent}  (${((performance.now() - t0) / 1e3).toFixed(0)} s)`);
}
be.destroy();
process.exit(0);
