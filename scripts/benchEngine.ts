/**
 * Engine benchmark (`npm run bench:engine`; `npm run bench` is the engine-vs-TF.js harness,
 * scripts/bench.ts): matmul (squares and the real MLP shapes), one MLP training step and
 * one distillation iteration, on the CPU reference and on WebGPU (Dawn in Node). Prints a
 * table and writes bench-results/bench-<date>.json.
 *
 *   npm run bench:engine                # both backends
 *   npm run bench:engine -- --cpu-only  # or --gpu-only; --quick for fewer, smaller runs
 *   npm run bench:engine -- --gpu-only --only distill   # benches whose name contains a string
 *   VK_ICD_FILENAMES=/usr/lib/chromium/vk_swiftshader_icd.json npm run bench:engine -- --gpu-only
 *   DISBACK_BUSY_POLL=1 ...      # Dawn's busy-polling waits, as before docs/performance.md
 *
 * Timing: median of several runs after warm-up. A GPU run is record + submit +
 * queue.onSubmittedWorkDone (be.sync()), so it includes the submit overhead. "CPU ms" is
 * the process CPU time per run (all threads: a software adapter's workers included); on
 * this shared 2-core machine it is less noisy than wall time for comparing kernels.
 * This file imports only APIs that older trees have too, so it can time them unchanged.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { disbackSchema, distillSchema } from '../src/config/schema';
import { default2dSpec, mlpSpecOf } from '../src/diffusion/denoiser';
import { initialGeneratorWeights } from '../src/distill/generator';
import { methodDef } from '../src/distill/methods';
import { passesPerIteration } from '../src/distill/methods';
import { Racer } from '../src/distill/racer';
import type { Backend } from '../src/engine/backend';
import { CpuBackend } from '../src/engine/cpu/cpuBackend';
import { initMlpWeights, type MlpSpec, mlpLayout, ParamSet } from '../src/engine/nn/mlp';
import { RegressionTrainer, smoothRegressionData } from '../src/engine/nn/regression';
import { createDawnBackend } from '../src/engine/node/dawn';
import { matmul } from '../src/engine/ops';
import { Rng } from '../src/engine/philox';
import { type MmShape, REAL_SHAPES } from './benchShapes';

interface Result {
  backend: string;
  bench: string;
  shape: string;
  flop: number;
  runs: number;
  medianMs: number;
  minMs: number;
  /** median process CPU ms per run */
  cpuMs: number;
  gflops: number;
  /** distillation: generator iterations per second (1000 / medianMs) */
  itPerS?: number;
}

const args = process.argv.slice(2);
const QUICK = args.includes('--quick');
const onlyAt = args.indexOf('--only');
const ONLY = onlyAt >= 0 ? args[onlyAt + 1].split(',') : null;
const want = (name: string) => !ONLY || ONLY.some((o) => name.includes(o));
const median = (v: number[]) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)];

/** Median wall and CPU ms (and min wall) of `runs` timed calls after `warm` untimed ones; `budgetMs` caps the runs. */
async function time(fn: () => void | Promise<void>, warm: number, runs: number, budgetMs: number, per = 1): Promise<{ med: number; min: number; cpu: number; runs: number }> {
  for (let i = 0; i < warm; i++) await fn();
  const t: number[] = [];
  const c: number[] = [];
  const start = performance.now();
  while (t.length < runs && (t.length < 3 || performance.now() - start < budgetMs)) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    await fn();
    t.push((performance.now() - t0) / per);
    const cu = process.cpuUsage(c0);
    c.push((cu.user + cu.system) / 1000 / per);
  }
  return { med: median(t), min: Math.min(...t), cpu: median(c), runs: t.length };
}

function result(be: Backend, bench: string, shape: string, flop: number, r: { med: number; min: number; cpu: number; runs: number }): Result {
  return { backend: be.kind, bench, shape, flop, runs: r.runs, medianMs: r.med, minMs: r.min, cpuMs: r.cpu, gflops: flop / r.med / 1e6 };
}

