/**
 * Engine benchmark: matmul at a few sizes and one MLP training step, on the CPU reference
 * and on WebGPU (Dawn in Node). Prints a table and writes bench-results/bench-<date>.json.
 *
 *   npm run bench                # both backends
 *   npm run bench -- --cpu-only  # or --gpu-only; --quick for fewer, smaller runs
 *
 * Timing: median wall time of several runs after warm-up. A GPU run is record + submit +
 * queue.onSubmittedWorkDone (be.sync()), so it includes the submit overhead.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import type { Backend } from '../src/engine/backend';
import { CpuBackend } from '../src/engine/cpu/cpuBackend';
import { type MlpSpec, mlpLayout } from '../src/engine/nn/mlp';
import { RegressionTrainer, smoothRegressionData } from '../src/engine/nn/regression';
import { createDawnBackend } from '../src/engine/node/dawn';
import { matmul } from '../src/engine/ops';
import { Rng } from '../src/engine/philox';

interface Result {
  backend: string;
  bench: string;
  shape: string;
  flop: number;
  runs: number;
  medianMs: number;
  minMs: number;
  gflops: number;
}

const args = new Set(process.argv.slice(2));
const QUICK = args.has('--quick');
const median = (v: number[]) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)];

/** Median (and min) ms of `runs` timed calls after `warm` untimed ones; `budgetMs` caps the runs. */
async function time(fn: () => void | Promise<void>, warm: number, runs: number, budgetMs: number): Promise<{ med: number; min: number; runs: number }> {
  for (let i = 0; i < warm; i++) await fn();
  const t: number[] = [];
  const start = performance.now();
  while (t.length < runs && (t.length < 3 || performance.now() - start < budgetMs)) {
    const t0 = performance.now();
    await fn();
    t.push(performance.now() - t0);
  }
  return { med: median(t), min: Math.min(...t), runs: t.length };
}

async function benchMatmul(be: Backend, n: number, runs: number): Promise<Result> {
  const rng = new Rng(1, n);
  const a = be.createBuffer(n * n, 'bench.a'), b = be.createBuffer(n * n, 'bench.b'), c = be.createBuffer(n * n, 'bench.c');
  be.write(a, rng.uniform(n * n, -1, 2));
  be.write(b, rng.uniform(n * n, -1, 2));
  const r = await time(async () => {
    matmul(be, { a, b, c, M: n, N: n, K: n });
    await be.sync();
  }, 2, runs, 20_000);
  for (const x of [a, b, c]) be.destroyBuffer(x);
  const flop = 2 * n ** 3;
  return { backend: be.kind, bench: 'matmul', shape: `${n}x${n}x${n}`, flop, runs: r.runs, medianMs: r.med, minMs: r.min, gflops: flop / r.med / 1e6 };
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
  const flop = mlpStepFlop(MLP, BATCH);
  const shape = `2->Fourier(F=8)->3x128 SiLU->2, batch ${BATCH}, Adam`;
  return { backend: be.kind, bench: 'mlp-train-step', shape, flop, runs: r.runs, medianMs: r.med, minMs: r.min, gflops: flop / r.med / 1e6 };
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
    console.log(`  ${r.backend.padEnd(7)} ${r.bench.padEnd(15)} ${r.shape.padEnd(48)} ${r.medianMs.toFixed(2).padStart(10)} ms ${r.gflops.toFixed(2).padStart(8)} GFLOP/s  (${r.runs} runs, min ${r.minMs.toFixed(2)})`);
  };
  const load0 = loadavg()[0];
  console.log(`host: ${cpus()[0]?.model ?? 'unknown'} x${cpus().length}, node ${process.version}, load average ${load0.toFixed(2)} (timings are wall clock: other load slows them)`);
  if (!args.has('--gpu-only')) {
    const cpu = new CpuBackend();
    for (const n of QUICK ? [64, 128] : [64, 128, 256]) log(await benchMatmul(cpu, n, QUICK ? 3 : 7));
    log(await benchMlp(cpu, QUICK ? 3 : 5));
  }
  if (!args.has('--cpu-only')) {
    let gpu: Backend | null = null;
    try {
      gpu = await createDawnBackend();
    } catch (e) {
      console.log(`webgpu: no adapter (${e instanceof Error ? e.message : String(e)}); GPU benchmarks skipped`);
    }
    if (gpu) {
      adapter = gpu.adapterName;
      driver = vulkanDriver(adapter);
      console.log(`webgpu adapter: ${adapter}\nVulkan driver: ${driver}`);
      for (const n of QUICK ? [256, 512] : [256, 512, 1024]) log(await benchMatmul(gpu, n, QUICK ? 3 : 7));
      log(await benchMlp(gpu, QUICK ? 5 : 15));
      gpu.destroy();
    }
  }
  const seconds = (performance.now() - t0) / 1000;
  console.log(`\n${'backend'.padEnd(8)}${'bench'.padEnd(16)}${'shape'.padEnd(49)}${'median ms'.padStart(10)}${'GFLOP/s'.padStart(10)}`);
  for (const r of results) console.log(`${r.backend.padEnd(8)}${r.bench.padEnd(16)}${r.shape.padEnd(49)}${r.medianMs.toFixed(2).padStart(10)}${r.gflops.toFixed(2).padStart(10)}`);
  const date = new Date().toISOString().replace(/[:.]/g, '-');
  mkdirSync('bench-results', { recursive: true });
  const file = `bench-results/bench-${date}.json`;
  const host = { cpu: cpus()[0]?.model ?? 'unknown', cores: cpus().length, node: process.version, platform: process.platform, loadAverageAtStart: load0, loadAverageAtEnd: loadavg()[0] };
  writeFileSync(file, JSON.stringify({ date: new Date().toISOString(), host, adapter, vulkanDriver: driver, quick: QUICK, seconds, results }, null, 2) + '\n');
  console.log(`\nwrote ${file} (${seconds.toFixed(1)} s)`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
