//!common
// C[M,N] = alpha * A[M,K] B[K,N] + beta * C, then optional bias and activation (the
// pre-activation goes to `pre`), or, with `dact`, times act'(pre) (a fused activation
// backward). A and B are addressed through strides, so one kernel serves y = xW,
// dx = dy W^T and dW = x^T dy, at any offset and size.
//
// On the software adapters every storage load is a per-lane scalar load (lavapipe: about
// 1 ns per lane, whether or not the lanes share the address), while multiply-adds are
// vector instructions, so loads per multiply-add set the speed. Two families:
//  - matmul_sg8 / matmul_sg4, for adapters whose subgroups have a fixed 8 or 4 lanes
//    (lavapipe, SwiftShader): B values are loaded once per subgroup and shared with
//    subgroupBroadcast; 4 + 4 (sg8) or 8 + 4 (sg4) loads per k for 128 multiply-adds.
//  - matmul, matmul_n32/_n16/_n8 (anywhere else, e.g. real GPUs): each invocation owns an
//    8x8 block, 16 loads per k for 64 multiply-adds. They differ only in workgroup shape:
//    SIMD lanes run along x (columns), so x must not be wider than N needs (lanes past N
//    are wasted work), while surplus rows only cost whole vectors that exit at once.
//  - matmul_thin for N <= 4 (output layers): 8x2 blocks.
// ops.ts `matmulKernelFor` picks one. docs/performance.md has the variants measured (4x4,
// 8x4, 16x8, 16x16, vec4 loads per layout, shared-memory tiles, k unrolling, workgroup
// shapes, subgroup tiles) and why these won.
// The epilogue's options are pipeline-overridable constants (set from the parameters by
// KernelDef.constants): a branch on a uniform value still costs both sides on a software
// adapter, and the epilogue is a large share of small-K launches.
override ACT: u32 = 0u;      // activation applied to the output (pre keeps the input): 0 none, 1 SiLU, 2 ReLU
override DACT: u32 = 0u;     // activation whose derivative at pre multiplies the output
override BIAS: bool = false; // a bias row is added
override BETA: bool = false; // beta != 0: the old C is read
fn act_apply(v: f32, code: u32) -> f32 {
  if (code == 1u) { return v / (1.0 + exp(-v)); }
  if (code == 2u) { return max(v, 0.0); }
  return v;
}
fn act_grad(v: f32, code: u32) -> f32 {
  if (code == 1u) { let s = 1.0 / (1.0 + exp(-v)); return s * (1.0 + v * (1.0 - s)); }
  if (code == 2u) { return select(0.0, 1.0, v > 0.0); }
  return 1.0;
}
// Where matmul_splitk's chunk writes its partial product (0 for every other entry point).
var<private> cOff: u32 = 0u;
// The epilogue for one output, with this column's bias value (0 when there is none).
fn store_out_b(r: u32, c: u32, acc: f32, b: f32) {
  let o = cOff + r * p.N + c;
  var v = p.alpha * acc;
  if (BETA) { v = v + p.beta * C[p.offC + o]; }
  if (BIAS) { v = v + b; }
  if (ACT != 0u) {
    pre[p.offPre + o] = v;
    v = act_apply(v, ACT);
  }
  if (DACT != 0u) { v = v * act_grad(pre[p.offPre + o], DACT); }
  C[p.offC + o] = v;
}
fn store_out(r: u32, c: u32, acc: f32) {
  var b = 0.0;
  if (BIAS) { b = bias[p.offBias + c]; }
  store_out_b(r, c, acc, b);
}
// C[r0..r0+8, c0..c0+8] over k in [k0, k1); rows and columns past the edge are computed on
// clamped indices and not stored. 64 scalar accumulators, straight-line (measured faster on
// lavapipe than vec4 accumulators or an unrolled k loop).
fn tile8x8(r0: u32, c0: u32, k0: u32, k1: u32) {
  if (r0 >= p.M || c0 >= p.N) { return; }
  let mLast = p.M - 1u;
  let nLast = p.N - 1u;
  let a0 = p.offA + min(r0 + 0u, mLast) * p.sAm;
  let a1 = p.offA + min(r0 + 1u, mLast) * p.sAm;
  let a2 = p.offA + min(r0 + 2u, mLast) * p.sAm;
  let a3 = p.offA + min(r0 + 3u, mLast) * p.sAm;
  let a4 = p.offA + min(r0 + 4u, mLast) * p.sAm;
  let a5 = p.offA + min(r0 + 5u, mLast) * p.sAm;
  let a6 = p.offA + min(r0 + 6u, mLast) * p.sAm;
  let a7 = p.offA + min(r0 + 7u, mLast) * p.sAm;
  let b0 = p.offB + min(c0 + 0u, nLast) * p.sBn;
  let b1 = p.offB + min(c0 + 1u, nLast) * p.sBn;
  let b2 = p.offB + min(c0 + 2u, nLast) * p.sBn;
  let b3 = p.offB + min(c0 + 3u, nLast) * p.sBn;
  let b4 = p.offB + min(c0 + 4u, nLast) * p.sBn;
  let b5 = p.offB + min(c0 + 5u, nLast) * p.sBn;
  let b6 = p.offB + min(c0 + 6u, nLast) * p.sBn;
  let b7 = p.offB + min(c0 + 7u, nLast) * p.sBn;
  var c00 = 0.0; var c01 = 0.0; var c02 = 0.0; var c03 = 0.0; var c04 = 0.0; var c05 = 0.0; var c06 = 0.0; var c07 = 0.0;
  var c10 = 0.0; var c11 = 0.0; var c12 = 0.0; var c13 = 0.0; var c14 = 0.0; var c15 = 0.0; var c16 = 0.0; var c17 = 0.0;
  var c20 = 0.0; var c21 = 0.0; var c22 = 0.0; var c23 = 0.0; var c24 = 0.0; var c25 = 0.0; var c26 = 0.0; var c27 = 0.0;
  var c30 = 0.0; var c31 = 0.0; var c32 = 0.0; var c33 = 0.0; var c34 = 0.0; var c35 = 0.0; var c36 = 0.0; var c37 = 0.0;
  var c40 = 0.0; var c41 = 0.0; var c42 = 0.0; var c43 = 0.0; var c44 = 0.0; var c45 = 0.0; var c46 = 0.0; var c47 = 0.0;
  var c50 = 0.0; var c51 = 0.0; var c52 = 0.0; var c53 = 0.0; var c54 = 0.0; var c55 = 0.0; var c56 = 0.0; var c57 = 0.0;
  var c60 = 0.0; var c61 = 0.0; var c62 = 0.0; var c63 = 0.0; var c64 = 0.0; var c65 = 0.0; var c66 = 0.0; var c67 = 0.0;
  var c70 = 0.0; var c71 = 0.0; var c72 = 0.0; var c73 = 0.0; var c74 = 0.0; var c75 = 0.0; var c76 = 0.0; var c77 = 0.0;
  for (var k = k0; k < k1; k = k + 1u) {
    let ka = k * p.sAk;
    let kb = k * p.sBk;
    let x0 = A[a0 + ka]; let x1 = A[a1 + ka]; let x2 = A[a2 + ka]; let x3 = A[a3 + ka];
    let x4 = A[a4 + ka]; let x5 = A[a5 + ka]; let x6 = A[a6 + ka]; let x7 = A[a7 + ka];
    let y0 = B[b0 + kb]; let y1 = B[b1 + kb]; let y2 = B[b2 + kb]; let y3 = B[b3 + kb];
    let y4 = B[b4 + kb]; let y5 = B[b5 + kb]; let y6 = B[b6 + kb]; let y7 = B[b7 + kb];
    c00 = fma(x0, y0, c00); c01 = fma(x0, y1, c01); c02 = fma(x0, y2, c02); c03 = fma(x0, y3, c03); c04 = fma(x0, y4, c04); c05 = fma(x0, y5, c05); c06 = fma(x0, y6, c06); c07 = fma(x0, y7, c07);
    c10 = fma(x1, y0, c10); c11 = fma(x1, y1, c11); c12 = fma(x1, y2, c12); c13 = fma(x1, y3, c13); c14 = fma(x1, y4, c14); c15 = fma(x1, y5, c15); c16 = fma(x1, y6, c16); c17 = fma(x1, y7, c17);
    c20 = fma(x2, y0, c20); c21 = fma(x2, y1, c21); c22 = fma(x2, y2, c22); c23 = fma(x2, y3, c23); c24 = fma(x2, y4, c24); c25 = fma(x2, y5, c25); c26 = fma(x2, y6, c26); c27 = fma(x2, y7, c27);
    c30 = fma(x3, y0, c30); c31 = fma(x3, y1, c31); c32 = fma(x3, y2, c32); c33 = fma(x3, y3, c33); c34 = fma(x3, y4, c34); c35 = fma(x3, y5, c35); c36 = fma(x3, y6, c36); c37 = fma(x3, y7, c37);
    c40 = fma(x4, y0, c40); c41 = fma(x4, y1, c41); c42 = fma(x4, y2, c42); c43 = fma(x4, y3, c43); c44 = fma(x4, y4, c44); c45 = fma(x4, y5, c45); c46 = fma(x4, y6, c46); c47 = fma(x4, y7, c47);
    c50 = fma(x5, y0, c50); c51 = fma(x5, y1, c51); c52 = fma(x5, y2, c52); c53 = fma(x5, y3, c53); c54 = fma(x5, y4, c54); c55 = fma(x5, y5, c55); c56 = fma(x5, y6, c56); c57 = fma(x5, y7, c57);
    c60 = fma(x6, y0, c60); c61 = fma(x6, y1, c61); c62 = fma(x6, y2, c62); c63 = fma(x6, y3, c63); c64 = fma(x6, y4, c64); c65 = fma(x6, y5, c65); c66 = fma(x6, y6, c66); c67 = fma(x6, y7, c67);
    c70 = fma(x7, y0, c70); c71 = fma(x7, y1, c71); c72 = fma(x7, y2, c72); c73 = fma(x7, y3, c73); c74 = fma(x7, y4, c74); c75 = fma(x7, y5, c75); c76 = fma(x7, y6, c76); c77 = fma(x7, y7, c77);
  }
  let n = p.N - c0;
  if (r0 + 0u < p.M) { store_out(r0 + 0u, c0, c00); if (1u < n) { store_out(r0 + 0u, c0 + 1u, c01); } if (2u < n) { store_out(r0 + 0u, c0 + 2u, c02); } if (3u < n) { store_out(r0 + 0u, c0 + 3u, c03); } if (4u < n) { store_out(r0 + 0u, c0 + 4u, c04); } if (5u < n) { store_out(r0 + 0u, c0 + 5u, c05); } if (6u < n) { store_out(r0 + 0u, c0 + 6u, c06); } if (7u < n) { store_out(r0 + 0u, c0 + 7u, c07); } }
  if (r0 + 1u < p.M) { store_out(r0 + 1u, c0, c10); if (1u < n) { store_out(r0 + 1u, c0 + 1u, c11); } if (2u < n) { store_out(r0 + 1u, c0 + 2u, c12); } if (3u < n) { store_out(r0 + 1u, c0 + 3u, c13); } if (4u < n) { store_out(r0 + 1u, c0 + 4u, c14); } if (5u < n) { store_out(r0 + 1u, c0 + 5u, c15); } if (6u < n) { store_out(r0 + 1u, c0 + 6u, c16); } if (7u < n) { store_out(r0 + 1u, c0 + 7u, c17); } }
  if (r0 + 2u < p.M) { store_out(r0 + 2u, c0, c20); if (1u < n) { store_out(r0 + 2u, c0 + 1u, c21); } if (2u < n) { store_out(r0 + 2u, c0 + 2u, c22); } if (3u < n) { store_out(r0 + 2u, c0 + 3u, c23); } if (4u < n) { store_out(r0 + 2u, c0 + 4u, c24); } if (5u < n) { store_out(r0 + 2u, c0 + 5u, c25); } if (6u < n) { store_out(r0 + 2u, c0 + 6u, c26); } if (7u < n) { store_out(r0 + 2u, c0 + 7u, c27); } }
  if (r0 + 3u < p.M) { store_out(r0 + 3u, c0, c30); if (1u < n) { store_out(r0 + 3u, c0 + 1u, c31); } if (2u < n) { store_out(r0 + 3u, c0 + 2u, c32); } if (3u < n) { store_out(r0 + 3u, c0 + 3u, c33); } if (4u < n) { store_out(r0 + 3u, c0 + 4u, c34); } if (5u < n) { store_out(r0 + 3u, c0 + 5u, c35); } if (6u < n) { store_out(r0 + 3u, c0 + 6u, c36); } if (7u < n) { store_out(r0 + 3u, c0 + 7u, c37); } }
  if (r0 + 4u < p.M) { store_out(r0 + 4u, c0, c40); if (1u < n) { store_out(r0 + 4u, c0 + 1u, c41); } if (2u < n) { store_out(r0 + 4u, c0 + 2u, c42); } if (3u < n) { store_out(r0 + 4u, c0 + 3u, c43); } if (4u < n) { store_out(r0 + 4u, c0 + 4u, c44); } if (5u < n) { store_out(r0 + 4u, c0 + 5u, c45); } if (6u < n) { store_out(r0 + 4u, c0 + 6u, c46); } if (7u < n) { store_out(r0 + 4u, c0 + 7u, c47); } }
  if (r0 + 5u < p.M) { store_out(r0 + 5u, c0, c50); if (1u < n) { store_out(r0 + 5u, c0 + 1u, c51); } if (2u < n) { store_out(r0 + 5u, c0 + 2u, c52); } if (3u < n) { store_out(r0 + 5u, c0 + 3u, c53); } if (4u < n) { store_out(r0 + 5u, c0 + 4u, c54); } if (5u < n) { store_out(r0 + 5u, c0 + 5u, c55); } if (6u < n) { store_out(r0 + 5u, c0 + 6u, c56); } if (7u < n) { store_out(r0 + 5u, c0 + 7u, c57); } }
  if (r0 + 6u < p.M) { store_out(r0 + 6u, c0, c60); if (1u < n) { store_out(r0 + 6u, c0 + 1u, c61); } if (2u < n) { store_out(r0 + 6u, c0 + 2u, c62); } if (3u < n) { store_out(r0 + 6u, c0 + 3u, c63); } if (4u < n) { store_out(r0 + 6u, c0 + 4u, c64); } if (5u < n) { store_out(r0 + 6u, c0 + 5u, c65); } if (6u < n) { store_out(r0 + 6u, c0 + 6u, c66); } if (7u < n) { store_out(r0 + 6u, c0 + 7u, c67); } }
  if (r0 + 7u < p.M) { store_out(r0 + 7u, c0, c70); if (1u < n) { store_out(r0 + 7u, c0 + 1u, c71); } if (2u < n) { store_out(r0 + 7u, c0 + 2u, c72); } if (3u < n) { store_out(r0 + 7u, c0 + 3u, c73); } if (4u < n) { store_out(r0 + 7u, c0 + 4u, c74); } if (5u < n) { store_out(r0 + 7u, c0 + 5u, c75); } if (6u < n) { store_out(r0 + 7u, c0 + 6u, c76); } if (7u < n) { store_out(r0 + 7u, c0 + 7u, c77); } }
}

