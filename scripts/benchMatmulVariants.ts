/**
 * Matmul kernel variants for scripts/benchKernels.ts. Every variant has exactly the
 * semantics (and parameters and bindings) of the library's `matmul` kernel, so the same
 * CPU twin checks it; only the WGSL and the launch grid differ. The library keeps the
 * winners only (src/engine/kernels/matmul.wgsl); the losers live here so the numbers in
 * docs/performance.md can be reproduced.
 */
import type { KernelDef } from '../src/engine/kernel';
import { matmulKernel, matmulKernelFor } from '../src/engine/kernels/matmul';
import { al4, def, defV4, EPILOGUE, type MatmulVariant } from './benchMatmulCommon';
import { libInlined, splitK, subgroupTile } from './benchMatmulVariantsSg';

export type { MatmulVariant, MmShape } from './benchMatmulCommon';

/** The library's matmul as ops.matmul launches it (entry point by N and the adapter's subgroup size). */
export const library: MatmulVariant = {
  name: 'lib (after)',
  kernel: matmulKernel as unknown as KernelDef,
  grid: (s) => matmulKernelFor(s.M, s.N).groups,
  pick: (s, sg) => {
    const r = matmulKernelFor(s.M, s.N, sg);
    return { kernel: r.kernel as unknown as KernelDef, groups: r.groups };
  },
};

/** The library kernel as it was before this work (generic strides, 4x4 per thread, 8x8 groups). */
export const baseline: MatmulVariant = {
  name: 'gen4x4-wg8x8 (before)',
  kernel: def('mmv_baseline', EPILOGUE + `
@compute @workgroup_size(8, 8)
fn main(@builtin(global_invocation_id) gid: vec3<u32>) {
  let row0 = gid.y * 4u;
  let col0 = gid.x * 4u;
  if (row0 >= p.M || col0 >= p.N) { return; }
  var acc0 = vec4<f32>(0.0);
  var acc1 = vec4<f32>(0.0);
  var acc2 = vec4<f32>(0.0);
  var acc3 = vec4<f32>(0.0);
  let mLast = p.M - 1u;
  let nLast = p.N - 1u;
  let r0 = p.offA + min(row0, mLast) * p.sAm;
  let r1 = p.offA + min(row0 + 1u, mLast) * p.sAm;
  let r2 = p.offA + min(row0 + 2u, mLast) * p.sAm;
  let r3 = p.offA + min(row0 + 3u, mLast) * p.sAm;
  let c0 = p.offB + min(col0, nLast) * p.sBn;
  let c1 = p.offB + min(col0 + 1u, nLast) * p.sBn;
  let c2 = p.offB + min(col0 + 2u, nLast) * p.sBn;
  let c3 = p.offB + min(col0 + 3u, nLast) * p.sBn;
  for (var k = 0u; k < p.K; k = k + 1u) {
    let kb = k * p.sBk;
    let ka = k * p.sAk;
    let b = vec4<f32>(B[c0 + kb], B[c1 + kb], B[c2 + kb], B[c3 + kb]);
    acc0 = acc0 + A[r0 + ka] * b;
    acc1 = acc1 + A[r1 + ka] * b;
    acc2 = acc2 + A[r2 + ka] * b;
    acc3 = acc3 + A[r3 + ka] * b;
  }
  for (var i = 0u; i < 4u; i = i + 1u) {
    let r = row0 + i;
    if (r >= p.M) { break; }
    var acc = acc0;
    if (i == 1u) { acc = acc1; } else if (i == 2u) { acc = acc2; } else if (i == 3u) { acc = acc3; }
    for (var j = 0u; j < 4u; j = j + 1u) {
      let c = col0 + j;
      if (c >= p.N) { break; }
      store_out(r, c, acc[j]);
    }
  }
}`),
  grid: (s) => [Math.ceil(s.N / 32), Math.ceil(s.M / 32), 1],
};

/**
 * "Lane-broadcast" family. Invocations of a workgroup run as SIMD lanes on a software
 * adapter (8 on lavapipe/AVX2, 4 on SwiftShader). Lanes map to consecutive output columns
 * (`cols`) or rows (`rows`); each invocation accumulates R outputs along the other axis,
 * whose indices come from workgroup_id only, so those loads are uniform across the lanes
 * (one scalar load + broadcast on lavapipe) and only one operand is gathered per k.
 * C > 1 adds more lane-axis outputs per invocation, strided by the workgroup width.
 */
