//!common
// Subgroup forms of conv2d.wgsl's conv3x3 and conv3x3_wgrad (same parameters, same twins,
// same NHWC layout and [tap, ci, co] + bias weight block), for adapters whose subgroups
// have a fixed 8 lanes (lavapipe). As in matmul_sg8: the software adapters load storage
// per lane (about 1 ns each on lavapipe) while multiply-adds are vector instructions, so
// loads per multiply-add set the speed. conv3x3 loads 4 pixel
// values + 4 weights for 16 multiply-adds; here every lane of a subgroup works on the same
// columns (output channels), each lane loads one weight of every 8 columns and
// subgroupBroadcast hands it to the others: 4 pixel loads + NB weight loads per lane for
// 4 x 8 x NB multiply-adds (NB = 4: 4 + 4 for 128, the ratio of matmul_sg8).
// NB (1..4 blocks of 8 columns) is a pipeline constant chosen from Cout by the launcher
// (conv2dSg.ts convColumnBlocks), so Cout = 8 or 24 does not pay for 32 columns.
// Correct for any grouping of invocations into subgroups provided every subgroup has
// exactly 8 lanes, all active: no early return, edge pixels and channels are clamped
// loads, and only the stores are guarded.
// No 4-lane (SwiftShader) form: one written like matmul_sg4 (8 pixels x 4 NB channels)
// computed correctly but took SwiftShader's Subzero about 13 s to compile per pipeline
// (every NB / bias / accumulate combination is one), minutes for a U-Net; SwiftShader keeps
// conv2d.wgsl's kernels (docs/performance.md).
override NB: u32 = 4u;
override BIAS: bool = false;
override CB: bool = false;
override BETA: bool = false;

