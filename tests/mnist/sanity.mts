/**
 * Short DSM sanity run of an MNIST denoiser on lavapipe (not the teacher's training): the
 * loss curve, and the held-out denoising MSE at fixed noise levels before and after.
 *
 *   npx tsx --import ./src/engine/node/registerRaw.mjs tests/mnist/sanity.mts [unet|unet-8-16-32|mlp] [--steps 300] [--batch 16] [--cpu-seconds 0] [--lr 2e-3]
 *
 * --cpu-seconds N stops when the process has used N CPU seconds (an equal-compute budget
 * for comparing architectures on a shared machine).
 */
import { loadavg } from 'node:os';
import { loadMnist, MNIST_SIGMA_DATA, mnistToFloat } from '../../src/data/mnist';
import { Adam } from '../../src/engine/nn/adam';
import { type Net, NetParams, mlpNet, unetNet } from '../../src/engine/nn/net';
import { MNIST_UNET } from '../../src/engine/nn/unetSpec';
import { createDawnBackend } from '../../src/engine/node/dawn';
import { gatherRows, randUniform } from '../../src/engine/ops';
import { Rng } from '../../src/engine/philox';
import { heldoutMse, NetDsmStep } from './netDsm';

const argv = process.argv.slice(2);
const opt = (k: string, d: number) => (argv.includes(k) ? Number(argv[argv.indexOf(k) + 1]) : d);
const which = argv[0] && !argv[0].startsWith('--') ? argv[0] : 'unet';
const steps = opt('--steps', 300), B = opt('--batch', 16), budget = opt('--cpu-seconds', 0), lr = opt('--lr', 2e-3);
const nets: Record<string, Net> = {
  unet: unetNet(MNIST_UNET),
  'unet-8-16-32': unetNet({ ...MNIST_UNET, channels: [8, 16, 32] }),
  mlp: mlpNet({ inDim: 784, outDim: 784, hidden: [1024, 1024, 1024], act: 'silu', fourier: { F: 8, fmin: 0.25, fmax: 8 } }, { zeroLast: true }),
};
const net = nets[which];
const SIGMAS = [0.05, 0.2, 0.5, 1, 2, 5];

const be = await createDawnBackend();
const data = await loadMnist();
const train = mnistToFloat(data.train), held = mnistToFloat(data.heldout, 256);
const pool = be.createBuffer(train.length, 'pool');
be.write(pool, train);
const params = NetParams.create(be, net, net.init(1), which);
const adam = new Adam(be, net.paramSize, { lr, beta1: 0.9, beta2: 0.999, eps: 1e-8 });
const dsm = new NetDsmStep(be, net, { sigmaData: MNIST_SIGMA_DATA, pMean: -1.2, pStd: 1.2 }, B);
const x0 = be.createBuffer(B * 784, 'x0'), u = be.createBuffer(B, 'u'), losses = be.createBuffer(Math.max(steps, 1), 'losses');
const rng = new Rng(2, 3);
console.log(`${which}: ${net.paramSize} params, ${(net.flopsPerSample() / 1e6).toFixed(1)} MFLOP/sample, batch ${B}, lr ${lr}; ${be.adapterName}; load ${loadavg()[0].toFixed(1)}`);
const fmt = (v: number[]) => v.map((x) => x.toFixed(4)).join(' ');
console.log(`held-out MSE at sigma ${SIGMAS.join(' ')}: before ${fmt(await heldoutMse(dsm, params, held, SIGMAS))}`);
const c0 = process.cpuUsage(), t0 = performance.now();
let done = 0;
for (; done < steps; done++) {
  randUniform(be, rng, u, B);
  gatherRows(be, pool, data.train.n, 784, u, x0, B);
  dsm.run(params, adam, rng, x0, losses, done);
  be.flush();
  if (done % 10 === 9) {
    await be.sync();
    const cu = process.cpuUsage(c0);
    if (budget > 0 && (cu.user + cu.system) / 1e6 >= budget) { done++; break; }
  }
}
await be.sync();
const cu = process.cpuUsage(c0), wall = performance.now() - t0;
const l = await be.read(losses, 0, done);
const chunk = Math.max(1, Math.floor(done / 10));
const curve: string[] = [];
for (let i = 0; i + chunk <= done; i += chunk) curve.push((l.subarray(i, i + chunk).reduce((a, v) => a + v, 0) / chunk / 784).toFixed(3));
console.log(`${done} steps: wall ${(wall / done).toFixed(0)} ms/step, cpu ${((cu.user + cu.system) / 1e3 / done).toFixed(0)} ms/step; load ${loadavg()[0].toFixed(1)}`);
console.log(`DSM loss per pixel, mean of each ${chunk} steps: ${curve.join(' ')}`);
console.log(`held-out MSE at sigma ${SIGMAS.join(' ')}: after  ${fmt(await heldoutMse(dsm, params, held, SIGMAS))}`);
be.destroy();
