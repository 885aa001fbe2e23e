/**
 * Per-kernel profile of one training step (or any recorded work) on WebGPU: the step's
 * dispatches are captured once, then each is replayed in isolation `reps` times in one
 * command buffer and timed (wall clock of record + submit + onSubmittedWorkDone, divided
 * by reps). Prints a table grouped by kernel name and by dispatch.
 *
 *   npx tsx --import ./src/engine/node/registerRaw.mjs scripts/benchProfile.ts [--batch 1024]   (an MLP training step)
 *   npx tsx --import ./src/engine/node/registerRaw.mjs scripts/benchProfile.ts --distill [--batch 512]
 *
 * Replaying a dispatch with beta != 0 or in place (Adam) changes the data; only the time
 * matters here. Timings include one submit per `reps` dispatches (amortised).
 */
import type { Backend, Buf } from '../src/engine/backend';
import type { KernelDef, ParamValues } from '../src/engine/kernel';
import { disbackSchema, distillSchema } from '../src/config/schema';
import { default2dSpec, mlpSpecOf } from '../src/diffusion/denoiser';
import { initialGeneratorWeights } from '../src/distill/generator';
import { methodDef } from '../src/distill/methods';
import { Racer } from '../src/distill/racer';
import { initMlpWeights, type MlpSpec, ParamSet } from '../src/engine/nn/mlp';
import { RegressionTrainer, smoothRegressionData } from '../src/engine/nn/regression';
import { createDawnBackend } from '../src/engine/node/dawn';

export interface Dispatch {
  k: KernelDef;
  params: Record<string, number>;
  bufs: readonly Buf[];
  groups: readonly [number, number, number];
}

/** Capture every `run` recorded while `fn` runs (the work is still recorded as usual). */
export function capture(be: Backend, fn: () => void): Dispatch[] {
  const out: Dispatch[] = [];
  const orig = be.run.bind(be);
  (be as { run: Backend['run'] }).run = <P extends string>(k: KernelDef<P>, params: ParamValues<P>, bufs: readonly Buf[], groups: readonly [number, number, number]) => {
    out.push({ k: k as unknown as KernelDef, params: { ...params } as Record<string, number>, bufs, groups });
    orig(k, params, bufs, groups);
  };
  try {
    fn();
  } finally {
    (be as { run: Backend['run'] }).run = orig;
  }
  return out;
}

const median = (v: number[]) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)];

/** Median wall and process-CPU ms per dispatch over `trials` trials of `reps` back-to-back replays. */
export async function timeDispatch(be: Backend, d: Dispatch, reps: number, trials: number): Promise<{ wall: number; cpu: number }> {
  const one = async () => {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    for (let i = 0; i < reps; i++) be.run(d.k, d.params, d.bufs, d.groups);
    await be.sync();
    const c = process.cpuUsage(c0);
    return { wall: (performance.now() - t0) / reps, cpu: (c.user + c.system) / 1000 / reps };
  };
  await one();
  const t: { wall: number; cpu: number }[] = [];
  for (let i = 0; i < trials; i++) t.push(await one());
  return { wall: median(t.map((x) => x.wall)), cpu: median(t.map((x) => x.cpu)) };
}

export function describe(d: Dispatch): string {
  const p = d.params;
  if (d.k.name.startsWith('matmul')) {
    const form = `${p.sAm === 1 ? 'T' : 'N'}${p.sBk === 1 ? 'T' : 'N'}`;
    return `${form} ${p.M}x${p.N}x${p.K}${p.act ? ' act' : ''}${p.hasBias ? ' bias' : ''}${p.beta ? ' beta' : ''}`;
  }
  if (d.k.name.startsWith('conv3x3')) {
    const gflop = (2 * p.B * p.H * p.W * 9 * p.Cin * p.Cout) / 1e9;
    return `${p.B}x${p.H}x${p.W} ${p.Cin}->${p.Cout}${p.flip ? ' dgrad' : ''} ${(gflop * 1e3).toFixed(0)} MFLOP`;
  }
  const keys = ['n', 'M', 'N', 'B', 'd', 'F'].filter((k) => k in p).map((k) => `${k}=${p[k]}`);
  return keys.join(' ');
}

export interface ProfileRow { name: string; what: string; ms: number; cpuMs: number }
export interface Profile { total: number; cpuTotal: number; rows: ProfileRow[] }