/** C = A B for one shape (NN/NT/TN as the shape says), through ops.matmul. */
async function benchMatmul(be: Backend, s: MmShape & { label: string }, runs: number, bench = 'matmul'): Promise<Result> {
  const rng = new Rng(1, s.M + s.N + s.K);
  const a = be.createBuffer(s.M * s.K, 'bench.a'), b = be.createBuffer(s.K * s.N, 'bench.b'), c = be.createBuffer(s.M * s.N, 'bench.c');
  be.write(a, rng.uniform(s.M * s.K, -1, 2));
  be.write(b, rng.uniform(s.K * s.N, -1, 2));
  // small shapes: several launches per timed run so the submit overhead does not dominate
  const per = Math.max(1, Math.min(20, Math.round(4e6 / (s.M * s.N * s.K))));
  const r = await time(async () => {
    for (let i = 0; i < per; i++) matmul(be, { a, b, c, M: s.M, N: s.N, K: s.K, transA: s.transA, transB: s.transB });
    await be.sync();
  }, 2, runs, 20_000, per);
  for (const x of [a, b, c]) be.destroyBuffer(x);
  return result(be, bench, s.label, 2 * s.M * s.N * s.K, r);
}

const MLP: MlpSpec = { inDim: 2, outDim: 2, hidden: [128, 128, 128], act: 'silu', fourier: { F: 8, fmin: 0.5, fmax: 8 } };
const BATCH = 1024;
/** Matmul FLOPs of one step: forward, dW of every layer, dX of every layer but the first. */
function mlpStepFlop(spec: MlpSpec, B: number): number {
  return mlpLayout(spec).layers.reduce((s, L, l) => s + 2 * B * L.in * L.out * (l === 0 ? 2 : 3), 0);
}

async function benchMlp(be: Backend, runs: number): Promise<Result> {
  const t = new RegressionTrainer(be, MLP, smoothRegressionData(8192, 1), { batch: BATCH, seed: 2, historyLength: 64 });
  const r = await time(async () => {
    t.step();
    await be.sync();
  }, 3, runs, 30_000);
  const losses = await t.readLosses();
  if (!losses.every(Number.isFinite)) throw new Error(`${be.kind}: the benchmark's training produced a non-finite loss`);
  t.destroy();
  return result(be, 'mlp-train-step', `2->Fourier(F=8)->3x128 SiLU->2, batch ${BATCH}, Adam`, mlpStepFlop(MLP, BATCH), r);
}

/**
 * One distillation iteration as Race.advance runs it: a vanilla racer (K_fake = 1: one
 * fake-score DSM step on generator samples, then one generator step through D_phi and the
 * teacher), the default 2-D denoiser (2 -> Fourier(8) -> 3x128 SiLU -> 2), a random
 * teacher (the speed does not depend on the weights). `group` iterations are recorded,
 * each flushed, then waited for once; reported per iteration.
 */
async function benchDistill(be: Backend, batch: number, runs: number): Promise<Result> {
  const spec = default2dSpec(0.5);
  const d = distillSchema.parse({ batch });
  const b = disbackSchema.parse({});
  const w = initMlpWeights(mlpSpecOf(spec), 7);
  const teacher = ParamSet.create(be, mlpSpecOf(spec), w, 'bench.teacher');
  const g0 = initialGeneratorWeights(spec, w, 'teacher', d.sigmaInit, 3, be);
  const def = methodDef('vanilla', d, b);
  const racer = new Racer(be, spec, def, [teacher], g0, {
    batch, lrG: d.lrG, lrPhi: d.lrPhi, sigmaInit: d.sigmaInit, weighting: d.weighting, seed: 3, sigmaRange: { lo: spec.edm.sigmaMin, hi: spec.edm.sigmaMax },
  });
  const group = QUICK ? 3 : 5;
  const r = await time(async () => {
    for (let i = 0; i < group; i++) {
      racer.step();
      be.flush();
    }
    await be.sync();
  }, 1, runs, 30_000, group);
  const ring = await racer.ringMeans(0, racer.steps);
  if (!Number.isFinite(ring.lossFake)) throw new Error(`${be.kind}: the distillation benchmark produced a non-finite loss`);
  racer.destroy();
  teacher.destroy();
  g0.destroy();
  // forward-pass equivalents of the 2-D MLP (Fourier 18 -> 128 -> 128 -> 128 -> 2) per iteration
  const fwdFlop = mlpLayout(mlpSpecOf(spec)).layers.reduce((s, L) => s + 2 * batch * L.in * L.out, 0);
  const res = result(be, 'distill-iteration', `vanilla K_fake=1, batch ${batch}, 2-D denoiser 3x128`, fwdFlop * passesPerIteration(def.kFake), r);
  res.itPerS = 1000 / res.medianMs;
  return res;
}

function vulkanDriver(adapter: string): string {
  const icd = process.env.VK_ICD_FILENAMES ? `VK_ICD_FILENAMES=${process.env.VK_ICD_FILENAMES}` : 'Vulkan loader default ICD search';
  const kind = /llvmpipe|lavapipe/i.test(adapter) ? 'lavapipe (Mesa llvmpipe, software)' : /swiftshader/i.test(adapter) ? 'SwiftShader (software)' : 'hardware or unknown';
  return `${kind}; ${icd}`;
}

