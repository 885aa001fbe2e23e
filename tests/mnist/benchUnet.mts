/**
 * ms per DSM training step (forward + backward + Adam, one submit) of MNIST denoisers on the
 * WebGPU adapter Dawn finds (lavapipe here), and FLOPs per forward. The machine is shared,
 * so besides the wall time it prints the process CPU time per step (lavapipe's worker
 * threads run in this process): on an otherwise idle machine with n cores a step takes
 * about cpu / n of wall time. A 512^3 matmul timed alongside shows the adapter's speed then.
 *
 *   npx tsx --import ./src/engine/node/registerRaw.mjs tests/mnist/benchUnet.mts [name ...] [--batch 64] [--steps 5] [--profile]
 *
 * --profile: also each net's step per kernel (scripts/benchProfile.ts: every dispatch of one
 * step replayed on its own and timed).
 */
import { loadavg } from 'node:os';
import { gatherRows, matmul, randUniform } from '../../src/engine/ops';
import { Adam } from '../../src/engine/nn/adam';
import { type Net, NetParams, mlpNet, unetNet } from '../../src/engine/nn/net';
import { MNIST_UNET } from '../../src/engine/nn/unetSpec';
import { createDawnBackend } from '../../src/engine/node/dawn';
import { Rng } from '../../src/engine/philox';
import { capture, printProfile, profile } from '../../scripts/benchProfile';
import { NetDsmStep } from './netDsm';

const argv = process.argv.slice(2);
const opt = (k: string, d: number) => (argv.includes(k) ? Number(argv[argv.indexOf(k) + 1]) : d);
const batch = opt('--batch', 64), steps = opt('--steps', 5);
const names = argv.filter((a, i) => !a.startsWith('--') && !(i > 0 && argv[i - 1].startsWith('--')));

const nets: Record<string, Net> = {
  'unet-16-32-64': unetNet(MNIST_UNET),
  'unet-16-32-64-nomid': unetNet({ ...MNIST_UNET, mid: 0 }),
  'unet-16-32-32': unetNet({ ...MNIST_UNET, channels: [16, 32, 32] }),
  'unet-8-16-32': unetNet({ ...MNIST_UNET, channels: [8, 16, 32] }),
  'unet-32-64-64': unetNet({ ...MNIST_UNET, channels: [32, 64, 64] }),
  'unet-8-24-48-mid2': unetNet({ ...MNIST_UNET, channels: [8, 24, 48], mid: 2 }),
  'unet-8-24-96-mid2': unetNet({ ...MNIST_UNET, channels: [8, 24, 96], mid: 2 }),
  'unet-8-24-48-mid4': unetNet({ ...MNIST_UNET, channels: [8, 24, 48], mid: 4 }),
  'unet-8-32-96-mid2': unetNet({ ...MNIST_UNET, channels: [8, 32, 96], mid: 2 }),
  'unet-16-48-96-mid2': unetNet({ ...MNIST_UNET, channels: [16, 48, 96], mid: 2 }),
  'mlp-3x1024': mlpNet({ inDim: 784, outDim: 784, hidden: [1024, 1024, 1024], act: 'silu', fourier: { F: 8, fmin: 0.25, fmax: 8 } }),
};

const be = await createDawnBackend();
console.log(`adapter: ${be.adapterName}; batch ${batch}; load ${loadavg().map((v) => v.toFixed(2)).join(' ')}`);
const rng = new Rng(1, 2);
/** A 512^3 matmul timed beside each net: the adapter's speed at that moment (the machine is shared). */
async function refGflops(): Promise<number> {
  const n = 512, a = be.createBuffer(n * n), b = be.createBuffer(n * n), c = be.createBuffer(n * n);
  be.write(a, rng.uniform(n * n)); be.write(b, rng.uniform(n * n));
  matmul(be, { a, b, c, M: n, N: n, K: n });
  await be.sync();
  const t0 = performance.now();
  for (let i = 0; i < 3; i++) matmul(be, { a, b, c, M: n, N: n, K: n });
  await be.sync();
  const ms = (performance.now() - t0) / 3;
  for (const x of [a, b, c]) be.destroyBuffer(x);
  return (2 * n ** 3) / ms / 1e6;
}
const pool = be.createBuffer(512 * 784, 'pool');
be.write(pool, rng.uniform(512 * 784, -1, 2));
for (const name of names.length ? names : Object.keys(nets)) {
  const net = nets[name];
  const params = NetParams.create(be, net, net.init(1), name);
  const adam = new Adam(be, net.paramSize, { lr: 1e-3, beta1: 0.9, beta2: 0.999, eps: 1e-8 });
  const dsm = new NetDsmStep(be, net, { sigmaData: 0.5, pMean: -1.2, pStd: 1.2 }, batch);
  const x0 = be.createBuffer(batch * 784, 'x0'), u = be.createBuffer(batch, 'u');
  const step = () => {
    randUniform(be, rng, u, batch);
    gatherRows(be, pool, 512, 784, u, x0, batch);
    dsm.run(params, adam, rng, x0);
    be.flush();
  };
  step();
  await be.sync();
  const ref0 = await refGflops();
  const t: number[] = [];
  const c0 = process.cpuUsage();
  for (let i = 0; i < steps; i++) {
    const t0 = performance.now();
    step();
    await be.sync();
    t.push(performance.now() - t0);
  }
  const cu = process.cpuUsage(c0);
  const cpuMs = (cu.user + cu.system) / 1e3 / steps;
  const ref = (ref0 + (await refGflops())) / 2;
  t.sort((a, b) => a - b);
  const fl = net.flopsPerSample();
  const med = t[Math.floor(t.length / 2)];
  console.log(
    `${name.padEnd(20)} params ${String(net.paramSize).padStart(8)}  fwd ${(fl / 1e6).toFixed(1).padStart(6)} MFLOP/sample  ` +
      `step: wall ${med.toFixed(0).padStart(5)} ms (min ${t[0].toFixed(0)}), cpu ${cpuMs.toFixed(0).padStart(5)} ms, ${((3 * fl * batch) / cpuMs / 1e6).toFixed(2)} GFLOP per cpu-s; ` +
      `ref matmul 512^3 ${ref.toFixed(2)} GFLOP/s wall`,
  );
  if (argv.includes('--profile')) {
    const ds = capture(be, step);
    await be.sync();
    printProfile(`${name}, one DSM step, batch ${batch}`, await profile(be, ds, 5, 3));
  }
  dsm.destroy(); adam.destroy(); params.destroy(); be.destroyBuffer(x0); be.destroyBuffer(u);
}
console.log(`load after ${loadavg().map((v) => v.toFixed(2)).join(' ')}`);
be.destroy();
