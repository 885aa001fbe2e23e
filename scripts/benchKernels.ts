/**
 * Matmul variant shoot-out on WebGPU (Dawn in Node): every variant of
 * scripts/benchMatmulVariants.ts is first checked against the CPU twin on odd shapes, then
 * timed on each shape, variants interleaved round by round (the machine is shared and
 * noisy: medians of interleaved rounds compare variants under the same load).
 *
 *   npx tsx --import ./src/engine/node/registerRaw.mjs scripts/benchKernels.ts [--quick] [--only a,b] [--shapes real|square|all]
 *   VK_ICD_FILENAMES=/usr/lib/chromium/vk_swiftshader_icd.json npx tsx ... (SwiftShader)
 *
 * --shape 'NN 1024x128x128,TN' keeps the shapes whose label contains one of the strings.
 * A timed sample is `reps` back-to-back dispatches in one command buffer + submit + wait,
 * divided by reps (reps chosen so a sample takes ~40 ms). Writes bench-results/kernels-<date>.json.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import type { Backend, Buf } from '../src/engine/backend';
import type { KernelDef } from '../src/engine/kernel';
import { CpuBackend } from '../src/engine/cpu/cpuBackend';
import { createDawnBackend } from '../src/engine/node/dawn';
import { Rng } from '../src/engine/philox';
import { compareArrays } from '../src/engine/selftest';
import { allVariants, type MatmulVariant } from './benchMatmulVariants';
import { type MmShape, REAL_SHAPES, S, SQUARE_SHAPES } from './benchShapes';

const argv = process.argv.slice(2);
const QUICK = argv.includes('--quick');
const opt = (name: string) => {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : undefined;
};
const median = (v: number[]) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)];

function operands(be: Backend, s: MmShape, rng: Rng, bias = true) {
  const a = be.createBuffer(s.M * s.K, 'a'), b = be.createBuffer(s.K * s.N, 'b'), c = be.createBuffer(s.M * s.N, 'c');
  const bi = be.createBuffer(s.N, 'bias'), pre = be.createBuffer(s.M * s.N, 'pre');
  const data = [rng.uniform(s.M * s.K, -1, 2), rng.uniform(s.K * s.N, -1, 2), rng.uniform(s.M * s.N, -1, 2), rng.uniform(s.N, -1, 2)];
  be.write(a, data[0]); be.write(b, data[1]); be.write(c, data[2]); be.write(bi, data[3]); be.write(pre, data[2]);
  void bias;
  return { a, b, c, bi, pre, all: [a, b, c, bi, pre] as Buf[] };
}

function params(s: MmShape, act: number, beta = 0) {
  return {
    M: s.M, N: s.N, K: s.K, offA: 0, sAm: s.transA ? 1 : s.K, sAk: s.transA ? s.M : 1,
    offB: 0, sBk: s.transB ? 1 : s.N, sBn: s.transB ? s.K : 1, offC: 0, offBias: 0, offPre: 0,
    alpha: 1, beta, hasBias: act ? 1 : 0, act, dact: 0,
  };
}

/** Check a variant against the CPU twin on odd shapes (all four forms, bias+silu, beta). */
async function check(be: Backend, v: MatmulVariant): Promise<string | null> {
  const cpu = new CpuBackend();
  const rng = new Rng(5, 5);
  const shapes: [number, number, number][] = [[1, 1, 1], [3, 17, 33], [17, 3, 129], [33, 64, 1], [64, 129, 17], [129, 33, 64], [70, 9, 130]];
  let idx = 0;
  for (const form of ['NN', 'TN', 'NT', 'TT']) {
    for (const [M, N, K] of shapes) {
      const s = S(M, N, K, form);
      if (v.supports && !v.supports(s)) continue;
      const act = idx % 3, beta = idx % 2 ? 0.5 : 0;
      idx++;
      const p = params(s, act, beta);
      const seed = rng.uniform(1)[0] * 1e6;
      const outs: Float32Array[][] = [];
      const { kernel, groups } = launchOf(v, s);
      for (const [b, k] of [[be, kernel], [cpu, kernel]] as const) {
        const o = operands(b, s, new Rng(seed | 0, 1));
        // every variant's kernel carries the library's CPU twin: the reference is one run of it
        if (v.run && b === be) v.run(b, p, [o.a, o.b, o.bi, o.c, o.pre], s);
        else b.run(k, p, [o.a, o.b, o.bi, o.c, o.pre], groups);
        outs.push([await b.read(o.c), await b.read(o.pre)]);
        for (const x of o.all) b.destroyBuffer(x);
      }
      for (let j = 0; j < 2; j++) {
        const r = compareArrays(outs[0][j], outs[1][j]);
        if (!(r.maxRel <= 1e-4)) return `${s.label} act=${act} beta=${beta}: buffer ${j} maxRel ${r.maxRel} at ${r.at}`;
      }
    }
  }
  return null;
}

let subgroupSize: number | null = null;
function launchOf(v: MatmulVariant, s: MmShape): { kernel: KernelDef; groups: [number, number, number] } {
  return v.pick ? v.pick(s, subgroupSize) : { kernel: v.kernel, groups: v.grid(s) };
}