export function laneBroadcast(o: { lanes: 'cols' | 'rows'; R: number; C: number; WX: number; unroll?: number }): MatmulVariant {
  const { lanes, R, C, WX } = o;
  const U = o.unroll ?? 1;
  const L: string[] = [];
  // lane axis: cols => c (divergent), uniform axis: rows. lanes 'rows' is the mirror.
  const laneDim = lanes === 'cols' ? 'p.N' : 'p.M';
  const uniDim = lanes === 'cols' ? 'p.M' : 'p.N';
  L.push(`@compute @workgroup_size(${WX})`);
  L.push('fn main(@builtin(workgroup_id) wg: vec3<u32>, @builtin(local_invocation_id) lid: vec3<u32>) {');
  L.push(`  let u0 = wg.y * ${R}u;`);
  L.push(`  let lbase = wg.x * ${WX * C}u + lid.x;`);
  L.push(`  let uLast = ${uniDim} - 1u;`);
  L.push(`  let lLast = ${laneDim} - 1u;`);
  // uniform operand base indices
  const uniBase = (i: number) => (lanes === 'cols' ? `p.offA + min(u0 + ${i}u, uLast) * p.sAm` : `p.offB + min(u0 + ${i}u, uLast) * p.sBn`);
  const laneBase = (j: number) => (lanes === 'cols' ? `p.offB + min(lbase + ${j * WX}u, lLast) * p.sBn` : `p.offA + min(lbase + ${j * WX}u, lLast) * p.sAm`);
  const uniArr = lanes === 'cols' ? 'A' : 'B';
  const laneArr = lanes === 'cols' ? 'B' : 'A';
  const uniK = lanes === 'cols' ? 'p.sAk' : 'p.sBk';
  const laneK = lanes === 'cols' ? 'p.sBk' : 'p.sAk';
  for (let i = 0; i < R; i++) L.push(`  let ub${i} = ${uniBase(i)};`);
  for (let j = 0; j < C; j++) L.push(`  let lb${j} = ${laneBase(j)};`);
  for (let i = 0; i < R; i++) for (let j = 0; j < C; j++) L.push(`  var acc${i}_${j} = 0.0;`);
  const body = (kExpr: string, ind: string) => {
    const out: string[] = [];
    out.push(`${ind}let ku = (${kExpr}) * ${uniK};`);
    out.push(`${ind}let kl = (${kExpr}) * ${laneK};`);
    for (let j = 0; j < C; j++) out.push(`${ind}let x${j} = ${laneArr}[lb${j} + kl];`);
    for (let i = 0; i < R; i++) {
      out.push(`${ind}let y${i} = ${uniArr}[ub${i} + ku];`);
      for (let j = 0; j < C; j++) out.push(`${ind}acc${i}_${j} = fma(y${i}, x${j}, acc${i}_${j});`);
    }
    return out;
  };
  if (U > 1) {
    L.push(`  let kMain = p.K - p.K % ${U}u;`);
    L.push(`  for (var k = 0u; k < kMain; k = k + ${U}u) {`);
    for (let u = 0; u < U; u++) {
      L.push('    {');
      L.push(...body(`k + ${u}u`, '      '));
      L.push('    }');
    }
    L.push('  }');
    L.push('  for (var k = kMain; k < p.K; k = k + 1u) {');
  } else {
    L.push('  for (var k = 0u; k < p.K; k = k + 1u) {');
  }
  L.push(...body('k', '    '));
  L.push('  }');
  for (let j = 0; j < C; j++) {
    L.push(`  let l${j} = lbase + ${j * WX}u;`);
    L.push(`  if (l${j} < ${laneDim}) {`);
    for (let i = 0; i < R; i++) {
      const r = lanes === 'cols' ? `u0 + ${i}u` : `l${j}`;
      const c = lanes === 'cols' ? `l${j}` : `u0 + ${i}u`;
      L.push(`    if (u0 + ${i}u < ${uniDim}) { store_out(${r}, ${c}, acc${i}_${j}); }`);
    }
    L.push('  }');
  }
  L.push('}');
  const name = `lb-${lanes}-${R}x${C}-wg${WX}${U > 1 ? `-u${U}` : ''}`;
  return {
    name,
    kernel: def(`mmv_${name.replace(/-/g, '_')}`, EPILOGUE + L.join('\n')),
    grid: (s) => {
      const lane = lanes === 'cols' ? s.N : s.M;
      const uni = lanes === 'cols' ? s.M : s.N;
      return [Math.ceil(lane / (WX * C)), Math.ceil(uni / R), 1];
    },
  };
}

