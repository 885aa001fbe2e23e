/**
 * What one teacher training step asks of the device, dispatch by dispatch: for each kernel the
 * launches, and the invocations of its smallest launch. On a GPU, a launch of a few hundred
 * invocations that each loop over thousands of values leaves nearly all of it idle (docs/mnist.md,
 * "An eighth phase"); --route gpu makes a software adapter take the routes a GPU with 32-lane subgroups gets
 * (--route adapter: the adapter's own). With --profile N it also times N steps kernel by kernel
 * on the GPU (timestamp queries, WebGpuBackend.kernelTimes) after one warm-up step, prints the
 * table and writes it to --json.
 *
 *   npx tsx --import ./src/engine/node/registerRaw.mjs tests/mnist/dispatchCensus.mts \
 *     [--channels 16,48,96] [--mid 2] [--batch 128] [--route gpu|adapter] [--profile 20 [--json F]]
 */
import { writeFile } from 'node:fs/promises';
import { loadMnist, mnistToFloat } from '../../src/data/mnist';
import { MNIST_UNET_TEACHER, mnistDenoiserSpec } from '../../src/diffusion/mnistSpec';
import { TeacherTrainer } from '../../src/diffusion/teacher';
import type { KernelDef } from '../../src/engine/kernel';
import { createDawnBackend } from '../../src/engine/node/dawn';

const argv = process.argv.slice(2);
const str = (k: string, d: string) => (argv.includes(k) ? argv[argv.indexOf(k) + 1] : d);
const channels = str('--channels', MNIST_UNET_TEACHER.channels.join(',')).split(',').map(Number);
const batch = Number(str('--batch', '128'));
const route = str('--route', 'gpu');
const profileSteps = Number(str('--profile', '0'));

const be = await createDawnBackend({ profile: profileSteps > 0 });
// a GPU's route: not a software adapter, and no 4- or 8-lane subgroup kernels (a real GPU's
// 32- or 64-lane subgroups get the generic ones, see matmulKernelFor)
if (route === 'gpu') {
  Object.defineProperty(be, 'software', { value: false });
  Object.defineProperty(be, 'subgroupSize', { value: null });
}
const spec = mnistDenoiserSpec({ ...MNIST_UNET_TEACHER, channels, mid: Number(str('--mid', String(MNIST_UNET_TEACHER.mid))) });
const tr = new TeacherTrainer(be, spec, mnistToFloat((await loadMnist()).train), { batch, lr: 1e-3, emaDecay: 0.999, seed: 1 });
tr.step(1);
await be.sync();

/** Invocations per workgroup, read from the kernel's @workgroup_size. */
const wgSize = (k: KernelDef) => {
  const m = /@workgroup_size\(([^)]*)\)/.exec(k.wgsl);
  return m ? m[1].split(',').map((v) => Number(v.trim()) || 1).reduce((a, v) => a * v, 1) : 64;
};
const rows = new Map<string, { n: number; minInv: number; maxInv: number }>();
const run = be.run.bind(be);
let total = 0, small = 0;
be.run = (k, p, b, g) => {
  const inv = g[0] * g[1] * g[2] * wgSize(k);
  const r = rows.get(k.name) ?? { n: 0, minInv: Infinity, maxInv: 0 };
  r.n++; r.minInv = Math.min(r.minInv, inv); r.maxInv = Math.max(r.maxInv, inv);
  rows.set(k.name, r);
  total++;
  if (inv < 1024) small++;
  run(k, p, b, g);
};
tr.step(1);
await be.sync();
console.log(`one step: U-Net ${channels.join('-')}, batch ${batch}, route ${route} (${be.adapterName})`);
console.log(`${total} dispatches, ${small} of them under 1,024 invocations`);
console.log(`${'kernel'.padEnd(20)} launches  invocations (smallest .. largest launch)`);
for (const [k, r] of [...rows].sort((a, b) => a[1].minInv - b[1].minInv)) console.log(`${k.padEnd(20)} ${String(r.n).padStart(8)}  ${r.minInv} .. ${r.maxInv}`);
if (profileSteps > 0) {
  be.run = run;
  await be.kernelTimes(true); // forget the warm-up and census steps
  const t0 = performance.now();
  tr.step(profileSteps);
  const times = await be.kernelTimes();
  const wallMs = (performance.now() - t0) / profileSteps;
  const gpuMs = times.reduce((t, r) => t + r.totalMs, 0) / profileSteps;
  console.log(`\nGPU time per step, ${profileSteps} steps (one compute pass per dispatch): ${gpuMs.toFixed(2)} ms; wall ${wallMs.toFixed(2)} ms per step`);
  console.log(`${'kernel'.padEnd(20)} launches/step  ms/step   share  mean us  max us`);
  for (const r of times) {
    console.log(`${r.kernel.padEnd(20)} ${(r.launches / profileSteps).toFixed(0).padStart(13)} ${(r.totalMs / profileSteps).toFixed(3).padStart(8)} ${((100 * r.totalMs) / profileSteps / gpuMs).toFixed(1).padStart(6)}% ${r.meanUs.toFixed(1).padStart(8)} ${r.maxUs.toFixed(1).padStart(7)}`);
  }
  const json = str('--json', '');
  if (json) {
    await writeFile(json, JSON.stringify({ adapter: be.adapterName, channels, batch, route, steps: profileSteps, gpuMsPerStep: gpuMs, wallMsPerStep: wallMs, kernels: times }, null, 1));
    console.log(`wrote ${json}`);
  }
}
be.destroy();
process.exit(0);