//!kernel matmul
// N > 32: 8 x 8 invocations, each an 8x8 block (a 64 x 64 block of C per workgroup)
@compute @workgroup_size(8, 8)
fn main(@builtin(global_invocation_id) gid: vec3<u32>) {
  tile8x8(gid.y * 8u, gid.x * 8u, 0u, p.K);
}

//!kernel matmul_n32
// 16 < N <= 32: 4 x 4 invocations
@compute @workgroup_size(4, 4)
fn main(@builtin(global_invocation_id) gid: vec3<u32>) {
  tile8x8(gid.y * 8u, gid.x * 8u, 0u, p.K);
}

//!kernel matmul_n16
// 8 < N <= 16: 2 x 8 invocations
@compute @workgroup_size(2, 8)
fn main(@builtin(global_invocation_id) gid: vec3<u32>) {
  tile8x8(gid.y * 8u, gid.x * 8u, 0u, p.K);
}

//!kernel matmul_n8
// 4 < N <= 8: one column of invocations
@compute @workgroup_size(1, 16)
fn main(@builtin(global_invocation_id) gid: vec3<u32>) {
  tile8x8(gid.y * 8u, gid.x * 8u, 0u, p.K);
}

//!kernel matmul_splitk
// Split-K, for GPUs, where a product with few outputs and a long K (a weight gradient:
// K = batch x pixels) would leave all but a few invocations idle: the chunk gid.z sums k in
// [z kc, min(K, (z + 1) kc)) and stores alpha times it at C[offC + z M N + r N + c], with
// no epilogue (ops.matmul adds the chunks with col_sum_split, then applies beta). 4 x 16
// invocations of 8x8 blocks.
@compute @workgroup_size(4, 16)
fn main(@builtin(global_invocation_id) gid: vec3<u32>) {
  cOff = gid.z * p.M * p.N;
  let k0 = gid.z * p.kc;
  tile8x8(gid.y * 8u, gid.x * 8u, k0, min(p.K, k0 + p.kc));
}

//!kernel matmul_thin
// N <= 4 (an output layer): 8x2 blocks, one column of invocations
@compute @workgroup_size(1, 16)
fn main(@builtin(global_invocation_id) gid: vec3<u32>) {
  let r0 = gid.y * 8u;
  let c0 = gid.x * 2u;
  if (r0 >= p.M || c0 >= p.N) { return; }
  let mLast = p.M - 1u;
  let b0 = p.offB + min(c0, p.N - 1u) * p.sBn;
  let b1 = p.offB + min(c0 + 1u, p.N - 1u) * p.sBn;
  let a0 = p.offA + min(r0, mLast) * p.sAm;
  let a1 = p.offA + min(r0 + 1u, mLast) * p.sAm;
  let a2 = p.offA + min(r0 + 2u, mLast) * p.sAm;
  let a3 = p.offA + min(r0 + 3u, mLast) * p.sAm;
  let a4 = p.offA + min(r0 + 4u, mLast) * p.sAm;
  let a5 = p.offA + min(r0 + 5u, mLast) * p.sAm;
  let a6 = p.offA + min(r0 + 6u, mLast) * p.sAm;
  let a7 = p.offA + min(r0 + 7u, mLast) * p.sAm;
  var acc0 = vec4<f32>(0.0); var acc1 = vec4<f32>(0.0);
  var acc2 = vec4<f32>(0.0); var acc3 = vec4<f32>(0.0);
  for (var k = 0u; k < p.K; k = k + 1u) {
    let ka = k * p.sAk;
    let kb = k * p.sBk;
    let b = vec2<f32>(B[b0 + kb], B[b1 + kb]);
    let lo = vec4<f32>(A[a0 + ka], A[a1 + ka], A[a2 + ka], A[a3 + ka]);
    let hi = vec4<f32>(A[a4 + ka], A[a5 + ka], A[a6 + ka], A[a7 + ka]);
    acc0 = fma(lo, vec4<f32>(b.x), acc0);
    acc1 = fma(lo, vec4<f32>(b.y), acc1);
    acc2 = fma(hi, vec4<f32>(b.x), acc2);
    acc3 = fma(hi, vec4<f32>(b.y), acc3);
  }
  for (var i = 0u; i < 4u; i = i + 1u) {
    if (r0 + i < p.M) {
      store_out(r0 + i, c0, acc0[i]);
      if (c0 + 1u < p.N) { store_out(r0 + i, c0 + 1u, acc1[i]); }
    }
    if (r0 + 4u + i < p.M) {
      store_out(r0 + 4u + i, c0, acc2[i]);
      if (c0 + 1u < p.N) { store_out(r0 + 4u + i, c0 + 1u, acc3[i]); }
    }
  }
}

