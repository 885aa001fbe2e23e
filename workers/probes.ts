/** On-demand probes: the score field on a grid, teacher-vs-student sampling cost, the kernel self-test. */
import type { MethodId, RunConfig } from '../src/config/schema';
import type { DataPool } from '../src/data';
import type { Backend } from '../src/engine/backend';
import { CpuBackend } from '../src/engine/cpu/cpuBackend';
import { fill } from '../src/engine/ops';
import { runKernelChecks } from '../src/engine/selftest';
import { runConvKernelChecks } from '../src/engine/selftestConv';
import { runEdmKernelChecks } from '../src/diffusion/selftestCases';
import { runDistillKernelChecks } from '../src/distill/selftestCases';
import { Rng } from '../src/engine/philox';
import { DenoiserWorkspace, type DenoiserSpec } from '../src/diffusion/denoiser';
import { checkSamplerOptions, Sampler } from '../src/diffusion/sampler';
import { GeneratorWorkspace } from '../src/distill/generator';
import type { Race } from '../src/distill/race';
import type { KernelCheck, NfeReport, ScoreField } from './api';
import { extentOf, gridPoints, lift } from './views';

/** Score vectors (D - x) / sigma^2 of the teacher, the fake score, or their gap, on a res x res grid (iy = 0 at ymin). */
export async function scoreFieldOf(be: Backend, race: Race, spec: DenoiserSpec, data: DataPool, heldout: DataPool, method: string, which: 'teacher' | 'fake' | 'gap', res: number, sigma: number): Promise<ScoreField> {
  if (!Number.isInteger(res) || res < 4 || res > 64 || !(sigma > 0) || !Number.isFinite(sigma)) throw new Error('scoreField: res must be 4..64 and sigma > 0');
  const r = race.racers.find((x) => x.def.id === method);
  if (!r && which !== 'teacher') throw new Error(`method ${method} is not racing`);
  const d = spec.dim;
  const data2 = data.project ? data.project(heldout.pool) : heldout.pool;
  const ext = extentOf(data2);
  const grid = gridPoints(res, ext);
  const n = res * res;
  const x = d === 2 ? grid : lift(grid, data.embedding!.Q, d);
  const den = new DenoiserWorkspace(be, spec, n, 'field');
  const xb = be.createBuffer(n * d, 'field.x');
  const sb = be.createBuffer(n, 'field.sigma');
  const outT = be.createBuffer(n * d, 'field.t');
  const outF = be.createBuffer(n * d, 'field.f');
  try {
    be.write(xb, x);
    fill(be, sb, sigma);
    den.forward(race.teacher, xb, sb, 0, 0, outT);
    if (r) den.forward(r.phi, xb, sb, 0, 0, outF);
    const [dt, df] = await Promise.all([be.read(outT), r ? be.read(outF) : Promise.resolve(new Float32Array(n * d))]);
    const v = new Float32Array(n * d);
    const s2 = sigma * sigma;
    for (let i = 0; i < n * d; i++) {
      const st = (dt[i] - x[i]) / s2;
      const sf = (df[i] - x[i]) / s2;
      v[i] = which === 'teacher' ? st : which === 'fake' ? sf : sf - st;
    }
    return { res, extent: ext, sigma, vectors: d === 2 ? v : data.project!(v) };
  } finally {
    den.destroy();
    for (const b of [xb, sb, outT, outF]) be.destroyBuffer(b);
  }
}

/** Largest MNIST NFE comparison: 256 images x 2N-1 U-Net passes already take minutes on a software adapter. */
export const MNIST_NFE_MAX = 256;

/**
 * Teacher N-step Heun sampling vs the student's one step: samples and ms per sample (after a
 * warm-up). MNIST: n <= 256, samples [n, 784], and the warm-up is a single Heun step (the
 * race has already built every pipeline; a full warm-up would double a costly run).
 * `churn` > 0 samples the teacher with EDM's stochastic sampler (S_churn; same NFE).
 */
export async function nfeReport(be: Backend, race: Race, spec: DenoiserSpec, config: RunConfig, data: DataPool, teacherSteps: number, n: number, method?: MethodId, churn = 0): Promise<NfeReport> {
  if (!Number.isInteger(teacherSteps) || teacherSteps < 1 || teacherSteps > 256 || !Number.isInteger(n) || n < 1 || n > 8192) throw new Error('nfe: steps 1..256, n 1..8192');
  checkSamplerOptions({ churn }, spec);
  if (spec.unet && n > MNIST_NFE_MAX) throw new Error(`nfe: MNIST compares at most ${MNIST_NFE_MAX} images (each teacher sample costs 2N-1 U-Net passes)`);
  const proj = (x: Float32Array) => (data.project ? data.project(x) : x);
  const sampler = new Sampler(be, spec, n, 'nfe');
  const g = new GeneratorWorkspace(be, spec, n, config.distill.sigmaInit, 'nfe.gen');
  try {
    await sampler.sample(race.teacher, spec.unet ? 1 : teacherSteps, 'heun', new Rng(1, 2)); // warm-up (pipelines)
    let t0 = performance.now();
    const ts = await sampler.sample(race.teacher, teacherSteps, 'heun', new Rng(1, 3), undefined, { churn });
    const tMs = performance.now() - t0;
    const racer = (method && race.racers.find((r) => r.def.id === method)) || race.racers[0];
    const eta = racer?.eta ?? race.g0;
    g.sample(eta, new Rng(1, 4));
    await be.read(g.den.D);
    t0 = performance.now();
    g.sample(eta, new Rng(1, 5));
    const ss = await be.read(g.den.D);
    const sMs = performance.now() - t0;
    return { teacher: { steps: teacherSteps, churn, msPerSample: tMs / n, samples: proj(ts) }, student: { msPerSample: sMs / n, samples: proj(ss) } };
  } finally {
    sampler.destroy();
    g.destroy();
  }
}

/** Every kernel family (engine, EDM, distillation, convolution) on `be` against its CPU twin. */
export async function kernelSelfTest(be: Backend): Promise<KernelCheck[]> {
  const cpu = new CpuBackend();
  return [...(await runKernelChecks(be, cpu)), ...(await runEdmKernelChecks(be, cpu)), ...(await runDistillKernelChecks(be, cpu)), ...(await runConvKernelChecks(be, cpu))];
}