//!kernel conv3x3_sg8
enable subgroups;
// conv3x3 (flip = 0: forward, 1: input gradient) with 4 pixels x 8 NB channels per
// invocation, one subgroup of 8 lanes per workgroup (32 pixels x 8 NB channels).
// Grid: [ceil(Cout / (8 NB)), ceil(B H W / 32), 1].
fn conv_store(m: u32, n: u32, acc: f32, e: f32) {
  let o = p.offOut + m * p.Cout + n;
  var v = acc;
  if (BIAS) { v = v + e; }
  if (CB) { v = v + cb[p.offCb + (m / (p.H * p.W)) * p.sCb + n]; }
  if (BETA) { v = v + p.beta * out[o]; }
  out[o] = v;
}
@compute @workgroup_size(8)
fn main(@builtin(workgroup_id) wg: vec3<u32>, @builtin(local_invocation_index) li: u32, @builtin(subgroup_invocation_id) sl: u32) {
  let HW = p.H * p.W;
  let M = p.B * HW;
  let Hi = i32(p.H);
  let Wi = i32(p.W);
  let c0 = wg.x * 8u * NB;
  let r0 = wg.y * 32u + li * 4u;
  let mLast = M - 1u;
  let nLast = p.Cout - 1u;
  let m0 = min(r0 + 0u, mLast); let py0 = i32((m0 % HW) / p.W); let px0 = i32(m0 % p.W);
  let m1 = min(r0 + 1u, mLast); let py1 = i32((m1 % HW) / p.W); let px1 = i32(m1 % p.W);
  let m2 = min(r0 + 2u, mLast); let py2 = i32((m2 % HW) / p.W); let px2 = i32(m2 % p.W);
  let m3 = min(r0 + 3u, mLast); let py3 = i32((m3 % HW) / p.W); let px3 = i32(m3 % p.W);
  // this lane's weight column in each block of 8
  let n0 = min(c0 + sl, nLast) * p.sWn;
  let n1 = min(c0 + sl + 8u, nLast) * p.sWn;
  let n2 = min(c0 + sl + 16u, nLast) * p.sWn;
  let n3 = min(c0 + sl + 24u, nLast) * p.sWn;
  var c0_0 = 0.0; var c0_1 = 0.0; var c0_2 = 0.0; var c0_3 = 0.0; var c0_4 = 0.0; var c0_5 = 0.0; var c0_6 = 0.0; var c0_7 = 0.0; var c0_8 = 0.0; var c0_9 = 0.0; var c0_10 = 0.0; var c0_11 = 0.0; var c0_12 = 0.0; var c0_13 = 0.0; var c0_14 = 0.0; var c0_15 = 0.0; var c0_16 = 0.0; var c0_17 = 0.0; var c0_18 = 0.0; var c0_19 = 0.0; var c0_20 = 0.0; var c0_21 = 0.0; var c0_22 = 0.0; var c0_23 = 0.0; var c0_24 = 0.0; var c0_25 = 0.0; var c0_26 = 0.0; var c0_27 = 0.0; var c0_28 = 0.0; var c0_29 = 0.0; var c0_30 = 0.0; var c0_31 = 0.0;
  var c1_0 = 0.0; var c1_1 = 0.0; var c1_2 = 0.0; var c1_3 = 0.0; var c1_4 = 0.0; var c1_5 = 0.0; var c1_6 = 0.0; var c1_7 = 0.0; var c1_8 = 0.0; var c1_9 = 0.0; var c1_10 = 0.0; var c1_11 = 0.0; var c1_12 = 0.0; var c1_13 = 0.0; var c1_14 = 0.0; var c1_15 = 0.0; var c1_16 = 0.0; var c1_17 = 0.0; var c1_18 = 0.0; var c1_19 = 0.0; var c1_20 = 0.0; var c1_21 = 0.0; var c1_22 = 0.0; var c1_23 = 0.0; var c1_24 = 0.0; var c1_25 = 0.0; var c1_26 = 0.0; var c1_27 = 0.0; var c1_28 = 0.0; var c1_29 = 0.0; var c1_30 = 0.0; var c1_31 = 0.0;
  var c2_0 = 0.0; var c2_1 = 0.0; var c2_2 = 0.0; var c2_3 = 0.0; var c2_4 = 0.0; var c2_5 = 0.0; var c2_6 = 0.0; var c2_7 = 0.0; var c2_8 = 0.0; var c2_9 = 0.0; var c2_10 = 0.0; var c2_11 = 0.0; var c2_12 = 0.0; var c2_13 = 0.0; var c2_14 = 0.0; var c2_15 = 0.0; var c2_16 = 0.0; var c2_17 = 0.0; var c2_18 = 0.0; var c2_19 = 0.0; var c2_20 = 0.0; var c2_21 = 0.0; var c2_22 = 0.0; var c2_23 = 0.0; var c2_24 = 0.0; var c2_25 = 0.0; var c2_26 = 0.0; var c2_27 = 0.0; var c2_28 = 0.0; var c2_29 = 0.0; var c2_30 = 0.0; var c2_31 = 0.0;
  var c3_0 = 0.0; var c3_1 = 0.0; var c3_2 = 0.0; var c3_3 = 0.0; var c3_4 = 0.0; var c3_5 = 0.0; var c3_6 = 0.0; var c3_7 = 0.0; var c3_8 = 0.0; var c3_9 = 0.0; var c3_10 = 0.0; var c3_11 = 0.0; var c3_12 = 0.0; var c3_13 = 0.0; var c3_14 = 0.0; var c3_15 = 0.0; var c3_16 = 0.0; var c3_17 = 0.0; var c3_18 = 0.0; var c3_19 = 0.0; var c3_20 = 0.0; var c3_21 = 0.0; var c3_22 = 0.0; var c3_23 = 0.0; var c3_24 = 0.0; var c3_25 = 0.0; var c3_26 = 0.0; var c3_27 = 0.0; var c3_28 = 0.0; var c3_29 = 0.0; var c3_30 = 0.0; var c3_31 = 0.0;
  let sgn = select(1, -1, p.flip != 0u);
  for (var tap = 0u; tap < 9u; tap = tap + 1u) {
    let dy = sgn * (i32(tap / 3u) - 1);
    let dx = sgn * (i32(tap % 3u) - 1);
    let shift = dy * Wi + dx;
    let ok0 = py0 + dy >= 0 && py0 + dy < Hi && px0 + dx >= 0 && px0 + dx < Wi;
    let a0 = p.offA + select(m0, u32(i32(m0) + shift), ok0) * p.Cin;
    let ok1 = py1 + dy >= 0 && py1 + dy < Hi && px1 + dx >= 0 && px1 + dx < Wi;
    let a1 = p.offA + select(m1, u32(i32(m1) + shift), ok1) * p.Cin;
    let ok2 = py2 + dy >= 0 && py2 + dy < Hi && px2 + dx >= 0 && px2 + dx < Wi;
    let a2 = p.offA + select(m2, u32(i32(m2) + shift), ok2) * p.Cin;
    let ok3 = py3 + dy >= 0 && py3 + dy < Hi && px3 + dx >= 0 && px3 + dx < Wi;
    let a3 = p.offA + select(m3, u32(i32(m3) + shift), ok3) * p.Cin;
    let wt = p.offW + tap * p.sWt;
    for (var c = 0u; c < p.Cin; c = c + 1u) {
      let x0 = select(0.0, A[a0 + c], ok0);
      let x1 = select(0.0, A[a1 + c], ok1);
      let x2 = select(0.0, A[a2 + c], ok2);
      let x3 = select(0.0, A[a3 + c], ok3);
      let wc = wt + c * p.sWc;
      {
        let v = Wt[wc + n0];
        { let y = subgroupBroadcast(v, 0u); c0_0 = fma(x0, y, c0_0); c1_0 = fma(x1, y, c1_0); c2_0 = fma(x2, y, c2_0); c3_0 = fma(x3, y, c3_0); }
        { let y = subgroupBroadcast(v, 1u); c0_1 = fma(x0, y, c0_1); c1_1 = fma(x1, y, c1_1); c2_1 = fma(x2, y, c2_1); c3_1 = fma(x3, y, c3_1); }
        { let y = subgroupBroadcast(v, 2u); c0_2 = fma(x0, y, c0_2); c1_2 = fma(x1, y, c1_2); c2_2 = fma(x2, y, c2_2); c3_2 = fma(x3, y, c3_2); }
        { let y = subgroupBroadcast(v, 3u); c0_3 = fma(x0, y, c0_3); c1_3 = fma(x1, y, c1_3); c2_3 = fma(x2, y, c2_3); c3_3 = fma(x3, y, c3_3); }
        { let y = subgroupBroadcast(v, 4u); c0_4 = fma(x0, y, c0_4); c1_4 = fma(x1, y, c1_4); c2_4 = fma(x2, y, c2_4); c3_4 = fma(x3, y, c3_4); }
        { let y = subgroupBroadcast(v, 5u); c0_5 = fma(x0, y, c0_5); c1_5 = fma(x1, y, c1_5); c2_5 = fma(x2, y, c2_5); c3_5 = fma(x3, y, c3_5); }
        { let y = subgroupBroadcast(v, 6u); c0_6 = fma(x0, y, c0_6); c1_6 = fma(x1, y, c1_6); c2_6 = fma(x2, y, c2_6); c3_6 = fma(x3, y, c3_6); }
        { let y = subgroupBroadcast(v, 7u); c0_7 = fma(x0, y, c0_7); c1_7 = fma(x1, y, c1_7); c2_7 = fma(x2, y, c2_7); c3_7 = fma(x3, y, c3_7); }
      }
      if (NB > 1u) {
        let v = Wt[wc + n1];
        { let y = subgroupBroadcast(v, 0u); c0_8 = fma(x0, y, c0_8); c1_8 = fma(x1, y, c1_8); c2_8 = fma(x2, y, c2_8); c3_8 = fma(x3, y, c3_8); }
        { let y = subgroupBroadcast(v, 1u); c0_9 = fma(x0, y, c0_9); c1_9 = fma(x1, y, c1_9); c2_9 = fma(x2, y, c2_9); c3_9 = fma(x3, y, c3_9); }
        { let y = subgroupBroadcast(v, 2u); c0_10 = fma(x0, y, c0_10); c1_10 = fma(x1, y, c1_10); c2_10 = fma(x2, y, c2_10); c3_10 = fma(x3, y, c3_10); }
        { let y = subgroupBroadcast(v, 3u); c0_11 = fma(x0, y, c0_11); c1_11 = fma(x1, y, c1_11); c2_11 = fma(x2, y, c2_11); c3_11 = fma(x3, y, c3_11); }
        { let y = subgroupBroadcast(v, 4u); c0_12 = fma(x0, y, c0_12); c1_12 = fma(x1, y, c1_12); c2_12 = fma(x2, y, c2_12); c3_12 = fma(x3, y, c3_12); }
        { let y = subgroupBroadcast(v, 5u); c0_13 = fma(x0, y, c0_13); c1_13 = fma(x1, y, c1_13); c2_13 = fma(x2, y, c2_13); c3_13 = fma(x3, y, c3_13); }
        { let y = subgroupBroadcast(v, 6u); c0_14 = fma(x0, y, c0_14); c1_14 = fma(x1, y, c1_14); c2_14 = fma(x2, y, c2_14); c3_14 = fma(x3, y, c3_14); }
        { let y = subgroupBroadcast(v, 7u); c0_15 = fma(x0, y, c0_15); c1_15 = fma(x1, y, c1_15); c2_15 = fma(x2, y, c2_15); c3_15 = fma(x3, y, c3_15); }
      }
      if (NB > 2u) {
        let v = Wt[wc + n2];
        { let y = subgroupBroadcast(v, 0u); c0_16 = fma(x0, y, c0_16); c1_16 = fma(x1, y, c1_16); c2_16 = fma(x2, y, c2_16); c3_16 = fma(x3, y, c3_16); }
        { let y = subgroupBroadcast(v, 1u); c0_17 = fma(x0, y, c0_17); c1_17 = fma(x1, y, c1_17); c2_17 = fma(x2, y, c2_17); c3_17 = fma(x3, y, c3_17); }
        { let y = subgroupBroadcast(v, 2u); c0_18 = fma(x0, y, c0_18); c1_18 = fma(x1, y, c1_18); c2_18 = fma(x2, y, c2_18); c3_18 = fma(x3, y, c3_18); }
        { let y = subgroupBroadcast(v, 3u); c0_19 = fma(x0, y, c0_19); c1_19 = fma(x1, y, c1_19); c2_19 = fma(x2, y, c2_19); c3_19 = fma(x3, y, c3_19); }
        { let y = subgroupBroadcast(v, 4u); c0_20 = fma(x0, y, c0_20); c1_20 = fma(x1, y, c1_20); c2_20 = fma(x2, y, c2_20); c3_20 = fma(x3, y, c3_20); }
        { let y = subgroupBroadcast(v, 5u); c0_21 = fma(x0, y, c0_21); c1_21 = fma(x1, y, c1_21); c2_21 = fma(x2, y, c2_21); c3_21 = fma(x3, y, c3_21); }
        { let y = subgroupBroadcast(v, 6u); c0_22 = fma(x0, y, c0_22); c1_22 = fma(x1, y, c1_22); c2_22 = fma(x2, y, c2_22); c3_22 = fma(x3, y, c3_22); }
        { let y = subgroupBroadcast(v, 7u); c0_23 = fma(x0, y, c0_23); c1_23 = fma(x1, y, c1_23); c2_23 = fma(x2, y, c2_23); c3_23 = fma(x3, y, c3_23); }
      }
      if (NB > 3u) {
        let v = Wt[wc + n3];
        { let y = subgroupBroadcast(v, 0u); c0_24 = fma(x0, y, c0_24); c1_24 = fma(x1, y, c1_24); c2_24 = fma(x2, y, c2_24); c3_24 = fma(x3, y, c3_24); }
        { let y = subgroupBroadcast(v, 1u); c0_25 = fma(x0, y, c0_25); c1_25 = fma(x1, y, c1_25); c2_25 = fma(x2, y, c2_25); c3_25 = fma(x3, y, c3_25); }
        { let y = subgroupBroadcast(v, 2u); c0_26 = fma(x0, y, c0_26); c1_26 = fma(x1, y, c1_26); c2_26 = fma(x2, y, c2_26); c3_26 = fma(x3, y, c3_26); }
        { let y = subgroupBroadcast(v, 3u); c0_27 = fma(x0, y, c0_27); c1_27 = fma(x1, y, c1_27); c2_27 = fma(x2, y, c2_27); c3_27 = fma(x3, y, c3_27); }
        { let y = subgroupBroadcast(v, 4u); c0_28 = fma(x0, y, c0_28); c1_28 = fma(x1, y, c1_28); c2_28 = fma(x2, y, c2_28); c3_28 = fma(x3, y, c3_28); }
        { let y = subgroupBroadcast(v, 5u); c0_29 = fma(x0, y, c0_29); c1_29 = fma(x1, y, c1_29); c2_29 = fma(x2, y, c2_29); c3_29 = fma(x3, y, c3_29); }
        { let y = subgroupBroadcast(v, 6u); c0_30 = fma(x0, y, c0_30); c1_30 = fma(x1, y, c1_30); c2_30 = fma(x2, y, c2_30); c3_30 = fma(x3, y, c3_30); }
        { let y = subgroupBroadcast(v, 7u); c0_31 = fma(x0, y, c0_31); c1_31 = fma(x1, y, c1_31); c2_31 = fma(x2, y, c2_31); c3_31 = fma(x3, y, c3_31); }
      }
    }
  }
  // the bias: each lane loads one value of every 8 columns, shared like the weights
  var e0 = 0.0; var e1 = 0.0; var e2 = 0.0; var e3 = 0.0; var e4 = 0.0; var e5 = 0.0; var e6 = 0.0; var e7 = 0.0; var e8 = 0.0; var e9 = 0.0; var e10 = 0.0; var e11 = 0.0; var e12 = 0.0; var e13 = 0.0; var e14 = 0.0; var e15 = 0.0; var e16 = 0.0; var e17 = 0.0; var e18 = 0.0; var e19 = 0.0; var e20 = 0.0; var e21 = 0.0; var e22 = 0.0; var e23 = 0.0; var e24 = 0.0; var e25 = 0.0; var e26 = 0.0; var e27 = 0.0; var e28 = 0.0; var e29 = 0.0; var e30 = 0.0; var e31 = 0.0;
  if (BIAS) {
    { let q = Wt[p.offBias + min(c0 + sl + 0u, nLast)]; e0 = subgroupBroadcast(q, 0u); e1 = subgroupBroadcast(q, 1u); e2 = subgroupBroadcast(q, 2u); e3 = subgroupBroadcast(q, 3u); e4 = subgroupBroadcast(q, 4u); e5 = subgroupBroadcast(q, 5u); e6 = subgroupBroadcast(q, 6u); e7 = subgroupBroadcast(q, 7u); }
    if (NB > 1u) { let q = Wt[p.offBias + min(c0 + sl + 8u, nLast)]; e8 = subgroupBroadcast(q, 0u); e9 = subgroupBroadcast(q, 1u); e10 = subgroupBroadcast(q, 2u); e11 = subgroupBroadcast(q, 3u); e12 = subgroupBroadcast(q, 4u); e13 = subgroupBroadcast(q, 5u); e14 = subgroupBroadcast(q, 6u); e15 = subgroupBroadcast(q, 7u); }
    if (NB > 2u) { let q = Wt[p.offBias + min(c0 + sl + 16u, nLast)]; e16 = subgroupBroadcast(q, 0u); e17 = subgroupBroadcast(q, 1u); e18 = subgroupBroadcast(q, 2u); e19 = subgroupBroadcast(q, 3u); e20 = subgroupBroadcast(q, 4u); e21 = subgroupBroadcast(q, 5u); e22 = subgroupBroadcast(q, 6u); e23 = subgroupBroadcast(q, 7u); }
    if (NB > 3u) { let q = Wt[p.offBias + min(c0 + sl + 24u, nLast)]; e24 = subgroupBroadcast(q, 0u); e25 = subgroupBroadcast(q, 1u); e26 = subgroupBroadcast(q, 2u); e27 = subgroupBroadcast(q, 3u); e28 = subgroupBroadcast(q, 4u); e29 = subgroupBroadcast(q, 5u); e30 = subgroupBroadcast(q, 6u); e31 = subgroupBroadcast(q, 7u); }
  }
  let n = min(p.Cout - min(c0, p.Cout), 8u * NB);
  if (r0 + 0u < M) { if (0u < n) { conv_store(r0 + 0u, c0 + 0u, c0_0, e0); } if (1u < n) { conv_store(r0 + 0u, c0 + 1u, c0_1, e1); } if (2u < n) { conv_store(r0 + 0u, c0 + 2u, c0_2, e2); } if (3u < n) { conv_store(r0 + 0u, c0 + 3u, c0_3, e3); } if (4u < n) { conv_store(r0 + 0u, c0 + 4u, c0_4, e4); } if (5u < n) { conv_store(r0 + 0u, c0 + 5u, c0_5, e5); } if (6u < n) { conv_store(r0 + 0u, c0 + 6u, c0_6, e6); } if (7u < n) { conv_store(r0 + 0u, c0 + 7u, c0_7, e7); } if (8u < n) { conv_store(r0 + 0u, c0 + 8u, c0_8, e8); } if (9u < n) { conv_store(r0 + 0u, c0 + 9u, c0_9, e9); } if (10u < n) { conv_store(r0 + 0u, c0 + 10u, c0_10, e10); } if (11u < n) { conv_store(r0 + 0u, c0 + 11u, c0_11, e11); } if (12u < n) { conv_store(r0 + 0u, c0 + 12u, c0_12, e12); } if (13u < n) { conv_store(r0 + 0u, c0 + 13u, c0_13, e13); } if (14u < n) { conv_store(r0 + 0u, c0 + 14u, c0_14, e14); } if (15u < n) { conv_store(r0 + 0u, c0 + 15u, c0_15, e15); } if (16u < n) { conv_store(r0 + 0u, c0 + 16u, c0_16, e16); } if (17u < n) { conv_store(r0 + 0u, c0 + 17u, c0_17, e17); } if (18u < n) { conv_store(r0 + 0u, c0 + 18u, c0_18, e18); } if (19u < n) { conv_store(r0 + 0u, c0 + 19u, c0_19, e19); } if (20u < n) { conv_store(r0 + 0u, c0 + 20u, c0_20, e20); } if (21u < n) { conv_store(r0 + 0u, c0 + 21u, c0_21, e21); } if (22u < n) { conv_store(r0 + 0u, c0 + 22u, c0_22, e22); } if (23u < n) { conv_store(r0 + 0u, c0 + 23u, c0_23, e23); } if (24u < n) { conv_store(r0 + 0u, c0 + 24u, c0_24, e24); } if (25u < n) { conv_store(r0 + 0u, c0 + 25u, c0_25, e25); } if (26u < n) { conv_store(r0 + 0u, c0 + 26u, c0_26, e26); } if (27u < n) { conv_store(r0 + 0u, c0 + 27u, c0_27, e27); } if (28u < n) { conv_store(r0 + 0u, c0 + 28u, c0_28, e28); } if (29u < n) { conv_store(r0 + 0u, c0 + 29u, c0_29, e29); } if (30u < n) { conv_store(r0 + 0u, c0 + 30u, c0_30, e30); } if (31u < n) { conv_store(r0 + 0u, c0 + 31u, c0_31, e31); } }
  if (r0 + 1u < M) { if (0u < n) { conv_store(r0 + 1u, c0 + 0u, c1_0, e0); } if (1u < n) { conv_store(r0 + 1u, c0 + 1u, c1_1, e1); } if (2u < n) { conv_store(r0 + 1u, c0 + 2u, c1_2, e2); } if (3u < n) { conv_store(r0 + 1u, c0 + 3u, c1_3, e3); } if (4u < n) { conv_store(r0 + 1u, c0 + 4u, c1_4, e4); } if (5u < n) { conv_store(r0 + 1u, c0 + 5u, c1_5, e5); } if (6u < n) { conv_store(r0 + 1u, c0 + 6u, c1_6, e6); } if (7u < n) { conv_store(r0 + 1u, c0 + 7u, c1_7, e7); } if (8u < n) { conv_store(r0 + 1u, c0 + 8u, c1_8, e8); } if (9u < n) { conv_store(r0 + 1u, c0 + 9u, c1_9, e9); } if (10u < n) { conv_store(r0 + 1u, c0 + 10u, c1_10, e10); } if (11u < n) { conv_store(r0 + 1u, c0 + 11u, c1_11, e11); } if (12u < n) { conv_store(r0 + 1u, c0 + 12u, c1_12, e12); } if (13u < n) { conv_store(r0 + 1u, c0 + 13u, c1_13, e13); } if (14u < n) { conv_store(r0 + 1u, c0 + 14u, c1_14, e14); } if (15u < n) { conv_store(r0 + 1u, c0 + 15u, c1_15, e15); } if (16u < n) { conv_store(r0 + 1u, c0 + 16u, c1_16, e16); } if (17u < n) { conv_store(r0 + 1u, c0 + 17u, c1_17, e17); } if (18u < n) { conv_store(r0 + 1u, c0 + 18u, c1_18, e18); } if (19u < n) { conv_store(r0 + 1u, c0 + 19u, c1_19, e19); } if (20u < n) { conv_store(r0 + 1u, c0 + 20u, c1_20, e20); } if (21u < n) { conv_store(r0 + 1u, c0 + 21u, c1_21, e21); } if (22u < n) { conv_store(r0 + 1u, c0 + 22u, c1_22, e22); } if (23u < n) { conv_store(r0 + 1u, c0 + 23u, c1_23, e23); } if (24u < n) { conv_store(r0 + 1u, c0 + 24u, c1_24, e24); } if (25u < n) { conv_store(r0 + 1u, c0 + 25u, c1_25, e25); } if (26u < n) { conv_store(r0 + 1u, c0 + 26u, c1_26, e26); } if (27u < n) { conv_store(r0 + 1u, c0 + 27u, c1_27, e27); } if (28u < n) { conv_store(r0 + 1u, c0 + 28u, c1_28, e28); } if (29u < n) { conv_store(r0 + 1u, c0 + 29u, c1_29, e29); } if (30u < n) { conv_store(r0 + 1u, c0 + 30u, c1_30, e30); } if (31u < n) { conv_store(r0 + 1u, c0 + 31u, c1_31, e31); } }
  if (r0 + 2u < M) { if (0u < n) { conv_store(r0 + 2u, c0 + 0u, c2_0, e0); } if (1u < n) { conv_store(r0 + 2u, c0 + 1u, c2_1, e1); } if (2u < n) { conv_store(r0 + 2u, c0 + 2u, c2_2, e2); } if (3u < n) { conv_store(r0 + 2u, c0 + 3u, c2_3, e3); } if (4u < n) { conv_store(r0 + 2u, c0 + 4u, c2_4, e4); } if (5u < n) { conv_store(r0 + 2u, c0 + 5u, c2_5, e5); } if (6u < n) { conv_store(r0 + 2u, c0 + 6u, c2_6, e6); } if (7u < n) { conv_store(r0 + 2u, c0 + 7u, c2_7, e7); } if (8u < n) { conv_store(r0 + 2u, c0 + 8u, c2_8, e8); } if (9u < n) { conv_store(r0 + 2u, c0 + 9u, c2_9, e9); } if (10u < n) { conv_store(r0 + 2u, c0 + 10u, c2_10, e10); } if (11u < n) { conv_store(r0 + 2u, c0 + 11u, c2_11, e11); } if (12u < n) { conv_store(r0 + 2u, c0 + 12u, c2_12, e12); } if (13u < n) { conv_store(r0 + 2u, c0 + 13u, c2_13, e13); } if (14u < n) { conv_store(r0 + 2u, c0 + 14u, c2_14, e14); } if (15u < n) { conv_store(r0 + 2u, c0 + 15u, c2_15, e15); } if (16u < n) { conv_store(r0 + 2u, c0 + 16u, c2_16, e16); } if (17u < n) { conv_store(r0 + 2u, c0 + 17u, c2_17, e17); } if (18u < n) { conv_store(r0 + 2u, c0 + 18u, c2_18, e18); } if (19u < n) { conv_store(r0 + 2u, c0 + 19u, c2_19, e19); } if (20u < n) { conv_store(r0 + 2u, c0 + 20u, c2_20, e20); } if (21u < n) { conv_store(r0 + 2u, c0 + 21u, c2_21, e21); } if (22u < n) { conv_store(r0 + 2u, c0 + 22u, c2_22, e22); } if (23u < n) { conv_store(r0 + 2u, c0 + 23u, c2_23, e23); } if (24u < n) { conv_store(r0 + 2u, c0 + 24u, c2_24, e24); } if (25u < n) { conv_store(r0 + 2u, c0 + 25u, c2_25, e25); } if (26u < n) { conv_store(r0 + 2u, c0 + 26u, c2_26, e26); } if (27u < n) { conv_store(r0 + 2u, c0 + 27u, c2_27, e27); } if (28u < n) { conv_store(r0 + 2u, c0 + 28u, c2_28, e28); } if (29u < n) { conv_store(r0 + 2u, c0 + 29u, c2_29, e29); } if (30u < n) { conv_store(r0 + 2u, c0 + 30u, c2_30, e30); } if (31u < n) { conv_store(r0 + 2u, c0 + 31u, c2_31, e31); } }
  if (r0 + 3u < M) { if (0u < n) { conv_store(r0 + 3u, c0 + 0u, c3_0, e0); } if (1u < n) { conv_store(r0 + 3u, c0 + 1u, c3_1, e1); } if (2u < n) { conv_store(r0 + 3u, c0 + 2u, c3_2, e2); } if (3u < n) { conv_store(r0 + 3u, c0 + 3u, c3_3, e3); } if (4u < n) { conv_store(r0 + 3u, c0 + 4u, c3_4, e4); } if (5u < n) { conv_store(r0 + 3u, c0 + 5u, c3_5, e5); } if (6u < n) { conv_store(r0 + 3u, c0 + 6u, c3_6, e6); } if (7u < n) { conv_store(r0 + 3u, c0 + 7u, c3_7, e7); } if (8u < n) { conv_store(r0 + 3u, c0 + 8u, c3_8, e8); } if (9u < n) { conv_store(r0 + 3u, c0 + 9u, c3_9, e9); } if (10u < n) { conv_store(r0 + 3u, c0 + 10u, c3_10, e10); } if (11u < n) { conv_store(r0 + 3u, c0 + 11u, c3_11, e11); } if (12u < n) { conv_store(r0 + 3u, c0 + 12u, c3_12, e12); } if (13u < n) { conv_store(r0 + 3u, c0 + 13u, c3_13, e13); } if (14u < n) { conv_store(r0 + 3u, c0 + 14u, c3_14, e14); } if (15u < n) { conv_store(r0 + 3u, c0 + 15u, c3_15, e15); } if (16u < n) { conv_store(r0 + 3u, c0 + 16u, c3_16, e16); } if (17u < n) { conv_store(r0 + 3u, c0 + 17u, c3_17, e17); } if (18u < n) { conv_store(r0 + 3u, c0 + 18u, c3_18, e18); } if (19u < n) { conv_store(r0 + 3u, c0 + 19u, c3_19, e19); } if (20u < n) { conv_store(r0 + 3u, c0 + 20u, c3_20, e20); } if (21u < n) { conv_store(r0 + 3u, c0 + 21u, c3_21, e21); } if (22u < n) { conv_store(r0 + 3u, c0 + 22u, c3_22, e22); } if (23u < n) { conv_store(r0 + 3u, c0 + 23u, c3_23, e23); } if (24u < n) { conv_store(r0 + 3u, c0 + 24u, c3_24, e24); } if (25u < n) { conv_store(r0 + 3u, c0 + 25u, c3_25, e25); } if (26u < n) { conv_store(r0 + 3u, c0 + 26u, c3_26, e26); } if (27u < n) { conv_store(r0 + 3u, c0 + 27u, c3_27, e27); } if (28u < n) { conv_store(r0 + 3u, c0 + 28u, c3_28, e28); } if (29u < n) { conv_store(r0 + 3u, c0 + 29u, c3_29, e29); } if (30u < n) { conv_store(r0 + 3u, c0 + 30u, c3_30, e30); } if (31u < n) { conv_store(r0 + 3u, c0 + 31u, c3_31, e31); } }
}