async function main(): Promise<void> {
  const results: Result[] = [];
  let adapter = 'none';
  let driver = 'none';
  const t0 = performance.now();
  const log = (r: Result) => {
    results.push(r);
    const extra = r.itPerS !== undefined ? `  ${r.itPerS.toFixed(1)} it/s` : '';
    console.log(`  ${r.backend.padEnd(7)} ${r.bench.padEnd(17)} ${r.shape.padEnd(52)} ${r.medianMs.toFixed(2).padStart(9)} ms ${r.cpuMs.toFixed(2).padStart(9)} CPU ms ${r.gflops.toFixed(2).padStart(7)} GFLOP/s${extra}  (${r.runs} runs, min ${r.minMs.toFixed(2)})`);
  };
  const load0 = loadavg()[0];
  console.log(`host: ${cpus()[0]?.model ?? 'unknown'} x${cpus().length}, node ${process.version}, load average ${load0.toFixed(2)} (timings are wall clock: other load slows them)`);
  if (!args.includes('--gpu-only')) {
    const cpu = new CpuBackend();
    if (want('matmul')) for (const n of QUICK ? [64, 128] : [64, 128, 256]) log(await benchMatmul(cpu, { M: n, N: n, K: n, transA: false, transB: false, label: `${n}x${n}x${n}` }, QUICK ? 3 : 7));
    if (want('mlp')) log(await benchMlp(cpu, QUICK ? 3 : 5));
  }
  if (!args.includes('--cpu-only')) {
    let gpu: Backend | null = null;
    try {
      gpu = await createDawnBackend();
    } catch (e) {
      console.log(`webgpu: no adapter (${e instanceof Error ? e.message : String(e)}); GPU benchmarks skipped`);
    }
    if (gpu) {
      adapter = gpu.adapterName;
      driver = vulkanDriver(adapter);
      console.log(`webgpu adapter: ${adapter}\nVulkan driver: ${driver}; subgroup size ${(gpu as { subgroupSize?: number | null }).subgroupSize ?? 'none'}; busy-poll waits: ${process.env.DISBACK_BUSY_POLL === '1' ? 'yes' : 'no'}`);
      if (want('matmul')) {
        for (const n of QUICK ? [256, 512] : [256, 512, 1024]) log(await benchMatmul(gpu, { M: n, N: n, K: n, transA: false, transB: false, label: `${n}x${n}x${n}` }, QUICK ? 3 : 7));
      }
      if (want('shapes')) for (const s of REAL_SHAPES) log(await benchMatmul(gpu, s, QUICK ? 3 : 7, 'matmul-mlp-shape'));
      if (want('mlp')) log(await benchMlp(gpu, QUICK ? 5 : 15));
      if (want('distill')) for (const batch of [512, 1024]) log(await benchDistill(gpu, batch, QUICK ? 3 : 7));
      gpu.destroy();
    }
  }
  const seconds = (performance.now() - t0) / 1000;
  console.log(`\n${'backend'.padEnd(8)}${'bench'.padEnd(18)}${'shape'.padEnd(53)}${'median ms'.padStart(10)}${'CPU ms'.padStart(9)}${'GFLOP/s'.padStart(9)}${'it/s'.padStart(8)}`);
  for (const r of results) {
    console.log(`${r.backend.padEnd(8)}${r.bench.padEnd(18)}${r.shape.padEnd(53)}${r.medianMs.toFixed(2).padStart(10)}${r.cpuMs.toFixed(2).padStart(9)}${r.gflops.toFixed(2).padStart(9)}${(r.itPerS?.toFixed(1) ?? '').padStart(8)}`);
  }
  const date = new Date().toISOString().replace(/[:.]/g, '-');
  mkdirSync('bench-results', { recursive: true });
  const file = `bench-results/bench-${date}.json`;
  const host = { cpu: cpus()[0]?.model ?? 'unknown', cores: cpus().length, node: process.version, platform: process.platform, loadAverageAtStart: load0, loadAverageAtEnd: loadavg()[0] };
  writeFileSync(file, JSON.stringify({ date: new Date().toISOString(), host, adapter, vulkanDriver: driver, busyPoll: process.env.DISBACK_BUSY_POLL === '1', quick: QUICK, seconds, results }, null, 2) + '\n');
  console.log(`\nwrote ${file} (${seconds.toFixed(1)} s)`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
