/**
 * Matmul variants for scripts/benchKernels.ts, continued: subgroup-shared operands, split-K,
 * and the library kernel with its tile function inlined.
 */
import type { Buf } from '../src/engine/backend';
import type { KernelDef } from '../src/engine/kernel';
import { matmulKernel } from '../src/engine/kernels/matmul';
import { def, EPILOGUE, type MatmulVariant } from './benchMatmulCommon';

/** The library's 8x8 body inlined into main instead of called as tile8x8() (a check that the call costs nothing). */
export function libInlined(): MatmulVariant {
  const lib = matmulKernel.wgsl;
  const body = lib.slice(lib.indexOf('fn tile8x8(r0: u32, c0: u32) {') + 'fn tile8x8(r0: u32, c0: u32) {'.length, lib.indexOf('//!kernel') >= 0 ? lib.indexOf('//!kernel') : lib.lastIndexOf('@compute'));
  const head = lib.slice(0, lib.indexOf('fn tile8x8('));
  const inner = body.slice(0, body.lastIndexOf('}'));
  const wgsl = `${head}
@compute @workgroup_size(8, 8)
fn main(@builtin(global_invocation_id) gid: vec3<u32>) {
  let r0 = gid.y * 8u;
  let c0 = gid.x * 8u;
${inner}}`;
  return { name: 'lib-inlined', kernel: { ...matmulKernel, name: 'mmv_lib_inlined', wgsl } as unknown as KernelDef, grid: (s) => [Math.ceil(s.N / 64), Math.ceil(s.M / 64), 1] };
}

/**
 * Subgroup-shared operand: every invocation of the workgroup computes the same C columns
 * [c0, c0 + C) for its own R rows; per k each lane of a subgroup (size S, fixed) loads C/S
 * of the B values and subgroupBroadcast hands them to the others, so an invocation loads
 * R + C/S values per k for R*C multiply-adds (the 8x8 tile: 16 for 64). Needs the
 * 'subgroups' feature and a fixed subgroup size S; all lanes active (no early return).
 */
export function subgroupTile(o: { S: number; R: number; C: number; WG: number; fastStore?: boolean }): MatmulVariant {
  const { S, R, C, WG } = o;
  if (C % S !== 0) throw new Error('C must be a multiple of S');
  const Q = C / S;
  const L: string[] = ['enable subgroups;', EPILOGUE];
  L.push(`@compute @workgroup_size(${WG})`);
  L.push('fn main(@builtin(workgroup_id) wg: vec3<u32>, @builtin(local_invocation_index) li: u32, @builtin(subgroup_invocation_id) sl: u32) {');
  L.push(`  let c0 = wg.x * ${C}u;`);
  L.push(`  let r0 = wg.y * ${WG * R}u + li * ${R}u;`);
  L.push('  let mLast = p.M - 1u;');
  L.push('  let nLast = p.N - 1u;');
  for (let i = 0; i < R; i++) L.push(`  let a${i}b = p.offA + min(r0 + ${i}u, mLast) * p.sAm;`);
  for (let q = 0; q < Q; q++) L.push(`  let b${q}b = p.offB + min(c0 + sl + ${q * S}u, nLast) * p.sBn;`);
  for (let i = 0; i < R; i++) L.push('  ' + Array.from({ length: C }, (_, j) => `var c${i}_${j} = 0.0;`).join(' '));
  L.push('  for (var k = 0u; k < p.K; k = k + 1u) {');
  L.push('    let ka = k * p.sAk;');
  L.push('    let kb = k * p.sBk;');
  for (let i = 0; i < R; i++) L.push(`    let x${i} = A[a${i}b + ka];`);
  for (let q = 0; q < Q; q++) L.push(`    let v${q} = B[b${q}b + kb];`);
  for (let j = 0; j < C; j++) {
    L.push(`    { let y = subgroupBroadcast(v${Math.floor(j / S)}, ${j % S}u); ` + Array.from({ length: R }, (_, i) => `c${i}_${j} = fma(x${i}, y, c${i}_${j});`).join(' ') + ' }');
  }
  L.push('  }');
  if (o.fastStore) {
    // full tile, no beta/act and no bias: plain stores, no per-output branches
    L.push(`  if (p.beta == 0.0 && p.act == 0u && p.hasBias == 0u && c0 + ${C}u <= p.N && r0 + ${R}u <= p.M) {`);
    for (let i = 0; i < R; i++) L.push('    ' + Array.from({ length: C }, (_, j) => `C[p.offC + (r0 + ${i}u) * p.N + c0 + ${j}u] = p.alpha * c${i}_${j};`).join(' '));
    L.push('    return;');
    L.push('  }');
  }
  for (let i = 0; i < R; i++) {
    L.push(`  if (r0 + ${i}u < p.M) {`);
    L.push('    ' + Array.from({ length: C }, (_, j) => `if (c0 + ${j}u < p.N) { store_out(r0 + ${i}u, c0 + ${j}u, c${i}_${j}); }`).join(' '));
    L.push('  }');
  }
  L.push('}');
  const name = `sg${S}-${R}x${C}-wg${WG}${o.fastStore ? '-fs' : ''}`;
  return {
    name,
    subgroupSize: S,
    kernel: def(`mmv_${name.replace(/-/g, '_')}`, L.join('\n')),
    grid: (s) => [Math.ceil(s.N / C), Math.ceil(s.M / (WG * R)), 1],
  };
}