export async function profile(be: Backend, ds: Dispatch[], reps = 20, trials = 5): Promise<Profile> {
  const rows: ProfileRow[] = [];
  for (const d of ds) {
    const t = await timeDispatch(be, d, reps, trials);
    rows.push({ name: d.k.name, what: describe(d), ms: t.wall, cpuMs: t.cpu });
  }
  return { total: rows.reduce((s, r) => s + r.ms, 0), cpuTotal: rows.reduce((s, r) => s + r.cpuMs, 0), rows };
}

export function printProfile(title: string, prof: Profile): void {
  console.log(`\n${title}: sum of isolated dispatch times ${prof.total.toFixed(2)} ms wall, ${prof.cpuTotal.toFixed(2)} ms CPU, over ${prof.rows.length} dispatches`);
  const by = new Map<string, { ms: number; cpu: number; n: number }>();
  for (const r of prof.rows) {
    const e = by.get(r.name) ?? { ms: 0, cpu: 0, n: 0 };
    e.ms += r.ms;
    e.cpu += r.cpuMs;
    e.n++;
    by.set(r.name, e);
  }
  console.log(`  ${'kernel'.padEnd(20)} ${'n'.padEnd(4)} ${'wall ms'.padStart(9)} ${'CPU ms'.padStart(9)}  CPU share`);
  for (const [name, e] of [...by.entries()].sort((a, b) => b[1].cpu - a[1].cpu)) {
    console.log(`  ${name.padEnd(20)} x${String(e.n).padEnd(3)} ${e.ms.toFixed(3).padStart(9)} ${e.cpu.toFixed(3).padStart(9)}  ${((100 * e.cpu) / prof.cpuTotal).toFixed(1).padStart(5)}%`);
  }
  console.log('  per dispatch (wall / CPU ms):');
  for (const r of prof.rows) console.log(`    ${r.name.padEnd(20)} ${r.what.padEnd(34)} ${r.ms.toFixed(3).padStart(8)} ${r.cpuMs.toFixed(3).padStart(8)}`);
}

const MLP: MlpSpec = { inDim: 2, outDim: 2, hidden: [128, 128, 128], act: 'silu', fourier: { F: 8, fmin: 0.5, fmax: 8 } };

/** The dispatches of one distillation iteration (a vanilla racer, as scripts/benchEngine.ts runs it). */
async function profileDistill(be: Backend, batch: number): Promise<void> {
  const spec = default2dSpec(0.5);
  const d = distillSchema.parse({ batch });
  const w = initMlpWeights(mlpSpecOf(spec), 7);
  const teacher = ParamSet.create(be, mlpSpecOf(spec), w, 'teacher');
  const g0 = initialGeneratorWeights(spec, w, 'teacher', d.sigmaInit, 3, be);
  const racer = new Racer(be, spec, methodDef('vanilla', d, disbackSchema.parse({})), [teacher], g0, {
    batch, lrG: d.lrG, lrPhi: d.lrPhi, sigmaInit: d.sigmaInit, weighting: d.weighting, seed: 3, sigmaRange: { lo: spec.edm.sigmaMin, hi: spec.edm.sigmaMax },
  });
  for (let i = 0; i < 3; i++) racer.step();
  await be.sync();
  const ds = capture(be, () => racer.step());
  await be.sync();
  printProfile(`distillation iteration (vanilla, K_fake = 1), batch ${batch}`, await profile(be, ds));
  racer.destroy();
  teacher.destroy();
  g0.destroy();
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const bi = argv.indexOf('--batch');
  const batch = bi >= 0 ? Number(argv[bi + 1]) : 1024;
  const be = await createDawnBackend();
  console.log(`adapter: ${be.adapterName}`);
  if (argv.includes('--distill')) {
    await profileDistill(be, bi >= 0 ? batch : 512);
    be.destroy();
    return;
  }
  const t = new RegressionTrainer(be, MLP, smoothRegressionData(8192, 1), { batch, seed: 2, historyLength: 64 });
  for (let i = 0; i < 3; i++) t.step();
  await be.sync();
  const ds = capture(be, () => t.step(false));
  await be.sync();
  // whole step for comparison
  const whole: number[] = [];
  for (let i = 0; i < 9; i++) {
    const t0 = performance.now();
    t.step();
    await be.sync();
    whole.push(performance.now() - t0);
  }
  console.log(`whole step (record + submit + wait), median of 9: ${median(whole).toFixed(2)} ms`);
  printProfile(`MLP step, batch ${batch}`, await profile(be, ds));
  t.destroy();
  be.destroy();
}

if (process.argv[1]?.endsWith('benchProfile.ts')) {
  main().catch((e) => {
    console.error(e);
    process.exit(1);
  });
}