//!kernel conv3x3_wgrad_sg8
enable subgroups;
// conv3x3_wgrad with the reduction over the pixels of chunk s = wg.z: rows k = tap Cin + ci
// (each lane: 4 consecutive input channels of one tap, i.e. one row block; the block after
// the last tap is the bias row, input 1), columns co (8 NB per workgroup, Dy shared by
// subgroupBroadcast). Grid: [ceil(Cout / (8 NB)), ceil((9 ceil(Cin / 4) + 1) / 8), S].
@compute @workgroup_size(8)
fn main(@builtin(workgroup_id) wg: vec3<u32>, @builtin(local_invocation_index) li: u32, @builtin(subgroup_invocation_id) sl: u32) {
  let HW = p.H * p.W;
  let M = p.B * HW;
  let Hi = i32(p.H);
  let Wi = i32(p.W);
  let nbC = (p.Cin + 3u) / 4u;
  let rb = wg.y * 8u + li;
  let isBias = rb >= 9u * nbC;
  let live = rb <= 9u * nbC;
  let tap = min(rb / nbC, 8u);
  let ci0 = select((rb % nbC) * 4u, 0u, isBias);
  let c0 = wg.x * 8u * NB;
  let s = wg.z;
  let mBeg = s * p.chunk;
  let mEnd = min(mBeg + p.chunk, M);
  let cLast = p.Cin - 1u;
  let nLast = p.Cout - 1u;
  let k0 = min(ci0 + 0u, cLast);
  let k1 = min(ci0 + 1u, cLast);
  let k2 = min(ci0 + 2u, cLast);
  let k3 = min(ci0 + 3u, cLast);
  let n0 = min(c0 + sl, nLast);
  let n1 = min(c0 + sl + 8u, nLast);
  let n2 = min(c0 + sl + 16u, nLast);
  let n3 = min(c0 + sl + 24u, nLast);
  let dy = i32(tap / 3u) - 1;
  let dx = i32(tap % 3u) - 1;
  let shift = dy * Wi + dx;
  let one = select(0.0, 1.0, isBias);
  var c0_0 = 0.0; var c0_1 = 0.0; var c0_2 = 0.0; var c0_3 = 0.0; var c0_4 = 0.0; var c0_5 = 0.0; var c0_6 = 0.0; var c0_7 = 0.0; var c0_8 = 0.0; var c0_9 = 0.0; var c0_10 = 0.0; var c0_11 = 0.0; var c0_12 = 0.0; var c0_13 = 0.0; var c0_14 = 0.0; var c0_15 = 0.0; var c0_16 = 0.0; var c0_17 = 0.0; var c0_18 = 0.0; var c0_19 = 0.0; var c0_20 = 0.0; var c0_21 = 0.0; var c0_22 = 0.0; var c0_23 = 0.0; var c0_24 = 0.0; var c0_25 = 0.0; var c0_26 = 0.0; var c0_27 = 0.0; var c0_28 = 0.0; var c0_29 = 0.0; var c0_30 = 0.0; var c0_31 = 0.0;
  var c1_0 = 0.0; var c1_1 = 0.0; var c1_2 = 0.0; var c1_3 = 0.0; var c1_4 = 0.0; var c1_5 = 0.0; var c1_6 = 0.0; var c1_7 = 0.0; var c1_8 = 0.0; var c1_9 = 0.0; var c1_10 = 0.0; var c1_11 = 0.0; var c1_12 = 0.0; var c1_13 = 0.0; var c1_14 = 0.0; var c1_15 = 0.0; var c1_16 = 0.0; var c1_17 = 0.0; var c1_18 = 0.0; var c1_19 = 0.0; var c1_20 = 0.0; var c1_21 = 0.0; var c1_22 = 0.0; var c1_23 = 0.0; var c1_24 = 0.0; var c1_25 = 0.0; var c1_26 = 0.0; var c1_27 = 0.0; var c1_28 = 0.0; var c1_29 = 0.0; var c1_30 = 0.0; var c1_31 = 0.0;
  var c2_0 = 0.0; var c2_1 = 0.0; var c2_2 = 0.0; var c2_3 = 0.0; var c2_4 = 0.0; var c2_5 = 0.0; var c2_6 = 0.0; var c2_7 = 0.0; var c2_8 = 0.0; var c2_9 = 0.0; var c2_10 = 0.0; var c2_11 = 0.0; var c2_12 = 0.0; var c2_13 = 0.0; var c2_14 = 0.0; var c2_15 = 0.0; var c2_16 = 0.0; var c2_17 = 0.0; var c2_18 = 0.0; var c2_19 = 0.0; var c2_20 = 0.0; var c2_21 = 0.0; var c2_22 = 0.0; var c2_23 = 0.0; var c2_24 = 0.0; var c2_25 = 0.0; var c2_26 = 0.0; var c2_27 = 0.0; var c2_28 = 0.0; var c2_29 = 0.0; var c2_30 = 0.0; var c2_31 = 0.0;
  var c3_0 = 0.0; var c3_1 = 0.0; var c3_2 = 0.0; var c3_3 = 0.0; var c3_4 = 0.0; var c3_5 = 0.0; var c3_6 = 0.0; var c3_7 = 0.0; var c3_8 = 0.0; var c3_9 = 0.0; var c3_10 = 0.0; var c3_11 = 0.0; var c3_12 = 0.0; var c3_13 = 0.0; var c3_14 = 0.0; var c3_15 = 0.0; var c3_16 = 0.0; var c3_17 = 0.0; var c3_18 = 0.0; var c3_19 = 0.0; var c3_20 = 0.0; var c3_21 = 0.0; var c3_22 = 0.0; var c3_23 = 0.0; var c3_24 = 0.0; var c3_25 = 0.0; var c3_26 = 0.0; var c3_27 = 0.0; var c3_28 = 0.0; var c3_29 = 0.0; var c3_30 = 0.0; var c3_31 = 0.0;
  var y = i32((mBeg % HW) / p.W);
  var x = i32(mBeg % p.W);
  for (var m = mBeg; m < mEnd; m = m + 1u) {
    let ok = !isBias && y + dy >= 0 && y + dy < Hi && x + dx >= 0 && x + dx < Wi;
    let a = p.offA + select(m, u32(i32(m) + shift), ok) * p.Cin;
    let x0 = select(one, A[a + k0], ok);
    let x1 = select(0.0, A[a + k1], ok);
    let x2 = select(0.0, A[a + k2], ok);
    let x3 = select(0.0, A[a + k3], ok);
    let g = p.offDy + m * p.Cout;
    {
      let v = Dy[g + n0];
      { let y = subgroupBroadcast(v, 0u); c0_0 = fma(x0, y, c0_0); c1_0 = fma(x1, y, c1_0); c2_0 = fma(x2, y, c2_0); c3_0 = fma(x3, y, c3_0); }
      { let y = subgroupBroadcast(v, 1u); c0_1 = fma(x0, y, c0_1); c1_1 = fma(x1, y, c1_1); c2_1 = fma(x2, y, c2_1); c3_1 = fma(x3, y, c3_1); }
      { let y = subgroupBroadcast(v, 2u); c0_2 = fma(x0, y, c0_2); c1_2 = fma(x1, y, c1_2); c2_2 = fma(x2, y, c2_2); c3_2 = fma(x3, y, c3_2); }
      { let y = subgroupBroadcast(v, 3u); c0_3 = fma(x0, y, c0_3); c1_3 = fma(x1, y, c1_3); c2_3 = fma(x2, y, c2_3); c3_3 = fma(x3, y, c3_3); }
      { let y = subgroupBroadcast(v, 4u); c0_4 = fma(x0, y, c0_4); c1_4 = fma(x1, y, c1_4); c2_4 = fma(x2, y, c2_4); c3_4 = fma(x3, y, c3_4); }
      { let y = subgroupBroadcast(v, 5u); c0_5 = fma(x0, y, c0_5); c1_5 = fma(x1, y, c1_5); c2_5 = fma(x2, y, c2_5); c3_5 = fma(x3, y, c3_5); }
      { let y = subgroupBroadcast(v, 6u); c0_6 = fma(x0, y, c0_6); c1_6 = fma(x1, y, c1_6); c2_6 = fma(x2, y, c2_6); c3_6 = fma(x3, y, c3_6); }
      { let y = subgroupBroadcast(v, 7u); c0_7 = fma(x0, y, c0_7); c1_7 = fma(x1, y, c1_7); c2_7 = fma(x2, y, c2_7); c3_7 = fma(x3, y, c3_7); }
    }
    if (NB > 1u) {
      let v = Dy[g + n1];
      { let y = subgroupBroadcast(v, 0u); c0_8 = fma(x0, y, c0_8); c1_8 = fma(x1, y, c1_8); c2_8 = fma(x2, y, c2_8); c3_8 = fma(x3, y, c3_8); }
      { let y = subgroupBroadcast(v, 1u); c0_9 = fma(x0, y, c0_9); c1_9 = fma(x1, y, c1_9); c2_9 = fma(x2, y, c2_9); c3_9 = fma(x3, y, c3_9); }
      { let y = subgroupBroadcast(v, 2u); c0_10 = fma(x0, y, c0_10); c1_10 = fma(x1, y, c1_10); c2_10 = fma(x2, y, c2_10); c3_10 = fma(x3, y, c3_10); }
      { let y = subgroupBroadcast(v, 3u); c0_11 = fma(x0, y, c0_11); c1_11 = fma(x1, y, c1_11); c2_11 = fma(x2, y, c2_11); c3_11 = fma(x3, y, c3_11); }
      { let y = subgroupBroadcast(v, 4u); c0_12 = fma(x0, y, c0_12); c1_12 = fma(x1, y, c1_12); c2_12 = fma(x2, y, c2_12); c3_12 = fma(x3, y, c3_12); }
      { let y = subgroupBroadcast(v, 5u); c0_13 = fma(x0, y, c0_13); c1_13 = fma(x1, y, c1_13); c2_13 = fma(x2, y, c2_13); c3_13 = fma(x3, y, c3_13); }
      { let y = subgroupBroadcast(v, 6u); c0_14 = fma(x0, y, c0_14); c1_14 = fma(x1, y, c1_14); c2_14 = fma(x2, y, c2_14); c3_14 = fma(x3, y, c3_14); }
      { let y = subgroupBroadcast(v, 7u); c0_15 = fma(x0, y, c0_15); c1_15 = fma(x1, y, c1_15); c2_15 = fma(x2, y, c2_15); c3_15 = fma(x3, y, c3_15); }
    }
    if (NB > 2u) {
      let v = Dy[g + n2];
      { let y = subgroupBroadcast(v, 0u); c0_16 = fma(x0, y, c0_16); c1_16 = fma(x1, y, c1_16); c2_16 = fma(x2, y, c2_16); c3_16 = fma(x3, y, c3_16); }
      { let y = subgroupBroadcast(v, 1u); c0_17 = fma(x0, y, c0_17); c1_17 = fma(x1, y, c1_17); c2_17 = fma(x2, y, c2_17); c3_17 = fma(x3, y, c3_17); }
      { let y = subgroupBroadcast(v, 2u); c0_18 = fma(x0, y, c0_18); c1_18 = fma(x1, y, c1_18); c2_18 = fma(x2, y, c2_18); c3_18 = fma(x3, y, c3_18); }
      { let y = subgroupBroadcast(v, 3u); c0_19 = fma(x0, y, c0_19); c1_19 = fma(x1, y, c1_19); c2_19 = fma(x2, y, c2_19); c3_19 = fma(x3, y, c3_19); }
      { let y = subgroupBroadcast(v, 4u); c0_20 = fma(x0, y, c0_20); c1_20 = fma(x1, y, c1_20); c2_20 = fma(x2, y, c2_20); c3_20 = fma(x3, y, c3_20); }
      { let y = subgroupBroadcast(v, 5u); c0_21 = fma(x0, y, c0_21); c1_21 = fma(x1, y, c1_21); c2_21 = fma(x2, y, c2_21); c3_21 = fma(x3, y, c3_21); }
      { let y = subgroupBroadcast(v, 6u); c0_22 = fma(x0, y, c0_22); c1_22 = fma(x1, y, c1_22); c2_22 = fma(x2, y, c2_22); c3_22 = fma(x3, y, c3_22); }
      { let y = subgroupBroadcast(v, 7u); c0_23 = fma(x0, y, c0_23); c1_23 = fma(x1, y, c1_23); c2_23 = fma(x2, y, c2_23); c3_23 = fma(x3, y, c3_23); }
    }
    if (NB > 3u) {
      let v = Dy[g + n3];
      { let y = subgroupBroadcast(v, 0u); c0_24 = fma(x0, y, c0_24); c1_24 = fma(x1, y, c1_24); c2_24 = fma(x2, y, c2_24); c3_24 = fma(x3, y, c3_24); }
      { let y = subgroupBroadcast(v, 1u); c0_25 = fma(x0, y, c0_25); c1_25 = fma(x1, y, c1_25); c2_25 = fma(x2, y, c2_25); c3_25 = fma(x3, y, c3_25); }
      { let y = subgroupBroadcast(v, 2u); c0_26 = fma(x0, y, c0_26); c1_26 = fma(x1, y, c1_26); c2_26 = fma(x2, y, c2_26); c3_26 = fma(x3, y, c3_26); }
      { let y = subgroupBroadcast(v, 3u); c0_27 = fma(x0, y, c0_27); c1_27 = fma(x1, y, c1_27); c2_27 = fma(x2, y, c2_27); c3_27 = fma(x3, y, c3_27); }
      { let y = subgroupBroadcast(v, 4u); c0_28 = fma(x0, y, c0_28); c1_28 = fma(x1, y, c1_28); c2_28 = fma(x2, y, c2_28); c3_28 = fma(x3, y, c3_28); }
      { let y = subgroupBroadcast(v, 5u); c0_29 = fma(x0, y, c0_29); c1_29 = fma(x1, y, c1_29); c2_29 = fma(x2, y, c2_29); c3_29 = fma(x3, y, c3_29); }
      { let y = subgroupBroadcast(v, 6u); c0_30 = fma(x0, y, c0_30); c1_30 = fma(x1, y, c1_30); c2_30 = fma(x2, y, c2_30); c3_30 = fma(x3, y, c3_30); }
      { let y = subgroupBroadcast(v, 7u); c0_31 = fma(x0, y, c0_31); c1_31 = fma(x1, y, c1_31); c2_31 = fma(x2, y, c2_31); c3_31 = fma(x3, y, c3_31); }
    }
    x = x + 1;
    if (x == Wi) {
      x = 0;
      y = y + 1;
      if (y == Hi) { y = 0; }
    }
  }
  let K = 9u * p.Cin + 1u;
  let n = min(p.Cout - min(c0, p.Cout), 8u * NB);
  if (live) { let o = p.offPart + (s * K + select(tap * p.Cin + ci0 + 0u, 9u * p.Cin, isBias)) * p.Cout + c0; if (0u < n) { part[o + 0u] = c0_0; } if (1u < n) { part[o + 1u] = c0_1; } if (2u < n) { part[o + 2u] = c0_2; } if (3u < n) { part[o + 3u] = c0_3; } if (4u < n) { part[o + 4u] = c0_4; } if (5u < n) { part[o + 5u] = c0_5; } if (6u < n) { part[o + 6u] = c0_6; } if (7u < n) { part[o + 7u] = c0_7; } if (8u < n) { part[o + 8u] = c0_8; } if (9u < n) { part[o + 9u] = c0_9; } if (10u < n) { part[o + 10u] = c0_10; } if (11u < n) { part[o + 11u] = c0_11; } if (12u < n) { part[o + 12u] = c0_12; } if (13u < n) { part[o + 13u] = c0_13; } if (14u < n) { part[o + 14u] = c0_14; } if (15u < n) { part[o + 15u] = c0_15; } if (16u < n) { part[o + 16u] = c0_16; } if (17u < n) { part[o + 17u] = c0_17; } if (18u < n) { part[o + 18u] = c0_18; } if (19u < n) { part[o + 19u] = c0_19; } if (20u < n) { part[o + 20u] = c0_20; } if (21u < n) { part[o + 21u] = c0_21; } if (22u < n) { part[o + 22u] = c0_22; } if (23u < n) { part[o + 23u] = c0_23; } if (24u < n) { part[o + 24u] = c0_24; } if (25u < n) { part[o + 25u] = c0_25; } if (26u < n) { part[o + 26u] = c0_26; } if (27u < n) { part[o + 27u] = c0_27; } if (28u < n) { part[o + 28u] = c0_28; } if (29u < n) { part[o + 29u] = c0_29; } if (30u < n) { part[o + 30u] = c0_30; } if (31u < n) { part[o + 31u] = c0_31; } }
  if (!isBias && ci0 + 1u < p.Cin) { let o = p.offPart + (s * K + select(tap * p.Cin + ci0 + 1u, 9u * p.Cin, isBias)) * p.Cout + c0; if (0u < n) { part[o + 0u] = c1_0; } if (1u < n) { part[o + 1u] = c1_1; } if (2u < n) { part[o + 2u] = c1_2; } if (3u < n) { part[o + 3u] = c1_3; } if (4u < n) { part[o + 4u] = c1_4; } if (5u < n) { part[o + 5u] = c1_5; } if (6u < n) { part[o + 6u] = c1_6; } if (7u < n) { part[o + 7u] = c1_7; } if (8u < n) { part[o + 8u] = c1_8; } if (9u < n) { part[o + 9u] = c1_9; } if (10u < n) { part[o + 10u] = c1_10; } if (11u < n) { part[o + 11u] = c1_11; } if (12u < n) { part[o + 12u] = c1_12; } if (13u < n) { part[o + 13u] = c1_13; } if (14u < n) { part[o + 14u] = c1_14; } if (15u < n) { part[o + 15u] = c1_15; } if (16u < n) { part[o + 16u] = c1_16; } if (17u < n) { part[o + 17u] = c1_17; } if (18u < n) { part[o + 18u] = c1_18; } if (19u < n) { part[o + 19u] = c1_19; } if (20u < n) { part[o + 20u] = c1_20; } if (21u < n) { part[o + 21u] = c1_21; } if (22u < n) { part[o + 22u] = c1_22; } if (23u < n) { part[o + 23u] = c1_23; } if (24u < n) { part[o + 24u] = c1_24; } if (25u < n) { part[o + 25u] = c1_25; } if (26u < n) { part[o + 26u] = c1_26; } if (27u < n) { part[o + 27u] = c1_27; } if (28u < n) { part[o + 28u] = c1_28; } if (29u < n) { part[o + 29u] = c1_29; } if (30u < n) { part[o + 30u] = c1_30; } if (31u < n) { part[o + 31u] = c1_31; } }
  if (!isBias && ci0 + 2u < p.Cin) { let o = p.offPart + (s * K + select(tap * p.Cin + ci0 + 2u, 9u * p.Cin, isBias)) * p.Cout + c0; if (0u < n) { part[o + 0u] = c2_0; } if (1u < n) { part[o + 1u] = c2_1; } if (2u < n) { part[o + 2u] = c2_2; } if (3u < n) { part[o + 3u] = c2_3; } if (4u < n) { part[o + 4u] = c2_4; } if (5u < n) { part[o + 5u] = c2_5; } if (6u < n) { part[o + 6u] = c2_6; } if (7u < n) { part[o + 7u] = c2_7; } if (8u < n) { part[o + 8u] = c2_8; } if (9u < n) { part[o + 9u] = c2_9; } if (10u < n) { part[o + 10u] = c2_10; } if (11u < n) { part[o + 11u] = c2_11; } if (12u < n) { part[o + 12u] = c2_12; } if (13u < n) { part[o + 13u] = c2_13; } if (14u < n) { part[o + 14u] = c2_14; } if (15u < n) { part[o + 15u] = c2_15; } if (16u < n) { part[o + 16u] = c2_16; } if (17u < n) { part[o + 17u] = c2_17; } if (18u < n) { part[o + 18u] = c2_18; } if (19u < n) { part[o + 19u] = c2_19; } if (20u < n) { part[o + 20u] = c2_20; } if (21u < n) { part[o + 21u] = c2_21; } if (22u < n) { part[o + 22u] = c2_22; } if (23u < n) { part[o + 23u] = c2_23; } if (24u < n) { part[o + 24u] = c2_24; } if (25u < n) { part[o + 25u] = c2_25; } if (26u < n) { part[o + 26u] = c2_26; } if (27u < n) { part[o + 27u] = c2_27; } if (28u < n) { part[o + 28u] = c2_28; } if (29u < n) { part[o + 29u] = c2_29; } if (30u < n) { part[o + 30u] = c2_30; } if (31u < n) { part[o + 31u] = c2_31; } }
  if (!isBias && ci0 + 3u < p.Cin) { let o = p.offPart + (s * K + select(tap * p.Cin + ci0 + 3u, 9u * p.Cin, isBias)) * p.Cout + c0; if (0u < n) { part[o + 0u] = c3_0; } if (1u < n) { part[o + 1u] = c3_1; } if (2u < n) { part[o + 2u] = c3_2; } if (3u < n) { part[o + 3u] = c3_3; } if (4u < n) { part[o + 4u] = c3_4; } if (5u < n) { part[o + 5u] = c3_5; } if (6u < n) { part[o + 6u] = c3_6; } if (7u < n) { part[o + 7u] = c3_7; } if (8u < n) { part[o + 8u] = c3_8; } if (9u < n) { part[o + 9u] = c3_9; } if (10u < n) { part[o + 10u] = c3_10; } if (11u < n) { part[o + 11u] = c3_11; } if (12u < n) { part[o + 12u] = c3_12; } if (13u < n) { part[o + 13u] = c3_13; } if (14u < n) { part[o + 14u] = c3_14; } if (15u < n) { part[o + 15u] = c3_15; } if (16u < n) { part[o + 16u] = c3_16; } if (17u < n) { part[o + 17u] = c3_17; } if (18u < n) { part[o + 18u] = c3_18; } if (19u < n) { part[o + 19u] = c3_19; } if (20u < n) { part[o + 20u] = c3_20; } if (21u < n) { part[o + 21u] = c3_21; } if (22u < n) { part[o + 22u] = c3_22; } if (23u < n) { part[o + 23u] = c3_23; } if (24u < n) { part[o + 24u] = c3_24; } if (25u < n) { part[o + 25u] = c3_25; } if (26u < n) { part[o + 26u] = c3_26; } if (27u < n) { part[o + 27u] = c3_27; } if (28u < n) { part[o + 28u] = c3_28; } if (29u < n) { part[o + 29u] = c3_29; } if (30u < n) { part[o + 30u] = c3_30; } if (31u < n) { part[o + 31u] = c3_31; } }
}