interface Row { variant: string; shape: string; ms: number; cpuMs: number; gflops: number; samples: number[]; cpuSamples: number[] }

/** Wall ms and process CPU ms (all threads: the software adapter's workers included) of fn, per rep. */
export async function timed(fn: () => Promise<void>, reps: number): Promise<{ wall: number; cpu: number }> {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  await fn();
  const wall = performance.now() - t0;
  const c = process.cpuUsage(c0);
  return { wall: wall / reps, cpu: (c.user + c.system) / 1000 / reps };
}

async function main(): Promise<void> {
  const be = await createDawnBackend();
  subgroupSize = be.subgroupSize;
  const only = opt('--only')?.split(',');
  const variants = allVariants().filter((v) => (!only || only.some((o) => v.name.includes(o))) && (!v.subgroupSize || v.subgroupSize === be.subgroupSize));
  const which = opt('--shapes') ?? 'all';
  const shapeFilter = opt('--shape')?.split(',');
  const shapes = [...(which !== 'square' ? REAL_SHAPES : []), ...(which !== 'real' ? SQUARE_SHAPES : [])].filter((s) => !shapeFilter || shapeFilter.some((f) => s.label.includes(f)));
  console.log(`adapter: ${be.adapterName}; load ${loadavg()[0].toFixed(2)}`);
  const ok: MatmulVariant[] = [];
  for (const v of variants) {
    const err = await check(be, v);
    console.log(`check ${v.name.padEnd(28)} ${err ?? 'ok'}`);
    if (!err) ok.push(v);
  }
  const rounds = QUICK ? 3 : 5;
  const rows: Row[] = [];
  const rng = new Rng(1, 2);
  for (const s of shapes) {
    const o = operands(be, s, rng);
    const p = params(s, s.transA || s.transB ? 0 : 1);
    const vs = ok.filter((v) => !v.supports || v.supports(s));
    const reps = new Map<MatmulVariant, number>();
    // calibrate: ~40 ms per sample
    for (const v of vs) {
      const t0 = performance.now();
      const { kernel, groups } = launchOf(v, s);
      if (v.run) v.run(be, p, [o.a, o.b, o.bi, o.c, o.pre], s);
      else be.run(kernel, p, [o.a, o.b, o.bi, o.c, o.pre], groups);
      await be.sync();
      const one = performance.now() - t0;
      reps.set(v, Math.max(1, Math.min(200, Math.round(40 / Math.max(one, 0.05)))));
    }
    const samples = new Map<MatmulVariant, number[]>(vs.map((v) => [v, []]));
    const cpuSamples = new Map<MatmulVariant, number[]>(vs.map((v) => [v, []]));
    for (let r = 0; r < rounds; r++) {
      for (const v of vs) {
        const n = reps.get(v)!;
        const { kernel, groups } = launchOf(v, s);
        const t = await timed(async () => {
          for (let i = 0; i < n; i++) {
            if (v.run) v.run(be, p, [o.a, o.b, o.bi, o.c, o.pre], s);
            else be.run(kernel, p, [o.a, o.b, o.bi, o.c, o.pre], groups);
          }
          await be.sync();
        }, n);
        samples.get(v)!.push(t.wall);
        cpuSamples.get(v)!.push(t.cpu);
      }
    }
    for (const v of vs) {
      const ms = median(samples.get(v)!);
      const cpuMs = median(cpuSamples.get(v)!);
      rows.push({ variant: v.name, shape: s.label, ms, cpuMs, gflops: (2 * s.M * s.N * s.K) / ms / 1e6, samples: samples.get(v)!, cpuSamples: cpuSamples.get(v)! });
    }
    const line = vs.map((v) => `${v.name}=${median(samples.get(v)!).toFixed(3)}/${median(cpuSamples.get(v)!).toFixed(3)}`).join('  ');
    console.log(`${s.label.padEnd(18)} ${line}`);
    for (const x of o.all) be.destroyBuffer(x);
  }
  // table: shapes x variants: wall ms (GFLOP/s) / CPU ms
  const names = ok.map((v) => v.name).filter((n) => rows.some((r) => r.variant === n));
  console.log(`\nwall ms (GFLOP/s) / process CPU ms, medians of ${rounds} interleaved rounds`);
  console.log(`${'shape'.padEnd(18)}${names.map((n) => n.padStart(30)).join('')}`);
  for (const s of shapes) {
    const cells = names.map((n) => {
      const r = rows.find((x) => x.variant === n && x.shape === s.label);
      return (r ? `${r.ms.toFixed(3)} (${r.gflops.toFixed(1)}) / ${r.cpuMs.toFixed(2)}` : '-').padStart(30);
    });
    console.log(`${s.label.padEnd(18)}${cells.join('')}`);
  }
  mkdirSync('bench-results', { recursive: true });
  const file = `bench-results/kernels-${new Date().toISOString().replace(/[:.]/g, '-')}.json`;
  writeFileSync(file, JSON.stringify({ adapter: be.adapterName, load: loadavg(), rows }, null, 1) + '\n');
  console.log(`wrote ${file}`);
  be.destroy();
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