/**
 * Split-K (for dW = x^T dy, where K = batch is long and M x N small): S slices of K run as
 * separate workgroups (grid z) writing partial 8x8 blocks to a scratch buffer, then a
 * second dispatch adds the S partials in order and applies the epilogue. More workgroups
 * for a GPU; on a 2-thread software adapter the dW shapes already have enough.
 */
export function splitK(S: number): MatmulVariant {
  const partial = EPILOGUE + `
@compute @workgroup_size(8, 8)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let r0 = gid.y * 8u;
  let c0 = gid.x * 8u;
  if (r0 >= p.M || c0 >= p.N) { return; }
  let ks = (p.K + nwg.z - 1u) / nwg.z;
  let k0 = gid.z * ks;
  let k1 = min(p.K, k0 + ks);
  let mLast = p.M - 1u;
  let nLast = p.N - 1u;
${Array.from({ length: 8 }, (_, i) => `  let a${i} = p.offA + min(r0 + ${i}u, mLast) * p.sAm;`).join('\n')}
${Array.from({ length: 8 }, (_, j) => `  let b${j} = p.offB + min(c0 + ${j}u, nLast) * p.sBn;`).join('\n')}
${Array.from({ length: 8 }, (_, i) => '  ' + Array.from({ length: 8 }, (_, j) => `var c${i}${j} = 0.0;`).join(' ')).join('\n')}
  for (var k = k0; k < k1; k = k + 1u) {
    let ka = k * p.sAk;
    let kb = k * p.sBk;
${Array.from({ length: 8 }, (_, i) => `    let x${i} = A[a${i} + ka];`).join('\n')}
${Array.from({ length: 8 }, (_, j) => `    let y${j} = B[b${j} + kb];`).join('\n')}
${Array.from({ length: 8 }, (_, i) => '    ' + Array.from({ length: 8 }, (_, j) => `c${i}${j} = fma(x${i}, y${j}, c${i}${j});`).join(' ')).join('\n')}
  }
  let base = gid.z * p.M * p.N;
${Array.from({ length: 8 }, (_, i) => `  if (r0 + ${i}u < p.M) { ` + Array.from({ length: 8 }, (_, j) => `if (c0 + ${j}u < p.N) { C[base + (r0 + ${i}u) * p.N + c0 + ${j}u] = c${i}${j}; }`).join(' ') + ' }').join('\n')}
}`;
  // reduce: A = the scratch of S partials (K carries S), then the matmul epilogue
  const reduce = EPILOGUE + `
@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3<u32>) {
  let o = gid.x;
  if (o >= p.M * p.N) { return; }
  var s = 0.0;
  for (var z = 0u; z < p.K; z = z + 1u) { s = s + A[z * p.M * p.N + o]; }
  store_out(o / p.N, o % p.N, s);
}`;
  const kp = def(`mmv_splitk${S}_partial`, partial);
  const kr = def(`mmv_splitk${S}_reduce`, reduce);
  const scratch = new WeakMap<object, { buf: Buf; len: number }>();
  return {
    name: `splitK${S}-gen8x8`,
    kernel: kp,
    grid: (s) => [Math.ceil(s.N / 64), Math.ceil(s.M / 64), S],
    run: (be, p, bufs, s) => {
      const need = S * s.M * s.N;
      let sc = scratch.get(be);
      if (!sc || sc.len < need) {
        if (sc) be.destroyBuffer(sc.buf);
        sc = { buf: be.createBuffer(need, 'splitk.scratch'), len: need };
        scratch.set(be, sc);
      }
      const [a, b, bias, c, pre] = bufs;
      be.run(kp, { ...p, offC: 0 }, [a, b, bias, sc.buf, pre], [Math.ceil(s.N / 64), Math.ceil(s.M / 64), S]);
      be.run(kr, { ...p, K: S, offA: 0 }, [sc.buf, b, bias, c, pre], [Math.ceil((s.M * s.N) / 64), 1, 1]);
    },
  };
}
