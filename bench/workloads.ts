/**
 * The workloads of the engine-vs-TF.js benchmark (`npm run bench`), shared by the bench page
 * (bench/main.ts, Chromium) and the Node runner (scripts/bench.ts). Each runner prepares a
 * workload once, then times `step()`, which records the work and awaits a small readback.
 */
import { default2dSpec, type DenoiserSpec } from '../src/diffusion/denoiser';
import { MNIST_UNET_SMALL, mnistDenoiserSpec } from '../src/diffusion/mnistSpec';

export type Unit = 'GFLOP/s' | 'steps/s' | 'it/s';

export interface Workload {
  id: string;
  label: string;
  unit: Unit;
  /** matmul: n for n x n x n */
  n?: number;
  /** denoiser / distillation / U-Net: the denoiser and the batch */
  spec?: DenoiserSpec;
  batch?: number;
  /** FLOP of one step (GFLOP/s for matmul) */
  flop?: number;
  warm: number;
  reps: number;
  quickReps: number;
}

export const RUNNERS = ['engine-node', 'engine-chromium', 'tfjs-webgpu', 'tfjs-wasm'] as const;
export type RunnerId = (typeof RUNNERS)[number] | 'tfjs-wasm-node';

export const LR = 1e-3;
export const ADAM = { lr: LR, beta1: 0.9, beta2: 0.999, eps: 1e-8 };
/** The distillation iteration's settings (the distillSchema defaults: batch 1024, DMD weighting). */
export const DISTILL = { batch: 1024, lrG: 1e-4, lrPhi: 1e-3, sigmaInit: 2.5, weighting: 'dmd' as const };

const mm = (n: number): Workload => ({ id: `matmul-${n}`, label: `matmul ${n}^3`, unit: 'GFLOP/s', n, flop: 2 * n * n * n, warm: 2, reps: n >= 1024 ? 5 : 9, quickReps: 3 });

export const WORKLOADS: Workload[] = [
  mm(256),
  mm(512),
  mm(1024),
  { id: 'denoiser-3x128', label: 'denoiser step 2->Fourier->3x128 SiLU->2, B=1024, Adam', unit: 'steps/s', spec: default2dSpec(0.5), batch: 1024, warm: 3, reps: 15, quickReps: 5 },
  { id: 'denoiser-4x256', label: 'denoiser step 2->Fourier->4x256 SiLU->2, B=1024, Adam', unit: 'steps/s', spec: default2dSpec(0.5, 2, 256, 4), batch: 1024, warm: 3, reps: 11, quickReps: 4 },
  { id: 'distill', label: `distillation iteration (vanilla DMD, 3x128, B=${DISTILL.batch})`, unit: 'it/s', spec: default2dSpec(0.5), batch: DISTILL.batch, warm: 2, reps: 11, quickReps: 4 },
  { id: 'unet-small', label: 'MNIST U-Net 8-16-32 DSM step, B=32, Adam', unit: 'steps/s', spec: mnistDenoiserSpec(MNIST_UNET_SMALL), batch: 32, warm: 2, reps: 5, quickReps: 3 },
];

export function selectWorkloads(only: string[] | null): Workload[] {
  return WORKLOADS.filter((w) => !only || only.some((o) => w.id.includes(o)));
}

/** Clean samples for the DSM workloads: points in [-1, 1]^d from a fixed hash (no RNG state shared with the runners). */
export function fixedX0(batch: number, dim: number): Float32Array {
  const out = new Float32Array(batch * dim);
  for (let i = 0; i < out.length; i++) out[i] = Math.sin(i * 12.9898 + 78.233) * 0.9;
  return out;
}

export interface Sample {
  workload: string;
  label: string;
  runner: RunnerId;
  unit: Unit;
  reps: number;
  warm: number;
  /** wall ms per step: median, min, max */
  medianMs: number;
  minMs: number;
  maxMs: number;
  /** throughput in `unit` from the median (and from max / min ms) */
  median: number;
  min: number;
  max: number;
  /** first-call ms (compiles pipelines / shaders), for the record */
  firstMs: number;
  /**
   * CPU ms per timed step of every thread doing the work (Node: this process, Dawn's and the
   * adapter's threads included; Chromium: the browser's whole process tree: GPU process,
   * renderer, wasm threads), when the runner can measure it. On a shared machine it is far
   * less sensitive to other load than wall time.
   */
  cpuMs?: number;
  error?: string;
}

export interface Prepared {
  /** record one step (matmul: one launch) and await a small readback */
  step(): Promise<void>;
  dispose(): void | Promise<void>;
}

const median = (v: number[]) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)];

/** Warm-up calls (the first one timed separately), then `reps` timed calls, within `budgetMs` (at least 3). */
export async function timeWorkload(w: Workload, runner: RunnerId, p: Prepared, quick: boolean, budgetMs = 90_000, log: (s: string) => void = () => {}, cpu?: () => Promise<number>): Promise<Sample> {
  const t0 = performance.now();
  await p.step();
  const firstMs = performance.now() - t0;
  for (let i = 1; i < w.warm; i++) await p.step();
  const reps = quick ? w.quickReps : w.reps;
  const t: number[] = [];
  const cpu0 = cpu ? await cpu() : 0;
  const start = performance.now();
  while (t.length < reps && (t.length < 3 || performance.now() - start < budgetMs)) {
    const a = performance.now();
    await p.step();
    t.push(performance.now() - a);
  }
  const cpuMs = cpu ? ((await cpu()) - cpu0) / t.length : undefined;
  const thr = (ms: number) => (w.unit === 'GFLOP/s' ? w.flop! / ms / 1e6 : 1000 / ms);
  const med = median(t), mn = Math.min(...t), mx = Math.max(...t);
  const s: Sample = { workload: w.id, label: w.label, runner, unit: w.unit, reps: t.length, warm: w.warm, medianMs: med, minMs: mn, maxMs: mx, median: thr(med), min: thr(mx), max: thr(mn), firstMs, cpuMs };
  log(`${runner.padEnd(15)} ${w.id.padEnd(15)} ${med.toFixed(2).padStart(9)} ms  ${s.median.toFixed(2).padStart(8)} ${w.unit}  (min ${s.min.toFixed(2)}, max ${s.max.toFixed(2)}, ${t.length} reps, first ${firstMs.toFixed(0)} ms${cpuMs !== undefined ? `, ${cpuMs.toFixed(1)} CPU ms/step` : ''})`);
  return s;
}

export function failedSample(w: Workload, runner: RunnerId, e: unknown): Sample {
  return { workload: w.id, label: w.label, runner, unit: w.unit, reps: 0, warm: 0, medianMs: NaN, minMs: NaN, maxMs: NaN, median: NaN, min: NaN, max: NaN, firstMs: NaN, error: e instanceof Error ? e.message : String(e) };
}