//!kernel matmul_sg8
enable subgroups;
// N > 4 on an adapter whose subgroups have exactly 8 lanes (lavapipe on AVX2). Every
// invocation of a workgroup computes the same 32 columns [c0, c0 + 32) for its own 4 rows; per k each lane loads 4 of the 32 B values and subgroupBroadcast hands
// them to the other lanes: 4 + 4 loads per k for 128 multiply-adds (the 8x8 tile: 16 for 64).
// Correct for any grouping of invocations into subgroups, provided every subgroup has
// exactly 8 lanes, all active: no early return, edges are clamped loads and guarded stores.
@compute @workgroup_size(8)
fn main(@builtin(workgroup_id) wg: vec3<u32>, @builtin(local_invocation_index) li: u32, @builtin(subgroup_invocation_id) sl: u32) {
  let c0 = wg.x * 32u;
  let r0 = wg.y * 32u + li * 4u;
  let mLast = p.M - 1u;
  let nLast = p.N - 1u;
  let a0 = p.offA + min(r0 + 0u, mLast) * p.sAm;
  let a1 = p.offA + min(r0 + 1u, mLast) * p.sAm;
  let a2 = p.offA + min(r0 + 2u, mLast) * p.sAm;
  let a3 = p.offA + min(r0 + 3u, mLast) * p.sAm;
  let b0 = p.offB + min(c0 + sl + 0u, nLast) * p.sBn;
  let b1 = p.offB + min(c0 + sl + 8u, nLast) * p.sBn;
  let b2 = p.offB + min(c0 + sl + 16u, nLast) * p.sBn;
  let b3 = p.offB + min(c0 + sl + 24u, nLast) * p.sBn;
  var c0_0 = 0.0; var c0_1 = 0.0; var c0_2 = 0.0; var c0_3 = 0.0; var c0_4 = 0.0; var c0_5 = 0.0; var c0_6 = 0.0; var c0_7 = 0.0; var c0_8 = 0.0; var c0_9 = 0.0; var c0_10 = 0.0; var c0_11 = 0.0; var c0_12 = 0.0; var c0_13 = 0.0; var c0_14 = 0.0; var c0_15 = 0.0; var c0_16 = 0.0; var c0_17 = 0.0; var c0_18 = 0.0; var c0_19 = 0.0; var c0_20 = 0.0; var c0_21 = 0.0; var c0_22 = 0.0; var c0_23 = 0.0; var c0_24 = 0.0; var c0_25 = 0.0; var c0_26 = 0.0; var c0_27 = 0.0; var c0_28 = 0.0; var c0_29 = 0.0; var c0_30 = 0.0; var c0_31 = 0.0;
  var c1_0 = 0.0; var c1_1 = 0.0; var c1_2 = 0.0; var c1_3 = 0.0; var c1_4 = 0.0; var c1_5 = 0.0; var c1_6 = 0.0; var c1_7 = 0.0; var c1_8 = 0.0; var c1_9 = 0.0; var c1_10 = 0.0; var c1_11 = 0.0; var c1_12 = 0.0; var c1_13 = 0.0; var c1_14 = 0.0; var c1_15 = 0.0; var c1_16 = 0.0; var c1_17 = 0.0; var c1_18 = 0.0; var c1_19 = 0.0; var c1_20 = 0.0; var c1_21 = 0.0; var c1_22 = 0.0; var c1_23 = 0.0; var c1_24 = 0.0; var c1_25 = 0.0; var c1_26 = 0.0; var c1_27 = 0.0; var c1_28 = 0.0; var c1_29 = 0.0; var c1_30 = 0.0; var c1_31 = 0.0;
  var c2_0 = 0.0; var c2_1 = 0.0; var c2_2 = 0.0; var c2_3 = 0.0; var c2_4 = 0.0; var c2_5 = 0.0; var c2_6 = 0.0; var c2_7 = 0.0; var c2_8 = 0.0; var c2_9 = 0.0; var c2_10 = 0.0; var c2_11 = 0.0; var c2_12 = 0.0; var c2_13 = 0.0; var c2_14 = 0.0; var c2_15 = 0.0; var c2_16 = 0.0; var c2_17 = 0.0; var c2_18 = 0.0; var c2_19 = 0.0; var c2_20 = 0.0; var c2_21 = 0.0; var c2_22 = 0.0; var c2_23 = 0.0; var c2_24 = 0.0; var c2_25 = 0.0; var c2_26 = 0.0; var c2_27 = 0.0; var c2_28 = 0.0; var c2_29 = 0.0; var c2_30 = 0.0; var c2_31 = 0.0;
  var c3_0 = 0.0; var c3_1 = 0.0; var c3_2 = 0.0; var c3_3 = 0.0; var c3_4 = 0.0; var c3_5 = 0.0; var c3_6 = 0.0; var c3_7 = 0.0; var c3_8 = 0.0; var c3_9 = 0.0; var c3_10 = 0.0; var c3_11 = 0.0; var c3_12 = 0.0; var c3_13 = 0.0; var c3_14 = 0.0; var c3_15 = 0.0; var c3_16 = 0.0; var c3_17 = 0.0; var c3_18 = 0.0; var c3_19 = 0.0; var c3_20 = 0.0; var c3_21 = 0.0; var c3_22 = 0.0; var c3_23 = 0.0; var c3_24 = 0.0; var c3_25 = 0.0; var c3_26 = 0.0; var c3_27 = 0.0; var c3_28 = 0.0; var c3_29 = 0.0; var c3_30 = 0.0; var c3_31 = 0.0;
  for (var k = 0u; k < p.K; k = k + 1u) {
    let ka = k * p.sAk;
    let kb = k * p.sBk;
    let x0 = A[a0 + ka]; let x1 = A[a1 + ka]; let x2 = A[a2 + ka]; let x3 = A[a3 + ka];
    let v0 = B[b0 + kb]; let v1 = B[b1 + kb]; let v2 = B[b2 + kb]; let v3 = B[b3 + kb];
    { let y = subgroupBroadcast(v0, 0u); c0_0 = fma(x0, y, c0_0); c1_0 = fma(x1, y, c1_0); c2_0 = fma(x2, y, c2_0); c3_0 = fma(x3, y, c3_0); }
    { let y = subgroupBroadcast(v0, 1u); c0_1 = fma(x0, y, c0_1); c1_1 = fma(x1, y, c1_1); c2_1 = fma(x2, y, c2_1); c3_1 = fma(x3, y, c3_1); }
    { let y = subgroupBroadcast(v0, 2u); c0_2 = fma(x0, y, c0_2); c1_2 = fma(x1, y, c1_2); c2_2 = fma(x2, y, c2_2); c3_2 = fma(x3, y, c3_2); }
    { let y = subgroupBroadcast(v0, 3u); c0_3 = fma(x0, y, c0_3); c1_3 = fma(x1, y, c1_3); c2_3 = fma(x2, y, c2_3); c3_3 = fma(x3, y, c3_3); }
    { let y = subgroupBroadcast(v0, 4u); c0_4 = fma(x0, y, c0_4); c1_4 = fma(x1, y, c1_4); c2_4 = fma(x2, y, c2_4); c3_4 = fma(x3, y, c3_4); }
    { let y = subgroupBroadcast(v0, 5u); c0_5 = fma(x0, y, c0_5); c1_5 = fma(x1, y, c1_5); c2_5 = fma(x2, y, c2_5); c3_5 = fma(x3, y, c3_5); }
    { let y = subgroupBroadcast(v0, 6u); c0_6 = fma(x0, y, c0_6); c1_6 = fma(x1, y, c1_6); c2_6 = fma(x2, y, c2_6); c3_6 = fma(x3, y, c3_6); }
    { let y = subgroupBroadcast(v0, 7u); c0_7 = fma(x0, y, c0_7); c1_7 = fma(x1, y, c1_7); c2_7 = fma(x2, y, c2_7); c3_7 = fma(x3, y, c3_7); }
    { let y = subgroupBroadcast(v1, 0u); c0_8 = fma(x0, y, c0_8); c1_8 = fma(x1, y, c1_8); c2_8 = fma(x2, y, c2_8); c3_8 = fma(x3, y, c3_8); }
    { let y = subgroupBroadcast(v1, 1u); c0_9 = fma(x0, y, c0_9); c1_9 = fma(x1, y, c1_9); c2_9 = fma(x2, y, c2_9); c3_9 = fma(x3, y, c3_9); }
    { let y = subgroupBroadcast(v1, 2u); c0_10 = fma(x0, y, c0_10); c1_10 = fma(x1, y, c1_10); c2_10 = fma(x2, y, c2_10); c3_10 = fma(x3, y, c3_10); }
    { let y = subgroupBroadcast(v1, 3u); c0_11 = fma(x0, y, c0_11); c1_11 = fma(x1, y, c1_11); c2_11 = fma(x2, y, c2_11); c3_11 = fma(x3, y, c3_11); }
    { let y = subgroupBroadcast(v1, 4u); c0_12 = fma(x0, y, c0_12); c1_12 = fma(x1, y, c1_12); c2_12 = fma(x2, y, c2_12); c3_12 = fma(x3, y, c3_12); }
    { let y = subgroupBroadcast(v1, 5u); c0_13 = fma(x0, y, c0_13); c1_13 = fma(x1, y, c1_13); c2_13 = fma(x2, y, c2_13); c3_13 = fma(x3, y, c3_13); }
    { let y = subgroupBroadcast(v1, 6u); c0_14 = fma(x0, y, c0_14); c1_14 = fma(x1, y, c1_14); c2_14 = fma(x2, y, c2_14); c3_14 = fma(x3, y, c3_14); }
    { let y = subgroupBroadcast(v1, 7u); c0_15 = fma(x0, y, c0_15); c1_15 = fma(x1, y, c1_15); c2_15 = fma(x2, y, c2_15); c3_15 = fma(x3, y, c3_15); }
    { let y = subgroupBroadcast(v2, 0u); c0_16 = fma(x0, y, c0_16); c1_16 = fma(x1, y, c1_16); c2_16 = fma(x2, y, c2_16); c3_16 = fma(x3, y, c3_16); }
    { let y = subgroupBroadcast(v2, 1u); c0_17 = fma(x0, y, c0_17); c1_17 = fma(x1, y, c1_17); c2_17 = fma(x2, y, c2_17); c3_17 = fma(x3, y, c3_17); }
    { let y = subgroupBroadcast(v2, 2u); c0_18 = fma(x0, y, c0_18); c1_18 = fma(x1, y, c1_18); c2_18 = fma(x2, y, c2_18); c3_18 = fma(x3, y, c3_18); }
    { let y = subgroupBroadcast(v2, 3u); c0_19 = fma(x0, y, c0_19); c1_19 = fma(x1, y, c1_19); c2_19 = fma(x2, y, c2_19); c3_19 = fma(x3, y, c3_19); }
    { let y = subgroupBroadcast(v2, 4u); c0_20 = fma(x0, y, c0_20); c1_20 = fma(x1, y, c1_20); c2_20 = fma(x2, y, c2_20); c3_20 = fma(x3, y, c3_20); }
    { let y = subgroupBroadcast(v2, 5u); c0_21 = fma(x0, y, c0_21); c1_21 = fma(x1, y, c1_21); c2_21 = fma(x2, y, c2_21); c3_21 = fma(x3, y, c3_21); }
    { let y = subgroupBroadcast(v2, 6u); c0_22 = fma(x0, y, c0_22); c1_22 = fma(x1, y, c1_22); c2_22 = fma(x2, y, c2_22); c3_22 = fma(x3, y, c3_22); }
    { let y = subgroupBroadcast(v2, 7u); c0_23 = fma(x0, y, c0_23); c1_23 = fma(x1, y, c1_23); c2_23 = fma(x2, y, c2_23); c3_23 = fma(x3, y, c3_23); }
    { let y = subgroupBroadcast(v3, 0u); c0_24 = fma(x0, y, c0_24); c1_24 = fma(x1, y, c1_24); c2_24 = fma(x2, y, c2_24); c3_24 = fma(x3, y, c3_24); }
    { let y = subgroupBroadcast(v3, 1u); c0_25 = fma(x0, y, c0_25); c1_25 = fma(x1, y, c1_25); c2_25 = fma(x2, y, c2_25); c3_25 = fma(x3, y, c3_25); }
    { let y = subgroupBroadcast(v3, 2u); c0_26 = fma(x0, y, c0_26); c1_26 = fma(x1, y, c1_26); c2_26 = fma(x2, y, c2_26); c3_26 = fma(x3, y, c3_26); }
    { let y = subgroupBroadcast(v3, 3u); c0_27 = fma(x0, y, c0_27); c1_27 = fma(x1, y, c1_27); c2_27 = fma(x2, y, c2_27); c3_27 = fma(x3, y, c3_27); }
    { let y = subgroupBroadcast(v3, 4u); c0_28 = fma(x0, y, c0_28); c1_28 = fma(x1, y, c1_28); c2_28 = fma(x2, y, c2_28); c3_28 = fma(x3, y, c3_28); }
    { let y = subgroupBroadcast(v3, 5u); c0_29 = fma(x0, y, c0_29); c1_29 = fma(x1, y, c1_29); c2_29 = fma(x2, y, c2_29); c3_29 = fma(x3, y, c3_29); }
    { let y = subgroupBroadcast(v3, 6u); c0_30 = fma(x0, y, c0_30); c1_30 = fma(x1, y, c1_30); c2_30 = fma(x2, y, c2_30); c3_30 = fma(x3, y, c3_30); }
    { let y = subgroupBroadcast(v3, 7u); c0_31 = fma(x0, y, c0_31); c1_31 = fma(x1, y, c1_31); c2_31 = fma(x2, y, c2_31); c3_31 = fma(x3, y, c3_31); }
  }
  // bias: each lane loads 4 of the 32 values, shared like B (a load per column, not per output)
  var e0 = 0.0; var e1 = 0.0; var e2 = 0.0; var e3 = 0.0; var e4 = 0.0; var e5 = 0.0; var e6 = 0.0; var e7 = 0.0;
  var e8 = 0.0; var e9 = 0.0; var e10 = 0.0; var e11 = 0.0; var e12 = 0.0; var e13 = 0.0; var e14 = 0.0; var e15 = 0.0;
  var e16 = 0.0; var e17 = 0.0; var e18 = 0.0; var e19 = 0.0; var e20 = 0.0; var e21 = 0.0; var e22 = 0.0; var e23 = 0.0;
  var e24 = 0.0; var e25 = 0.0; var e26 = 0.0; var e27 = 0.0; var e28 = 0.0; var e29 = 0.0; var e30 = 0.0; var e31 = 0.0;
  if (BIAS) {
    let q0 = bias[p.offBias + min(c0 + sl + 0u, nLast)]; let q1 = bias[p.offBias + min(c0 + sl + 8u, nLast)]; let q2 = bias[p.offBias + min(c0 + sl + 16u, nLast)]; let q3 = bias[p.offBias + min(c0 + sl + 24u, nLast)];
    e0 = subgroupBroadcast(q0, 0u); e1 = subgroupBroadcast(q0, 1u); e2 = subgroupBroadcast(q0, 2u); e3 = subgroupBroadcast(q0, 3u); e4 = subgroupBroadcast(q0, 4u); e5 = subgroupBroadcast(q0, 5u); e6 = subgroupBroadcast(q0, 6u); e7 = subgroupBroadcast(q0, 7u);
    e8 = subgroupBroadcast(q1, 0u); e9 = subgroupBroadcast(q1, 1u); e10 = subgroupBroadcast(q1, 2u); e11 = subgroupBroadcast(q1, 3u); e12 = subgroupBroadcast(q1, 4u); e13 = subgroupBroadcast(q1, 5u); e14 = subgroupBroadcast(q1, 6u); e15 = subgroupBroadcast(q1, 7u);
    e16 = subgroupBroadcast(q2, 0u); e17 = subgroupBroadcast(q2, 1u); e18 = subgroupBroadcast(q2, 2u); e19 = subgroupBroadcast(q2, 3u); e20 = subgroupBroadcast(q2, 4u); e21 = subgroupBroadcast(q2, 5u); e22 = subgroupBroadcast(q2, 6u); e23 = subgroupBroadcast(q2, 7u);
    e24 = subgroupBroadcast(q3, 0u); e25 = subgroupBroadcast(q3, 1u); e26 = subgroupBroadcast(q3, 2u); e27 = subgroupBroadcast(q3, 3u); e28 = subgroupBroadcast(q3, 4u); e29 = subgroupBroadcast(q3, 5u); e30 = subgroupBroadcast(q3, 6u); e31 = subgroupBroadcast(q3, 7u);
  }
  let n = min(p.N - min(c0, p.N), 32u);
  if (r0 + 0u < p.M) { if (0u < n) { store_out_b(r0 + 0u, c0 + 0u, c0_0, e0); } if (1u < n) { store_out_b(r0 + 0u, c0 + 1u, c0_1, e1); } if (2u < n) { store_out_b(r0 + 0u, c0 + 2u, c0_2, e2); } if (3u < n) { store_out_b(r0 + 0u, c0 + 3u, c0_3, e3); } if (4u < n) { store_out_b(r0 + 0u, c0 + 4u, c0_4, e4); } if (5u < n) { store_out_b(r0 + 0u, c0 + 5u, c0_5, e5); } if (6u < n) { store_out_b(r0 + 0u, c0 + 6u, c0_6, e6); } if (7u < n) { store_out_b(r0 + 0u, c0 + 7u, c0_7, e7); } if (8u < n) { store_out_b(r0 + 0u, c0 + 8u, c0_8, e8); } if (9u < n) { store_out_b(r0 + 0u, c0 + 9u, c0_9, e9); } if (10u < n) { store_out_b(r0 + 0u, c0 + 10u, c0_10, e10); } if (11u < n) { store_out_b(r0 + 0u, c0 + 11u, c0_11, e11); } if (12u < n) { store_out_b(r0 + 0u, c0 + 12u, c0_12, e12); } if (13u < n) { store_out_b(r0 + 0u, c0 + 13u, c0_13, e13); } if (14u < n) { store_out_b(r0 + 0u, c0 + 14u, c0_14, e14); } if (15u < n) { store_out_b(r0 + 0u, c0 + 15u, c0_15, e15); } if (16u < n) { store_out_b(r0 + 0u, c0 + 16u, c0_16, e16); } if (17u < n) { store_out_b(r0 + 0u, c0 + 17u, c0_17, e17); } if (18u < n) { store_out_b(r0 + 0u, c0 + 18u, c0_18, e18); } if (19u < n) { store_out_b(r0 + 0u, c0 + 19u, c0_19, e19); } if (20u < n) { store_out_b(r0 + 0u, c0 + 20u, c0_20, e20); } if (21u < n) { store_out_b(r0 + 0u, c0 + 21u, c0_21, e21); } if (22u < n) { store_out_b(r0 + 0u, c0 + 22u, c0_22, e22); } if (23u < n) { store_out_b(r0 + 0u, c0 + 23u, c0_23, e23); } if (24u < n) { store_out_b(r0 + 0u, c0 + 24u, c0_24, e24); } if (25u < n) { store_out_b(r0 + 0u, c0 + 25u, c0_25, e25); } if (26u < n) { store_out_b(r0 + 0u, c0 + 26u, c0_26, e26); } if (27u < n) { store_out_b(r0 + 0u, c0 + 27u, c0_27, e27); } if (28u < n) { store_out_b(r0 + 0u, c0 + 28u, c0_28, e28); } if (29u < n) { store_out_b(r0 + 0u, c0 + 29u, c0_29, e29); } if (30u < n) { store_out_b(r0 + 0u, c0 + 30u, c0_30, e30); } if (31u < n) { store_out_b(r0 + 0u, c0 + 31u, c0_31, e31); } }
  if (r0 + 1u < p.M) { if (0u < n) { store_out_b(r0 + 1u, c0 + 0u, c1_0, e0); } if (1u < n) { store_out_b(r0 + 1u, c0 + 1u, c1_1, e1); } if (2u < n) { store_out_b(r0 + 1u, c0 + 2u, c1_2, e2); } if (3u < n) { store_out_b(r0 + 1u, c0 + 3u, c1_3, e3); } if (4u < n) { store_out_b(r0 + 1u, c0 + 4u, c1_4, e4); } if (5u < n) { store_out_b(r0 + 1u, c0 + 5u, c1_5, e5); } if (6u < n) { store_out_b(r0 + 1u, c0 + 6u, c1_6, e6); } if (7u < n) { store_out_b(r0 + 1u, c0 + 7u, c1_7, e7); } if (8u < n) { store_out_b(r0 + 1u, c0 + 8u, c1_8, e8); } if (9u < n) { store_out_b(r0 + 1u, c0 + 9u, c1_9, e9); } if (10u < n) { store_out_b(r0 + 1u, c0 + 10u, c1_10, e10); } if (11u < n) { store_out_b(r0 + 1u, c0 + 11u, c1_11, e11); } if (12u < n) { store_out_b(r0 + 1u, c0 + 12u, c1_12, e12); } if (13u < n) { store_out_b(r0 + 1u, c0 + 13u, c1_13, e13); } if (14u < n) { store_out_b(r0 + 1u, c0 + 14u, c1_14, e14); } if (15u < n) { store_out_b(r0 + 1u, c0 + 15u, c1_15, e15); } if (16u < n) { store_out_b(r0 + 1u, c0 + 16u, c1_16, e16); } if (17u < n) { store_out_b(r0 + 1u, c0 + 17u, c1_17, e17); } if (18u < n) { store_out_b(r0 + 1u, c0 + 18u, c1_18, e18); } if (19u < n) { store_out_b(r0 + 1u, c0 + 19u, c1_19, e19); } if (20u < n) { store_out_b(r0 + 1u, c0 + 20u, c1_20, e20); } if (21u < n) { store_out_b(r0 + 1u, c0 + 21u, c1_21, e21); } if (22u < n) { store_out_b(r0 + 1u, c0 + 22u, c1_22, e22); } if (23u < n) { store_out_b(r0 + 1u, c0 + 23u, c1_23, e23); } if (24u < n) { store_out_b(r0 + 1u, c0 + 24u, c1_24, e24); } if (25u < n) { store_out_b(r0 + 1u, c0 + 25u, c1_25, e25); } if (26u < n) { store_out_b(r0 + 1u, c0 + 26u, c1_26, e26); } if (27u < n) { store_out_b(r0 + 1u, c0 + 27u, c1_27, e27); } if (28u < n) { store_out_b(r0 + 1u, c0 + 28u, c1_28, e28); } if (29u < n) { store_out_b(r0 + 1u, c0 + 29u, c1_29, e29); } if (30u < n) { store_out_b(r0 + 1u, c0 + 30u, c1_30, e30); } if (31u < n) { store_out_b(r0 + 1u, c0 + 31u, c1_31, e31); } }
  if (r0 + 2u < p.M) { if (0u < n) { store_out_b(r0 + 2u, c0 + 0u, c2_0, e0); } if (1u < n) { store_out_b(r0 + 2u, c0 + 1u, c2_1, e1); } if (2u < n) { store_out_b(r0 + 2u, c0 + 2u, c2_2, e2); } if (3u < n) { store_out_b(r0 + 2u, c0 + 3u, c2_3, e3); } if (4u < n) { store_out_b(r0 + 2u, c0 + 4u, c2_4, e4); } if (5u < n) { store_out_b(r0 + 2u, c0 + 5u, c2_5, e5); } if (6u < n) { store_out_b(r0 + 2u, c0 + 6u, c2_6, e6); } if (7u < n) { store_out_b(r0 + 2u, c0 + 7u, c2_7, e7); } if (8u < n) { store_out_b(r0 + 2u, c0 + 8u, c2_8, e8); } if (9u < n) { store_out_b(r0 + 2u, c0 + 9u, c2_9, e9); } if (10u < n) { store_out_b(r0 + 2u, c0 + 10u, c2_10, e10); } if (11u < n) { store_out_b(r0 + 2u, c0 + 11u, c2_11, e11); } if (12u < n) { store_out_b(r0 + 2u, c0 + 12u, c2_12, e12); } if (13u < n) { store_out_b(r0 + 2u, c0 + 13u, c2_13, e13); } if (14u < n) { store_out_b(r0 + 2u, c0 + 14u, c2_14, e14); } if (15u < n) { store_out_b(r0 + 2u, c0 + 15u, c2_15, e15); } if (16u < n) { store_out_b(r0 + 2u, c0 + 16u, c2_16, e16); } if (17u < n) { store_out_b(r0 + 2u, c0 + 17u, c2_17, e17); } if (18u < n) { store_out_b(r0 + 2u, c0 + 18u, c2_18, e18); } if (19u < n) { store_out_b(r0 + 2u, c0 + 19u, c2_19, e19); } if (20u < n) { store_out_b(r0 + 2u, c0 + 20u, c2_20, e20); } if (21u < n) { store_out_b(r0 + 2u, c0 + 21u, c2_21, e21); } if (22u < n) { store_out_b(r0 + 2u, c0 + 22u, c2_22, e22); } if (23u < n) { store_out_b(r0 + 2u, c0 + 23u, c2_23, e23); } if (24u < n) { store_out_b(r0 + 2u, c0 + 24u, c2_24, e24); } if (25u < n) { store_out_b(r0 + 2u, c0 + 25u, c2_25, e25); } if (26u < n) { store_out_b(r0 + 2u, c0 + 26u, c2_26, e26); } if (27u < n) { store_out_b(r0 + 2u, c0 + 27u, c2_27, e27); } if (28u < n) { store_out_b(r0 + 2u, c0 + 28u, c2_28, e28); } if (29u < n) { store_out_b(r0 + 2u, c0 + 29u, c2_29, e29); } if (30u < n) { store_out_b(r0 + 2u, c0 + 30u, c2_30, e30); } if (31u < n) { store_out_b(r0 + 2u, c0 + 31u, c2_31, e31); } }
  if (r0 + 3u < p.M) { if (0u < n) { store_out_b(r0 + 3u, c0 + 0u, c3_0, e0); } if (1u < n) { store_out_b(r0 + 3u, c0 + 1u, c3_1, e1); } if (2u < n) { store_out_b(r0 + 3u, c0 + 2u, c3_2, e2); } if (3u < n) { store_out_b(r0 + 3u, c0 + 3u, c3_3, e3); } if (4u < n) { store_out_b(r0 + 3u, c0 + 4u, c3_4, e4); } if (5u < n) { store_out_b(r0 + 3u, c0 + 5u, c3_5, e5); } if (6u < n) { store_out_b(r0 + 3u, c0 + 6u, c3_6, e6); } if (7u < n) { store_out_b(r0 + 3u, c0 + 7u, c3_7, e7); } if (8u < n) { store_out_b(r0 + 3u, c0 + 8u, c3_8, e8); } if (9u < n) { store_out_b(r0 + 3u, c0 + 9u, c3_9, e9); } if (10u < n) { store_out_b(r0 + 3u, c0 + 10u, c3_10, e10); } if (11u < n) { store_out_b(r0 + 3u, c0 + 11u, c3_11, e11); } if (12u < n) { store_out_b(r0 + 3u, c0 + 12u, c3_12, e12); } if (13u < n) { store_out_b(r0 + 3u, c0 + 13u, c3_13, e13); } if (14u < n) { store_out_b(r0 + 3u, c0 + 14u, c3_14, e14); } if (15u < n) { store_out_b(r0 + 3u, c0 + 15u, c3_15, e15); } if (16u < n) { store_out_b(r0 + 3u, c0 + 16u, c3_16, e16); } if (17u < n) { store_out_b(r0 + 3u, c0 + 17u, c3_17, e17); } if (18u < n) { store_out_b(r0 + 3u, c0 + 18u, c3_18, e18); } if (19u < n) { store_out_b(r0 + 3u, c0 + 19u, c3_19, e19); } if (20u < n) { store_out_b(r0 + 3u, c0 + 20u, c3_20, e20); } if (21u < n) { store_out_b(r0 + 3u, c0 + 21u, c3_21, e21); } if (22u < n) { store_out_b(r0 + 3u, c0 + 22u, c3_22, e22); } if (23u < n) { store_out_b(r0 + 3u, c0 + 23u, c3_23, e23); } if (24u < n) { store_out_b(r0 + 3u, c0 + 24u, c3_24, e24); } if (25u < n) { store_out_b(r0 + 3u, c0 + 25u, c3_25, e25); } if (26u < n) { store_out_b(r0 + 3u, c0 + 26u, c3_26, e26); } if (27u < n) { store_out_b(r0 + 3u, c0 + 27u, c3_27, e27); } if (28u < n) { store_out_b(r0 + 3u, c0 + 28u, c3_28, e28); } if (29u < n) { store_out_b(r0 + 3u, c0 + 29u, c3_29, e29); } if (30u < n) { store_out_b(r0 + 3u, c0 + 30u, c3_30, e30); } if (31u < n) { store_out_b(r0 + 3u, c0 + 31u, c3_31, e31); } }
}

