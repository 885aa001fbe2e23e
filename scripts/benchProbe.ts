/**
 * Probes of a software adapter's cost model (what a load, a workgroup, a dispatch costs),
 * used to design the matmul kernels. Each probe is a tiny kernel timed as
 * scripts/benchKernels.ts times variants (interleaved rounds, medians).
 *
 *   npx tsx --import ./src/engine/node/registerRaw.mjs scripts/benchProbe.ts
 */
import type { Backend, Buf } from '../src/engine/backend';
import type { KernelDef } from '../src/engine/kernel';
import { createDawnBackend } from '../src/engine/node/dawn';

const median = (v: number[]) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)];

interface Probe { name: string; k: KernelDef; groups: [number, number, number]; work: number }

function kernel(name: string, wgsl: string): KernelDef {
  return {
    name, wgsl, params: [['K', 'u32'], ['n', 'u32']],
    bindings: [{ name: 'A', write: false }, { name: 'out', write: true }],
    cpu: () => {},
  } as KernelDef;
}

const K = 256;
function probes(): Probe[] {
  const P: Probe[] = [];
  // dispatch / workgroup overhead: one store per invocation
  for (const [wg, n] of [[8, 1], [8, 2048], [64, 256], [256, 64]] as const) {
    P.push({
      name: `store-only wg${wg} x${n}`, groups: [n, 1, 1], work: wg * n,
      k: kernel(`probe_store_${wg}_${n}`, `@compute @workgroup_size(${wg}) fn main(@builtin(global_invocation_id) g: vec3<u32>) { out[g.x] = f32(g.x); }`),
    });
  }
  const loop = (name: string, wg: number, expr: string, n = 256, per = 1) => P.push({
    name: `${name} wg${wg}`, groups: [n, 1, 1], work: (wg * n * K) / per,
    k: kernel(`probe_${name.replace(/[^a-z0-9]/gi, '_')}_${wg}`, `@compute @workgroup_size(${wg})
fn main(@builtin(global_invocation_id) g: vec3<u32>, @builtin(workgroup_id) w: vec3<u32>, @builtin(local_invocation_id) l: vec3<u32>) {
  var s = 0.0;
  var t = 1.0;
  var s0 = 0.0; var s1 = 0.0; var s2 = 0.0; var s3 = 0.0; var s4 = 0.0; var s5 = 0.0; var s6 = 0.0; var s7 = 0.0;
  for (var k = 0u; k < p.K; k = k + 1u) { ${expr} }
  out[g.x] = s + t + s0 + s1 + s2 + s3 + s4 + s5 + s6 + s7;
}`),
  });
  loop('alu fma', 64, 's = fma(s, 0.999, t); t = t + 1.0;');
  loop('alu 8 fma chains /8', 64, `${Array.from({ length: 8 }, (_, i) => `s${i} = fma(s${i}, 0.999, t);`).join(' ')} t = t + 1.0; `.replace(/^/, ''), 256, 8);
  loop('4 div loads unrolled /4', 64, 'let b = l.x + k * 256u; s = s + A[b] + A[b + 64u] + A[b + 128u] + A[b + 192u]; k = k + 3u;', 256, 1);
  loop('4 uni loads unrolled /4', 64, 'let b = w.x * p.K + k; s = s + A[b] + A[b + 1u] + A[b + 2u] + A[b + 3u]; k = k + 3u;', 256, 1);
  loop('uniform load (wg id)', 64, 's = s + A[w.x * p.K + k];');
  loop('uniform load (k only)', 64, 's = s + A[k];');
  loop('divergent contiguous', 64, 's = s + A[l.x + k * 64u];');
  loop('divergent strided', 64, 's = s + A[l.x * p.K + k];');
  loop('uniform load (wg id)', 8, 's = s + A[w.x * p.K + k];', 2048);
  loop('divergent contiguous', 8, 's = s + A[l.x + k * 8u];', 2048);
  const shared = (name: string, body: string, per = 1) => P.push({
    name, groups: [256, 1, 1], work: (64 * 256 * K) / per,
    k: kernel(`probe_${name.replace(/[^a-z0-9]/gi, '_')}`, `var<workgroup> sh: array<f32, 1024>;
@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) g: vec3<u32>, @builtin(workgroup_id) w: vec3<u32>, @builtin(local_invocation_id) l: vec3<u32>) {
  for (var i = l.x; i < 1024u; i = i + 64u) { sh[i] = A[w.x * 1024u + i]; }
  workgroupBarrier();
  var s = 0.0;
  for (var k = 0u; k < p.K; k = k + 1u) { ${body} }
  out[g.x] = s;
}`),
  });
  shared('shared load uniform wg64', 's = s + sh[k];');
  shared('shared load divergent wg64', 's = s + sh[(l.x + k) & 1023u];');
  shared('shared 4 loads divergent wg64', 'let b = (l.x + k * 4u) & 1023u; s = s + sh[b] + sh[b + 1u] + sh[b + 2u] + sh[b + 3u];', 4);
  shared('barrier per iteration wg64', 's = s + 1.0; workgroupBarrier();');
  P.push({
    name: 'vec4 uniform load wg64', groups: [256, 1, 1], work: 64 * 256 * K,
    k: {
      ...kernel('probe_vec4_uniform', `@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) g: vec3<u32>, @builtin(workgroup_id) w: vec3<u32>) {
  var s = vec4<f32>(0.0);
  for (var k = 0u; k < p.K; k = k + 4u) { s = s + A[(w.x * p.K + k) / 4u]; }
  out[g.x] = s.x + s.y + s.z + s.w;
}`),
      bindings: [{ name: 'A', write: false, type: 'vec4<f32>' }, { name: 'out', write: true }],
    } as KernelDef,
  });
  P.push({
    name: 'vec4 divergent load wg64', groups: [256, 1, 1], work: 64 * 256 * K,
    k: {
      ...kernel('probe_vec4_div', `@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) g: vec3<u32>, @builtin(workgroup_id) w: vec3<u32>, @builtin(local_invocation_id) l: vec3<u32>) {
  var s = vec4<f32>(0.0);
  for (var k = 0u; k < p.K; k = k + 4u) { s = s + A[(l.x * p.K + k) / 4u]; }
  out[g.x] = s.x + s.y + s.z + s.w;
}`),
      bindings: [{ name: 'A', write: false, type: 'vec4<f32>' }, { name: 'out', write: true }],
    } as KernelDef,
  });
  return P;
}