/** Shared-memory tiled kernel (TS x TS tile per workgroup, TK-deep K slices, 1 output per invocation). */
export function tiled(TS = 16, TK = 16): MatmulVariant {
  const wgsl = EPILOGUE + `
var<workgroup> tA: array<f32, ${TS * TK}>;
var<workgroup> tB: array<f32, ${TK * TS}>;
@compute @workgroup_size(${TS}, ${TS})
fn main(@builtin(workgroup_id) wg: vec3<u32>, @builtin(local_invocation_id) lid: vec3<u32>) {
  let r = wg.y * ${TS}u + lid.y;
  let c = wg.x * ${TS}u + lid.x;
  var acc = 0.0;
  for (var k0 = 0u; k0 < p.K; k0 = k0 + ${TK}u) {
    // A tile [TS rows, TK k], B tile [TK k, TS cols]; TS == TK so each invocation loads one of each
    let ak = k0 + lid.x;
    let ar = wg.y * ${TS}u + lid.y;
    var av = 0.0;
    if (ak < p.K && ar < p.M) { av = A[p.offA + ar * p.sAm + ak * p.sAk]; }
    tA[lid.y * ${TK}u + lid.x] = av;
    let bk = k0 + lid.y;
    var bv = 0.0;
    if (bk < p.K && c < p.N) { bv = B[p.offB + bk * p.sBk + c * p.sBn]; }
    tB[lid.y * ${TS}u + lid.x] = bv;
    workgroupBarrier();
    for (var kk = 0u; kk < ${TK}u; kk = kk + 1u) {
      acc = fma(tA[lid.y * ${TK}u + kk], tB[kk * ${TS}u + lid.x], acc);
    }
    workgroupBarrier();
  }
  if (r < p.M && c < p.N) { store_out(r, c, acc); }
}`;
  const name = `tiled${TS}x${TS}-k${TK}`;
  return { name, kernel: def(`mmv_${name}`, wgsl), grid: (s) => [Math.ceil(s.N / TS), Math.ceil(s.M / TS), 1] };
}

/**
 * vec4-load kernels, one per layout: every load instruction fetches 4 floats (on lavapipe
 * a load costs about the same whatever its width). R rows x 4*C4 columns per invocation
 * (NN, TN) or R x C (NT, scalar columns). Alignment: the vec4 axis' length and offset % 4 == 0.
 */