//!kernel matmul_sg4
enable subgroups;
// N > 4 on an adapter whose subgroups have exactly 4 lanes (SwiftShader). Every
// invocation of a workgroup computes the same 16 columns [c0, c0 + 16) for its own 8 rows; per k each lane loads 4 of the 16 B values and subgroupBroadcast hands
// them to the other lanes: 8 + 4 loads per k for 128 multiply-adds (the 8x8 tile: 16 for 64).
// Correct for any grouping of invocations into subgroups, provided every subgroup has
// exactly 4 lanes, all active: no early return, edges are clamped loads and guarded stores.
@compute @workgroup_size(8)
fn main(@builtin(workgroup_id) wg: vec3<u32>, @builtin(local_invocation_index) li: u32, @builtin(subgroup_invocation_id) sl: u32) {
  let c0 = wg.x * 16u;
  let r0 = wg.y * 64u + li * 8u;
  let mLast = p.M - 1u;
  let nLast = p.N - 1u;
  let a0 = p.offA + min(r0 + 0u, mLast) * p.sAm;
  let a1 = p.offA + min(r0 + 1u, mLast) * p.sAm;
  let a2 = p.offA + min(r0 + 2u, mLast) * p.sAm;
  let a3 = p.offA + min(r0 + 3u, mLast) * p.sAm;
  let a4 = p.offA + min(r0 + 4u, mLast) * p.sAm;
  let a5 = p.offA + min(r0 + 5u, mLast) * p.sAm;
  let a6 = p.offA + min(r0 + 6u, mLast) * p.sAm;
  let a7 = p.offA + min(r0 + 7u, mLast) * p.sAm;
  let b0 = p.offB + min(c0 + sl + 0u, nLast) * p.sBn;
  let b1 = p.offB + min(c0 + sl + 4u, nLast) * p.sBn;
  let b2 = p.offB + min(c0 + sl + 8u, nLast) * p.sBn;
  let b3 = p.offB + min(c0 + sl + 12u, nLast) * p.sBn;
  var c0_0 = 0.0; var c0_1 = 0.0; var c0_2 = 0.0; var c0_3 = 0.0; var c0_4 = 0.0; var c0_5 = 0.0; var c0_6 = 0.0; var c0_7 = 0.0; var c0_8 = 0.0; var c0_9 = 0.0; var c0_10 = 0.0; var c0_11 = 0.0; var c0_12 = 0.0; var c0_13 = 0.0; var c0_14 = 0.0; var c0_15 = 0.0;
  var c1_0 = 0.0; var c1_1 = 0.0; var c1_2 = 0.0; var c1_3 = 0.0; var c1_4 = 0.0; var c1_5 = 0.0; var c1_6 = 0.0; var c1_7 = 0.0; var c1_8 = 0.0; var c1_9 = 0.0; var c1_10 = 0.0; var c1_11 = 0.0; var c1_12 = 0.0; var c1_13 = 0.0; var c1_14 = 0.0; var c1_15 = 0.0;
  var c2_0 = 0.0; var c2_1 = 0.0; var c2_2 = 0.0; var c2_3 = 0.0; var c2_4 = 0.0; var c2_5 = 0.0; var c2_6 = 0.0; var c2_7 = 0.0; var c2_8 = 0.0; var c2_9 = 0.0; var c2_10 = 0.0; var c2_11 = 0.0; var c2_12 = 0.0; var c2_13 = 0.0; var c2_14 = 0.0; var c2_15 = 0.0;
  var c3_0 = 0.0; var c3_1 = 0.0; var c3_2 = 0.0; var c3_3 = 0.0; var c3_4 = 0.0; var c3_5 = 0.0; var c3_6 = 0.0; var c3_7 = 0.0; var c3_8 = 0.0; var c3_9 = 0.0; var c3_10 = 0.0; var c3_11 = 0.0; var c3_12 = 0.0; var c3_13 = 0.0; var c3_14 = 0.0; var c3_15 = 0.0;
  var c4_0 = 0.0; var c4_1 = 0.0; var c4_2 = 0.0; var c4_3 = 0.0; var c4_4 = 0.0; var c4_5 = 0.0; var c4_6 = 0.0; var c4_7 = 0.0; var c4_8 = 0.0; var c4_9 = 0.0; var c4_10 = 0.0; var c4_11 = 0.0; var c4_12 = 0.0; var c4_13 = 0.0; var c4_14 = 0.0; var c4_15 = 0.0;
  var c5_0 = 0.0; var c5_1 = 0.0; var c5_2 = 0.0; var c5_3 = 0.0; var c5_4 = 0.0; var c5_5 = 0.0; var c5_6 = 0.0; var c5_7 = 0.0; var c5_8 = 0.0; var c5_9 = 0.0; var c5_10 = 0.0; var c5_11 = 0.0; var c5_12 = 0.0; var c5_13 = 0.0; var c5_14 = 0.0; var c5_15 = 0.0;
  var c6_0 = 0.0; var c6_1 = 0.0; var c6_2 = 0.0; var c6_3 = 0.0; var c6_4 = 0.0; var c6_5 = 0.0; var c6_6 = 0.0; var c6_7 = 0.0; var c6_8 = 0.0; var c6_9 = 0.0; var c6_10 = 0.0; var c6_11 = 0.0; var c6_12 = 0.0; var c6_13 = 0.0; var c6_14 = 0.0; var c6_15 = 0.0;
  var c7_0 = 0.0; var c7_1 = 0.0; var c7_2 = 0.0; var c7_3 = 0.0; var c7_4 = 0.0; var c7_5 = 0.0; var c7_6 = 0.0; var c7_7 = 0.0; var c7_8 = 0.0; var c7_9 = 0.0; var c7_10 = 0.0; var c7_11 = 0.0; var c7_12 = 0.0; var c7_13 = 0.0; var c7_14 = 0.0; var c7_15 = 0.0;
  for (var k = 0u; k < p.K; k = k + 1u) {
    let ka = k * p.sAk;
    let kb = k * p.sBk;
    let x0 = A[a0 + ka]; let x1 = A[a1 + ka]; let x2 = A[a2 + ka]; let x3 = A[a3 + ka]; let x4 = A[a4 + ka]; let x5 = A[a5 + ka]; let x6 = A[a6 + ka]; let x7 = A[a7 + ka];
    let v0 = B[b0 + kb]; let v1 = B[b1 + kb]; let v2 = B[b2 + kb]; let v3 = B[b3 + kb];
    { let y = subgroupBroadcast(v0, 0u); c0_0 = fma(x0, y, c0_0); c1_0 = fma(x1, y, c1_0); c2_0 = fma(x2, y, c2_0); c3_0 = fma(x3, y, c3_0); c4_0 = fma(x4, y, c4_0); c5_0 = fma(x5, y, c5_0); c6_0 = fma(x6, y, c6_0); c7_0 = fma(x7, y, c7_0); }
    { let y = subgroupBroadcast(v0, 1u); c0_1 = fma(x0, y, c0_1); c1_1 = fma(x1, y, c1_1); c2_1 = fma(x2, y, c2_1); c3_1 = fma(x3, y, c3_1); c4_1 = fma(x4, y, c4_1); c5_1 = fma(x5, y, c5_1); c6_1 = fma(x6, y, c6_1); c7_1 = fma(x7, y, c7_1); }
    { let y = subgroupBroadcast(v0, 2u); c0_2 = fma(x0, y, c0_2); c1_2 = fma(x1, y, c1_2); c2_2 = fma(x2, y, c2_2); c3_2 = fma(x3, y, c3_2); c4_2 = fma(x4, y, c4_2); c5_2 = fma(x5, y, c5_2); c6_2 = fma(x6, y, c6_2); c7_2 = fma(x7, y, c7_2); }
    { let y = subgroupBroadcast(v0, 3u); c0_3 = fma(x0, y, c0_3); c1_3 = fma(x1, y, c1_3); c2_3 = fma(x2, y, c2_3); c3_3 = fma(x3, y, c3_3); c4_3 = fma(x4, y, c4_3); c5_3 = fma(x5, y, c5_3); c6_3 = fma(x6, y, c6_3); c7_3 = fma(x7, y, c7_3); }
    { let y = subgroupBroadcast(v1, 0u); c0_4 = fma(x0, y, c0_4); c1_4 = fma(x1, y, c1_4); c2_4 = fma(x2, y, c2_4); c3_4 = fma(x3, y, c3_4); c4_4 = fma(x4, y, c4_4); c5_4 = fma(x5, y, c5_4); c6_4 = fma(x6, y, c6_4); c7_4 = fma(x7, y, c7_4); }
    { let y = subgroupBroadcast(v1, 1u); c0_5 = fma(x0, y, c0_5); c1_5 = fma(x1, y, c1_5); c2_5 = fma(x2, y, c2_5); c3_5 = fma(x3, y, c3_5); c4_5 = fma(x4, y, c4_5); c5_5 = fma(x5, y, c5_5); c6_5 = fma(x6, y, c6_5); c7_5 = fma(x7, y, c7_5); }
    { let y = subgroupBroadcast(v1, 2u); c0_6 = fma(x0, y, c0_6); c1_6 = fma(x1, y, c1_6); c2_6 = fma(x2, y, c2_6); c3_6 = fma(x3, y, c3_6); c4_6 = fma(x4, y, c4_6); c5_6 = fma(x5, y, c5_6); c6_6 = fma(x6, y, c6_6); c7_6 = fma(x7, y, c7_6); }
    { let y = subgroupBroadcast(v1, 3u); c0_7 = fma(x0, y, c0_7); c1_7 = fma(x1, y, c1_7); c2_7 = fma(x2, y, c2_7); c3_7 = fma(x3, y, c3_7); c4_7 = fma(x4, y, c4_7); c5_7 = fma(x5, y, c5_7); c6_7 = fma(x6, y, c6_7); c7_7 = fma(x7, y, c7_7); }
    { let y = subgroupBroadcast(v2, 0u); c0_8 = fma(x0, y, c0_8); c1_8 = fma(x1, y, c1_8); c2_8 = fma(x2, y, c2_8); c3_8 = fma(x3, y, c3_8); c4_8 = fma(x4, y, c4_8); c5_8 = fma(x5, y, c5_8); c6_8 = fma(x6, y, c6_8); c7_8 = fma(x7, y, c7_8); }
    { let y = subgroupBroadcast(v2, 1u); c0_9 = fma(x0, y, c0_9); c1_9 = fma(x1, y, c1_9); c2_9 = fma(x2, y, c2_9); c3_9 = fma(x3, y, c3_9); c4_9 = fma(x4, y, c4_9); c5_9 = fma(x5, y, c5_9); c6_9 = fma(x6, y, c6_9); c7_9 = fma(x7, y, c7_9); }
    { let y = subgroupBroadcast(v2, 2u); c0_10 = fma(x0, y, c0_10); c1_10 = fma(x1, y, c1_10); c2_10 = fma(x2, y, c2_10); c3_10 = fma(x3, y, c3_10); c4_10 = fma(x4, y, c4_10); c5_10 = fma(x5, y, c5_10); c6_10 = fma(x6, y, c6_10); c7_10 = fma(x7, y, c7_10); }
    { let y = subgroupBroadcast(v2, 3u); c0_11 = fma(x0, y, c0_11); c1_11 = fma(x1, y, c1_11); c2_11 = fma(x2, y, c2_11); c3_11 = fma(x3, y, c3_11); c4_11 = fma(x4, y, c4_11); c5_11 = fma(x5, y, c5_11); c6_11 = fma(x6, y, c6_11); c7_11 = fma(x7, y, c7_11); }
    { let y = subgroupBroadcast(v3, 0u); c0_12 = fma(x0, y, c0_12); c1_12 = fma(x1, y, c1_12); c2_12 = fma(x2, y, c2_12); c3_12 = fma(x3, y, c3_12); c4_12 = fma(x4, y, c4_12); c5_12 = fma(x5, y, c5_12); c6_12 = fma(x6, y, c6_12); c7_12 = fma(x7, y, c7_12); }
    { let y = subgroupBroadcast(v3, 1u); c0_13 = fma(x0, y, c0_13); c1_13 = fma(x1, y, c1_13); c2_13 = fma(x2, y, c2_13); c3_13 = fma(x3, y, c3_13); c4_13 = fma(x4, y, c4_13); c5_13 = fma(x5, y, c5_13); c6_13 = fma(x6, y, c6_13); c7_13 = fma(x7, y, c7_13); }
    { let y = subgroupBroadcast(v3, 2u); c0_14 = fma(x0, y, c0_14); c1_14 = fma(x1, y, c1_14); c2_14 = fma(x2, y, c2_14); c3_14 = fma(x3, y, c3_14); c4_14 = fma(x4, y, c4_14); c5_14 = fma(x5, y, c5_14); c6_14 = fma(x6, y, c6_14); c7_14 = fma(x7, y, c7_14); }
    { let y = subgroupBroadcast(v3, 3u); c0_15 = fma(x0, y, c0_15); c1_15 = fma(x1, y, c1_15); c2_15 = fma(x2, y, c2_15); c3_15 = fma(x3, y, c3_15); c4_15 = fma(x4, y, c4_15); c5_15 = fma(x5, y, c5_15); c6_15 = fma(x6, y, c6_15); c7_15 = fma(x7, y, c7_15); }
  }
  // bias: each lane loads 4 of the 16 values, shared like B (a load per column, not per output)
  var e0 = 0.0; var e1 = 0.0; var e2 = 0.0; var e3 = 0.0; var e4 = 0.0; var e5 = 0.0; var e6 = 0.0; var e7 = 0.0;
  var e8 = 0.0; var e9 = 0.0; var e10 = 0.0; var e11 = 0.0; var e12 = 0.0; var e13 = 0.0; var e14 = 0.0; var e15 = 0.0;
  if (BIAS) {
    let q0 = bias[p.offBias + min(c0 + sl + 0u, nLast)]; let q1 = bias[p.offBias + min(c0 + sl + 4u, nLast)]; let q2 = bias[p.offBias + min(c0 + sl + 8u, nLast)]; let q3 = bias[p.offBias + min(c0 + sl + 12u, nLast)];
    e0 = subgroupBroadcast(q0, 0u); e1 = subgroupBroadcast(q0, 1u); e2 = subgroupBroadcast(q0, 2u); e3 = subgroupBroadcast(q0, 3u); e4 = subgroupBroadcast(q1, 0u); e5 = subgroupBroadcast(q1, 1u); e6 = subgroupBroadcast(q1, 2u); e7 = subgroupBroadcast(q1, 3u);
    e8 = subgroupBroadcast(q2, 0u); e9 = subgroupBroadcast(q2, 1u); e10 = subgroupBroadcast(q2, 2u); e11 = subgroupBroadcast(q2, 3u); e12 = subgroupBroadcast(q3, 0u); e13 = subgroupBroadcast(q3, 1u); e14 = subgroupBroadcast(q3, 2u); e15 = subgroupBroadcast(q3, 3u);
  }
  let n = min(p.N - min(c0, p.N), 16u);
  if (r0 + 0u < p.M) { if (0u < n) { store_out_b(r0 + 0u, c0 + 0u, c0_0, e0); } if (1u < n) { store_out_b(r0 + 0u, c0 + 1u, c0_1, e1); } if (2u < n) { store_out_b(r0 + 0u, c0 + 2u, c0_2, e2); } if (3u < n) { store_out_b(r0 + 0u, c0 + 3u, c0_3, e3); } if (4u < n) { store_out_b(r0 + 0u, c0 + 4u, c0_4, e4); } if (5u < n) { store_out_b(r0 + 0u, c0 + 5u, c0_5, e5); } if (6u < n) { store_out_b(r0 + 0u, c0 + 6u, c0_6, e6); } if (7u < n) { store_out_b(r0 + 0u, c0 + 7u, c0_7, e7); } if (8u < n) { store_out_b(r0 + 0u, c0 + 8u, c0_8, e8); } if (9u < n) { store_out_b(r0 + 0u, c0 + 9u, c0_9, e9); } if (10u < n) { store_out_b(r0 + 0u, c0 + 10u, c0_10, e10); } if (11u < n) { store_out_b(r0 + 0u, c0 + 11u, c0_11, e11); } if (12u < n) { store_out_b(r0 + 0u, c0 + 12u, c0_12, e12); } if (13u < n) { store_out_b(r0 + 0u, c0 + 13u, c0_13, e13); } if (14u < n) { store_out_b(r0 + 0u, c0 + 14u, c0_14, e14); } if (15u < n) { store_out_b(r0 + 0u, c0 + 15u, c0_15, e15); } }
  if (r0 + 1u < p.M) { if (0u < n) { store_out_b(r0 + 1u, c0 + 0u, c1_0, e0); } if (1u < n) { store_out_b(r0 + 1u, c0 + 1u, c1_1, e1); } if (2u < n) { store_out_b(r0 + 1u, c0 + 2u, c1_2, e2); } if (3u < n) { store_out_b(r0 + 1u, c0 + 3u, c1_3, e3); } if (4u < n) { store_out_b(r0 + 1u, c0 + 4u, c1_4, e4); } if (5u < n) { store_out_b(r0 + 1u, c0 + 5u, c1_5, e5); } if (6u < n) { store_out_b(r0 + 1u, c0 + 6u, c1_6, e6); } if (7u < n) { store_out_b(r0 + 1u, c0 + 7u, c1_7, e7); } if (8u < n) { store_out_b(r0 + 1u, c0 + 8u, c1_8, e8); } if (9u < n) { store_out_b(r0 + 1u, c0 + 9u, c1_9, e9); } if (10u < n) { store_out_b(r0 + 1u, c0 + 10u, c1_10, e10); } if (11u < n) { store_out_b(r0 + 1u, c0 + 11u, c1_11, e11); } if (12u < n) { store_out_b(r0 + 1u, c0 + 12u, c1_12, e12); } if (13u < n) { store_out_b(r0 + 1u, c0 + 13u, c1_13, e13); } if (14u < n) { store_out_b(r0 + 1u, c0 + 14u, c1_14, e14); } if (15u < n) { store_out_b(r0 + 1u, c0 + 15u, c1_15, e15); } }
  if (r0 + 2u < p.M) { if (0u < n) { store_out_b(r0 + 2u, c0 + 0u, c2_0, e0); } if (1u < n) { store_out_b(r0 + 2u, c0 + 1u, c2_1, e1); } if (2u < n) { store_out_b(r0 + 2u, c0 + 2u, c2_2, e2); } if (3u < n) { store_out_b(r0 + 2u, c0 + 3u, c2_3, e3); } if (4u < n) { store_out_b(r0 + 2u, c0 + 4u, c2_4, e4); } if (5u < n) { store_out_b(r0 + 2u, c0 + 5u, c2_5, e5); } if (6u < n) { store_out_b(r0 + 2u, c0 + 6u, c2_6, e6); } if (7u < n) { store_out_b(r0 + 2u, c0 + 7u, c2_7, e7); } if (8u < n) { store_out_b(r0 + 2u, c0 + 8u, c2_8, e8); } if (9u < n) { store_out_b(r0 + 2u, c0 + 9u, c2_9, e9); } if (10u < n) { store_out_b(r0 + 2u, c0 + 10u, c2_10, e10); } if (11u < n) { store_out_b(r0 + 2u, c0 + 11u, c2_11, e11); } if (12u < n) { store_out_b(r0 + 2u, c0 + 12u, c2_12, e12); } if (13u < n) { store_out_b(r0 + 2u, c0 + 13u, c2_13, e13); } if (14u < n) { store_out_b(r0 + 2u, c0 + 14u, c2_14, e14); } if (15u < n) { store_out_b(r0 + 2u, c0 + 15u, c2_15, e15); } }
  if (r0 + 3u < p.M) { if (0u < n) { store_out_b(r0 + 3u, c0 + 0u, c3_0, e0); } if (1u < n) { store_out_b(r0 + 3u, c0 + 1u, c3_1, e1); } if (2u < n) { store_out_b(r0 + 3u, c0 + 2u, c3_2, e2); } if (3u < n) { store_out_b(r0 + 3u, c0 + 3u, c3_3, e3); } if (4u < n) { store_out_b(r0 + 3u, c0 + 4u, c3_4, e4); } if (5u < n) { store_out_b(r0 + 3u, c0 + 5u, c3_5, e5); } if (6u < n) { store_out_b(r0 + 3u, c0 + 6u, c3_6, e6); } if (7u < n) { store_out_b(r0 + 3u, c0 + 7u, c3_7, e7); } if (8u < n) { store_out_b(r0 + 3u, c0 + 8u, c3_8, e8); } if (9u < n) { store_out_b(r0 + 3u, c0 + 9u, c3_9, e9); } if (10u < n) { store_out_b(r0 + 3u, c0 + 10u, c3_10, e10); } if (11u < n) { store_out_b(r0 + 3u, c0 + 11u, c3_11, e11); } if (12u < n) { store_out_b(r0 + 3u, c0 + 12u, c3_12, e12); } if (13u < n) { store_out_b(r0 + 3u, c0 + 13u, c3_13, e13); } if (14u < n) { store_out_b(r0 + 3u, c0 + 14u, c3_14, e14); } if (15u < n) { store_out_b(r0 + 3u, c0 + 15u, c3_15, e15); } }
  if (r0 + 4u < p.M) { if (0u < n) { store_out_b(r0 + 4u, c0 + 0u, c4_0, e0); } if (1u < n) { store_out_b(r0 + 4u, c0 + 1u, c4_1, e1); } if (2u < n) { store_out_b(r0 + 4u, c0 + 2u, c4_2, e2); } if (3u < n) { store_out_b(r0 + 4u, c0 + 3u, c4_3, e3); } if (4u < n) { store_out_b(r0 + 4u, c0 + 4u, c4_4, e4); } if (5u < n) { store_out_b(r0 + 4u, c0 + 5u, c4_5, e5); } if (6u < n) { store_out_b(r0 + 4u, c0 + 6u, c4_6, e6); } if (7u < n) { store_out_b(r0 + 4u, c0 + 7u, c4_7, e7); } if (8u < n) { store_out_b(r0 + 4u, c0 + 8u, c4_8, e8); } if (9u < n) { store_out_b(r0 + 4u, c0 + 9u, c4_9, e9); } if (10u < n) { store_out_b(r0 + 4u, c0 + 10u, c4_10, e10); } if (11u < n) { store_out_b(r0 + 4u, c0 + 11u, c4_11, e11); } if (12u < n) { store_out_b(r0 + 4u, c0 + 12u, c4_12, e12); } if (13u < n) { store_out_b(r0 + 4u, c0 + 13u, c4_13, e13); } if (14u < n) { store_out_b(r0 + 4u, c0 + 14u, c4_14, e14); } if (15u < n) { store_out_b(r0 + 4u, c0 + 15u, c4_15, e15); } }
  if (r0 + 5u < p.M) { if (0u < n) { store_out_b(r0 + 5u, c0 + 0u, c5_0, e0); } if (1u < n) { store_out_b(r0 + 5u, c0 + 1u, c5_1, e1); } if (2u < n) { store_out_b(r0 + 5u, c0 + 2u, c5_2, e2); } if (3u < n) { store_out_b(r0 + 5u, c0 + 3u, c5_3, e3); } if (4u < n) { store_out_b(r0 + 5u, c0 + 4u, c5_4, e4); } if (5u < n) { store_out_b(r0 + 5u, c0 + 5u, c5_5, e5); } if (6u < n) { store_out_b(r0 + 5u, c0 + 6u, c5_6, e6); } if (7u < n) { store_out_b(r0 + 5u, c0 + 7u, c5_7, e7); } if (8u < n) { store_out_b(r0 + 5u, c0 + 8u, c5_8, e8); } if (9u < n) { store_out_b(r0 + 5u, c0 + 9u, c5_9, e9); } if (10u < n) { store_out_b(r0 + 5u, c0 + 10u, c5_10, e10); } if (11u < n) { store_out_b(r0 + 5u, c0 + 11u, c5_11, e11); } if (12u < n) { store_out_b(r0 + 5u, c0 + 12u, c5_12, e12); } if (13u < n) { store_out_b(r0 + 5u, c0 + 13u, c5_13, e13); } if (14u < n) { store_out_b(r0 + 5u, c0 + 14u, c5_14, e14); } if (15u < n) { store_out_b(r0 + 5u, c0 + 15u, c5_15, e15); } }
  if (r0 + 6u < p.M) { if (0u < n) { store_out_b(r0 + 6u, c0 + 0u, c6_0, e0); } if (1u < n) { store_out_b(r0 + 6u, c0 + 1u, c6_1, e1); } if (2u < n) { store_out_b(r0 + 6u, c0 + 2u, c6_2, e2); } if (3u < n) { store_out_b(r0 + 6u, c0 + 3u, c6_3, e3); } if (4u < n) { store_out_b(r0 + 6u, c0 + 4u, c6_4, e4); } if (5u < n) { store_out_b(r0 + 6u, c0 + 5u, c6_5, e5); } if (6u < n) { store_out_b(r0 + 6u, c0 + 6u, c6_6, e6); } if (7u < n) { store_out_b(r0 + 6u, c0 + 7u, c6_7, e7); } if (8u < n) { store_out_b(r0 + 6u, c0 + 8u, c6_8, e8); } if (9u < n) { store_out_b(r0 + 6u, c0 + 9u, c6_9, e9); } if (10u < n) { store_out_b(r0 + 6u, c0 + 10u, c6_10, e10); } if (11u < n) { store_out_b(r0 + 6u, c0 + 11u, c6_11, e11); } if (12u < n) { store_out_b(r0 + 6u, c0 + 12u, c6_12, e12); } if (13u < n) { store_out_b(r0 + 6u, c0 + 13u, c6_13, e13); } if (14u < n) { store_out_b(r0 + 6u, c0 + 14u, c6_14, e14); } if (15u < n) { store_out_b(r0 + 6u, c0 + 15u, c6_15, e15); } }
  if (r0 + 7u < p.M) { if (0u < n) { store_out_b(r0 + 7u, c0 + 0u, c7_0, e0); } if (1u < n) { store_out_b(r0 + 7u, c0 + 1u, c7_1, e1); } if (2u < n) { store_out_b(r0 + 7u, c0 + 2u, c7_2, e2); } if (3u < n) { store_out_b(r0 + 7u, c0 + 3u, c7_3, e3); } if (4u < n) { store_out_b(r0 + 7u, c0 + 4u, c7_4, e4); } if (5u < n) { store_out_b(r0 + 7u, c0 + 5u, c7_5, e5); } if (6u < n) { store_out_b(r0 + 7u, c0 + 6u, c7_6, e6); } if (7u < n) { store_out_b(r0 + 7u, c0 + 7u, c7_7, e7); } if (8u < n) { store_out_b(r0 + 7u, c0 + 8u, c7_8, e8); } if (9u < n) { store_out_b(r0 + 7u, c0 + 9u, c7_9, e9); } if (10u < n) { store_out_b(r0 + 7u, c0 + 10u, c7_10, e10); } if (11u < n) { store_out_b(r0 + 7u, c0 + 11u, c7_11, e11); } if (12u < n) { store_out_b(r0 + 7u, c0 + 12u, c7_12, e12); } if (13u < n) { store_out_b(r0 + 7u, c0 + 13u, c7_13, e13); } if (14u < n) { store_out_b(r0 + 7u, c0 + 14u, c7_14, e14); } if (15u < n) { store_out_b(r0 + 7u, c0 + 15u, c7_15, e15); } }
}
