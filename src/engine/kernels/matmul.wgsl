//!common
// C[M,N] = alpha * A[M,K] B[K,N] + beta * C, then optional bias and activation (the
// pre-activation goes to `pre`), or, with `dact`, times act'(pre) (a fused activation
// backward). A and B are addressed through strides, so one kernel serves y = xW,
// dx = dy W^T and dW = x^T dy, at any offset and size.
//
// Each invocation owns an 8x8 block of C (8x2 in matmul_thin) and loads 8 + 8 values per
// k for 64 multiply-adds. On the software adapters every storage load is a per-lane
// scalar load (lavapipe: about 1 ns per lane), so loads per multiply-add set the speed;
// see docs/performance.md for the variants measured (4x4, 8x4, 16x8, vec4 loads per
// layout, shared-memory tiles, k unrolling) and why this one won.
//
// The entry points differ only in their workgroup shape (and the thin one in its tile):
// the lanes of a SIMD vector run along x (columns), so x must not be wider than N needs
// (lanes past N are wasted work), while surplus rows only cost whole vectors that exit at
// once. ops.ts `matmulKernelFor` picks the entry point from N.
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
fn store_out(r: u32, c: u32, acc: f32) {
  let o = r * p.N + c;
  var v = p.alpha * acc;
  if (p.beta != 0.0) { v = v + p.beta * C[p.offC + o]; }
  if (p.hasBias != 0u) { v = v + bias[p.offBias + c]; }
  if (p.act != 0u) {
    pre[p.offPre + o] = v;
    v = act_apply(v, p.act);
  }
  if (p.dact != 0u) { v = v * act_grad(pre[p.offPre + o], p.dact); }
  C[p.offC + o] = v;
}
// C[r0..r0+8, c0..c0+8]; rows and columns past the edge are computed on clamped indices
// and not stored. 64 scalar accumulators, straight-line (measured faster on lavapipe than
// vec4 accumulators or an unrolled k loop).
fn tile8x8(r0: u32, c0: u32) {
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
  for (var k = 0u; k < p.K; k = k + 1u) {
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
  tile8x8(gid.y * 8u, gid.x * 8u);
}

//!kernel matmul_n32
// 16 < N <= 32: 4 x 4 invocations
@compute @workgroup_size(4, 4)
fn main(@builtin(global_invocation_id) gid: vec3<u32>) {
  tile8x8(gid.y * 8u, gid.x * 8u);
}

//!kernel matmul_n16
// 8 < N <= 16: 2 x 8 invocations
@compute @workgroup_size(2, 8)
fn main(@builtin(global_invocation_id) gid: vec3<u32>) {
  tile8x8(gid.y * 8u, gid.x * 8u);
}

//!kernel matmul_n8
// 4 < N <= 8: one column of invocations
@compute @workgroup_size(1, 16)
fn main(@builtin(global_invocation_id) gid: vec3<u32>) {
  tile8x8(gid.y * 8u, gid.x * 8u);
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