export function vec4Tile(o: { form: 'NN' | 'NT' | 'TN'; R: number; C: number; WX: number; WY: number }): MatmulVariant {
  const { form, R, C, WX, WY } = o;
  const L: string[] = [];
  const colsPer = form === 'NT' ? C : 4 * C;
  L.push(`@compute @workgroup_size(${WX}, ${WY})`);
  L.push('fn main(@builtin(global_invocation_id) gid: vec3<u32>) {');
  L.push(`  let r0 = gid.y * ${R}u;`);
  L.push(`  let c0 = gid.x * ${colsPer}u;`);
  L.push('  if (r0 >= p.M || c0 >= p.N) { return; }');
  L.push('  let mLast = p.M - 1u;');
  L.push('  let nLast = p.N - 1u;');
  if (form === 'NN') {
    // A[M,K] vec4 along k; B[K,N] vec4 along n
    L.push('  let K4 = p.K / 4u;');
    L.push('  let N4 = p.N / 4u;');
    for (let i = 0; i < R; i++) L.push(`  let a${i}b = p.offA / 4u + min(r0 + ${i}u, mLast) * K4;`);
    for (let j = 0; j < C; j++) L.push(`  let b${j}b = p.offB / 4u + min(c0 / 4u + ${j}u, N4 - 1u);`);
    for (let i = 0; i < R; i++) for (let j = 0; j < C; j++) L.push(`  var acc${i}_${j} = vec4<f32>(0.0);`);
    L.push('  for (var kk = 0u; kk < K4; kk = kk + 1u) {');
    for (let i = 0; i < R; i++) L.push(`    let a${i} = A[a${i}b + kk];`);
    L.push('    let kb = kk * 4u * N4;');
    for (let t = 0; t < 4; t++) {
      for (let j = 0; j < C; j++) L.push(`    let b${t}_${j} = B[b${j}b + kb + ${t}u * N4];`);
    }
    const comp = 'xyzw';
    for (let i = 0; i < R; i++) for (let j = 0; j < C; j++) {
      L.push(`    acc${i}_${j} = fma(vec4<f32>(a${i}.${comp[0]}), b0_${j}, fma(vec4<f32>(a${i}.${comp[1]}), b1_${j}, fma(vec4<f32>(a${i}.${comp[2]}), b2_${j}, fma(vec4<f32>(a${i}.${comp[3]}), b3_${j}, acc${i}_${j}))));`);
    }
    L.push('  }');
  } else if (form === 'TN') {
    // A[K,M] vec4 along m; B[K,N] vec4 along n; R rows = 4*R4
    if (R % 4 !== 0) throw new Error('TN: R must be a multiple of 4');
    const R4 = R / 4;
    L.push('  let M4 = p.M / 4u;');
    L.push('  let N4 = p.N / 4u;');
    for (let i = 0; i < R4; i++) L.push(`  let a${i}b = p.offA / 4u + min(r0 / 4u + ${i}u, M4 - 1u);`);
    for (let j = 0; j < C; j++) L.push(`  let b${j}b = p.offB / 4u + min(c0 / 4u + ${j}u, N4 - 1u);`);
    for (let i = 0; i < R; i++) for (let j = 0; j < C; j++) L.push(`  var acc${i}_${j} = vec4<f32>(0.0);`);
    L.push('  for (var k = 0u; k < p.K; k = k + 1u) {');
    for (let i = 0; i < R4; i++) L.push(`    let a${i} = A[a${i}b + k * M4];`);
    for (let j = 0; j < C; j++) L.push(`    let b${j} = B[b${j}b + k * N4];`);
    const comp = 'xyzw';
    for (let i = 0; i < R; i++) for (let j = 0; j < C; j++) L.push(`    acc${i}_${j} = fma(vec4<f32>(a${Math.floor(i / 4)}.${comp[i % 4]}), b${j}, acc${i}_${j});`);
    L.push('  }');
  } else {
    // NT: A[M,K] vec4 along k; B[N,K] vec4 along k; C scalar columns, vec4 partial sums
    L.push('  let K4 = p.K / 4u;');
    for (let i = 0; i < R; i++) L.push(`  let a${i}b = p.offA / 4u + min(r0 + ${i}u, mLast) * K4;`);
    for (let j = 0; j < C; j++) L.push(`  let b${j}b = p.offB / 4u + min(c0 + ${j}u, nLast) * K4;`);
    for (let i = 0; i < R; i++) for (let j = 0; j < C; j++) L.push(`  var acc${i}_${j} = vec4<f32>(0.0);`);
    L.push('  for (var kk = 0u; kk < K4; kk = kk + 1u) {');
    for (let i = 0; i < R; i++) L.push(`    let a${i} = A[a${i}b + kk];`);
    for (let j = 0; j < C; j++) L.push(`    let b${j} = B[b${j}b + kk];`);
    for (let i = 0; i < R; i++) for (let j = 0; j < C; j++) L.push(`    acc${i}_${j} = fma(a${i}, b${j}, acc${i}_${j});`);
    L.push('  }');
  }
  // epilogue (scalar stores)
  for (let i = 0; i < R; i++) {
    L.push(`  if (r0 + ${i}u < p.M) {`);
    for (let j = 0; j < C; j++) {
      if (form === 'NT') {
        L.push(`    if (c0 + ${j}u < p.N) { let s = acc${i}_${j}; store_out(r0 + ${i}u, c0 + ${j}u, (s.x + s.y) + (s.z + s.w)); }`);
      } else {
        for (let t = 0; t < 4; t++) L.push(`    if (c0 + ${4 * j + t}u < p.N) { store_out(r0 + ${i}u, c0 + ${4 * j + t}u, acc${i}_${j}[${t}]); }`);
      }
    }
    L.push('  }');
  }
  L.push('}');
  const name = `v4-${form}-${R}x${colsPer}-wg${WX}x${WY}`;
  const aVec = true, bVec = true;
  return {
    name,
    kernel: defV4(`mmv_${name.replace(/-/g, '_')}`, EPILOGUE + L.join('\n'), aVec, bVec),
    grid: (s) => [Math.ceil(s.N / (colsPer * WX)), Math.ceil(s.M / (R * WY)), 1],
    supports: (s) => {
      const f = `${s.transA ? 'T' : 'N'}${s.transB ? 'T' : 'N'}`;
      if (f !== form) return false;
      if (form === 'NN') return al4(s.K, s.N);
      if (form === 'NT') return al4(s.K);
      return al4(s.M, s.N);
    },
  };
}