async function main(): Promise<void> {
  const be: Backend = await createDawnBackend();
  console.log(`adapter: ${be.adapterName}`);
  const A: Buf = be.createBuffer(2048 * K + 64 * K, 'A');
  be.write(A, new Float32Array(2048 * K + 64 * K).fill(0.5));
  const out: Buf = be.createBuffer(2048 * 256, 'out');
  const ps = probes();
  const samples = new Map<Probe, number[]>(ps.map((p) => [p, []]));
  const cpuS = new Map<Probe, number[]>(ps.map((p) => [p, []]));
  const reps = new Map<Probe, number>();
  for (const p of ps) {
    const t0 = performance.now();
    be.run(p.k, { K, n: 0 }, [A, out], p.groups);
    await be.sync();
    const one = performance.now() - t0;
    reps.set(p, Math.max(1, Math.min(500, Math.round(30 / Math.max(one, 0.02)))));
  }
  for (let r = 0; r < 7; r++) {
    for (const p of ps) {
      const n = reps.get(p)!;
      const c0 = process.cpuUsage();
      const t0 = performance.now();
      for (let i = 0; i < n; i++) be.run(p.k, { K, n: 0 }, [A, out], p.groups);
      await be.sync();
      samples.get(p)!.push((performance.now() - t0) / n);
      const c = process.cpuUsage(c0);
      cpuS.get(p)!.push((c.user + c.system) / 1000 / n);
    }
  }
  for (const p of ps) {
    const ms = median(samples.get(p)!);
    const cms = median(cpuS.get(p)!);
    console.log(`${p.name.padEnd(36)} wall ${ms.toFixed(4).padStart(9)} ms  cpu ${cms.toFixed(4).padStart(9)} ms  ${((cms * 1e6) / p.work).toFixed(3).padStart(8)} cpu-ns per invocation-iteration`);
  }
  be.destroy();
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
