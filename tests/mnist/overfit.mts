/**
 * Diagnostic: does an MNIST teacher generalise, or has it started to learn its 8,000 training
 * digits by heart? The denoising error (D(x0 + sigma eps, sigma) - x0)^2 per pixel at fixed
 * noise levels, on 2,000 training digits and on the 2,000 held-out digits, the same noise for
 * both and for every teacher compared (tests/mnist/netDsm.ts heldoutMse). A held-out error
 * well above the training error at a sigma means the network fits its training set there
 * better than the data's distribution; equal errors mean it underfits both alike, so capacity
 * or optimisation, not data, limits it.
 *
 *   nice npx tsx --import ./src/engine/node/registerRaw.mjs tests/mnist/overfit.mts \
 *     [--ckpt /tmp/mnist-teacher[,/other/ckpt...] | --model public/models/mnist.dbm] [--n 2000] [--sigmas 0.2,0.5,1,2,5,10]
 */
import { loadMnist, mnistToFloat } from '../../src/data/mnist';
import { netOf } from '../../src/diffusion/denoiser';
import { NetParams } from '../../src/engine/nn/net';
import { createDawnBackend } from '../../src/engine/node/dawn';
import { heldoutMse, NetDsmStep } from './netDsm';
import { teacherFromArgs } from './teacherArg';

const argv = process.argv.slice(2);
const str = (k: string, d: string) => (argv.includes(k) ? argv[argv.indexOf(k) + 1] : d);
const N = Number(str('--n', '2000')), B = 50;
const sigmas = str('--sigmas', '0.2,0.5,1,2,5,10').split(',').map(Number);
if (!(N >= B && N % B === 0) || sigmas.some((s) => !(s > 0))) throw new Error(`--n must be a multiple of ${B}, --sigmas positive`);

const be = await createDawnBackend();
const data = await loadMnist();
const train = mnistToFloat(data.train, N), held = mnistToFloat(data.heldout, N);

const ckpts = argv.includes('--ckpt') ? str('--ckpt', '').split(',') : [null];
const fmt = (v: number[]) => v.map((x) => x.toFixed(4).padStart(7)).join(' ');
console.log(`denoising MSE per pixel on ${N} digits, sigma: ${sigmas.map((s) => String(s).padStart(7)).join(' ')}`);
for (const ck of ckpts) {
  const args = ck === null ? argv : ['--ckpt', ck];
  const { spec, weights, what } = await teacherFromArgs(args);
  const net = netOf(spec);
  const params = NetParams.create(be, net, weights, 'teacher');
  const dsm = new NetDsmStep(be, net, spec.edm, B);
  const tr = await heldoutMse(dsm, params, train, sigmas);
  const ho = await heldoutMse(dsm, params, held, sigmas);
  console.log(what);
  console.log(`  training  ${fmt(tr)}`);
  console.log(`  held-out  ${fmt(ho)}`);
  console.log(`  ratio     ${fmt(ho.map((h, i) => h / tr[i]))}`);
  dsm.destroy();
  params.destroy();
}
be.destroy();