/**
 * Generic strided kernel (any layout, offset and size) with an R x C register tile of
 * scalar accumulators; U k-steps per loop iteration.
 */
export function genTile(o: { R: number; C: number; WX: number; WY: number; U?: number; interleave?: boolean }): MatmulVariant {
  const { R, C, WX, WY } = o;
  const U = o.U ?? 1;
  const IL = o.interleave ?? false;
  // interleave: the invocation's columns are c0 + j * WX (lanes of a row of the workgroup
  // take consecutive columns, so B loads are sequential across lanes and A loads equal)
  const col = (j: number) => (IL ? `c0 + ${j * WX}u` : `c0 + ${j}u`);
  const L: string[] = [];
  L.push(`@compute @workgroup_size(${WX}, ${WY})`);
  L.push('fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(workgroup_id) wg: vec3<u32>, @builtin(local_invocation_id) lid: vec3<u32>) {');
  L.push(`  let r0 = gid.y * ${R}u;`);
  L.push(IL ? `  let c0 = wg.x * ${WX * C}u + lid.x;` : `  let c0 = gid.x * ${C}u;`);
  L.push('  if (r0 >= p.M || c0 >= p.N) { return; }');
  L.push('  let mLast = p.M - 1u;');
  L.push('  let nLast = p.N - 1u;');
  for (let i = 0; i < R; i++) L.push(`  let a${i}b = p.offA + min(r0 + ${i}u, mLast) * p.sAm;`);
  for (let j = 0; j < C; j++) L.push(`  let b${j}b = p.offB + min(${col(j)}, nLast) * p.sBn;`);
  for (let i = 0; i < R; i++) for (let j = 0; j < C; j++) L.push(`  var acc${i}_${j} = 0.0;`);
  const step = (kx: string, ind: string) => {
    const out: string[] = [];
    out.push(`${ind}{`);
    out.push(`${ind}  let ka = (${kx}) * p.sAk;`);
    out.push(`${ind}  let kb = (${kx}) * p.sBk;`);
    for (let i = 0; i < R; i++) out.push(`${ind}  let a${i} = A[a${i}b + ka];`);
    for (let j = 0; j < C; j++) out.push(`${ind}  let b${j} = B[b${j}b + kb];`);
    for (let i = 0; i < R; i++) for (let j = 0; j < C; j++) out.push(`${ind}  acc${i}_${j} = fma(a${i}, b${j}, acc${i}_${j});`);
    out.push(`${ind}}`);
    return out;
  };
  if (U > 1) {
    L.push(`  let kMain = p.K - p.K % ${U}u;`);
    L.push(`  for (var k = 0u; k < kMain; k = k + ${U}u) {`);
    for (let u = 0; u < U; u++) L.push(...step(`k + ${u}u`, '    '));
    L.push('  }');
    L.push('  for (var k = kMain; k < p.K; k = k + 1u) {');
  } else {
    L.push('  for (var k = 0u; k < p.K; k = k + 1u) {');
  }
  L.push(...step('k', '    '));
  L.push('  }');
  for (let i = 0; i < R; i++) {
    L.push(`  if (r0 + ${i}u < p.M) {`);
    for (let j = 0; j < C; j++) L.push(`    if (${col(j)} < p.N) { store_out(r0 + ${i}u, ${col(j)}, acc${i}_${j}); }`);
    L.push('  }');
  }
  L.push('}');
  const name = `gen${IL ? 'i' : ''}${R}x${C}-wg${WX}x${WY}${U > 1 ? `-u${U}` : ''}`;
  return { name, kernel: def(`mmv_${name.replace(/-/g, '_')}`, EPILOGUE + L.join('\n')), grid: (s) => [Math.ceil(s.N / (C * WX)), Math.ceil(s.M / (R * WY)), 1] };
}

export function allVariants(): MatmulVariant[] {
  const v: MatmulVariant[] = [
    library,
    libInlined(),
    baseline,
    laneBroadcast({ lanes: 'cols', R: 8, C: 1, WX: 8 }),
    laneBroadcast({ lanes: 'cols', R: 8, C: 1, WX: 32 }),
    laneBroadcast({ lanes: 'cols', R: 16, C: 1, WX: 8 }),
    laneBroadcast({ lanes: 'cols', R: 8, C: 2, WX: 8 }),
    laneBroadcast({ lanes: 'cols', R: 8, C: 1, WX: 8, unroll: 4 }),
    laneBroadcast({ lanes: 'rows', R: 8, C: 1, WX: 8 }),
    tiled(16, 16),
  ];
  const tiles: Record<'NN' | 'NT' | 'TN', [number, number][]> = {
    NN: [[4, 4], [8, 4], [4, 8], [8, 8], [16, 8], [8, 16], [16, 16]],
    NT: [[4, 4], [8, 4], [4, 8], [8, 8], [16, 8], [8, 16]],
    TN: [[4, 4], [8, 4], [4, 8], [8, 8], [16, 8], [8, 16], [16, 16]],
  };
  for (const form of ['NN', 'NT', 'TN'] as const) {
    for (const [R, C] of tiles[form]) v.push(vec4Tile({ form, R, C: form === 'NT' ? C : C / 4, WX: 8, WY: 8 }));
  }
  for (const [R, C] of [[4, 4], [8, 4], [4, 8], [8, 8], [16, 8], [8, 16]]) v.push(genTile({ R, C, WX: 8, WY: 8 }));
  v.push(genTile({ R: 8, C: 8, WX: 8, WY: 8, U: 2 }));
  for (const [WX, WY] of [[16, 4], [4, 16], [32, 2], [2, 32], [8, 1], [1, 8], [64, 1], [1, 64], [4, 4]]) v.push(genTile({ R: 8, C: 8, WX, WY }));
  for (const [R, C] of [[6, 8], [8, 6], [12, 4], [4, 12], [6, 6], [10, 6]]) v.push(genTile({ R, C, WX: 8, WY: 8 }));
  for (const [WX, WY] of [[8, 8], [4, 16], [16, 4], [4, 4]]) v.push(genTile({ R: 8, C: 8, WX, WY, interleave: true }));
  v.push(genTile({ R: 8, C: 8, WX: 8, WY: 8, U: 2, interleave: true }));
  v.push(genTile({ R: 4, C: 4, WX: 8, WY: 8, interleave: true }));
  // thin outputs (N <= 4): few columns per invocation, many rows, workgroups along rows
  for (const [R, C, WY] of [[8, 2, 64], [16, 2, 64], [32, 2, 32], [16, 4, 64], [8, 4, 64], [4, 2, 64], [4, 4, 64], [8, 2, 16], [8, 2, 32]]) v.push(genTile({ R, C, WX: 1, WY }));
  for (const [WX, WY] of [[1, 16], [1, 32], [16, 1], [32, 1], [2, 8], [8, 2]]) v.push(genTile({ R: 8, C: 8, WX, WY }));
  for (const [R, C, WG] of [[4, 16, 32], [8, 8, 32], [2, 32, 32], [4, 8, 32], [8, 16, 32], [4, 16, 64], [4, 16, 16], [4, 32, 16], [8, 8, 16], [2, 64, 16], [2, 32, 16], [4, 32, 8], [8, 32, 8], [2, 64, 32], [6, 32, 16], [4, 32, 32], [4, 48, 16]]) v.push(subgroupTile({ S: 8, R, C, WG }));
  for (const [R, C, WG] of [[4, 16, 8], [4, 32, 8], [8, 16, 8], [4, 8, 8], [2, 32, 8]]) v.push(subgroupTile({ S: 4, R, C, WG }));
  v.push(splitK(4), splitK(16));
  v.push(subgroupTile({ S: 4, R: 8, C: 16, WG: 8, fastStore: true }), subgroupTile({ S: 8, R: 4, C: 32, WG: 8, fastStore: true }));
  return v;
}
