//!common
// Group normalisation on NHWC tensors x[b, q, c] (q a pixel of HW), G groups of Cg = C / G
// consecutive channels: xh = (x - mean_bg) * rstd_bg over the HW Cg values of (b, g), then
// y = act(xh * gamma[c] + beta[c]). gamma[C] and beta[C] are consecutive in the parameter
// buffer P at offG, so their gradients are one [2C] block too. act 0: identity, 1: SiLU
// (fused: the backward recomputes the pre-activation from x and the saved statistics).
fn sigm(v: f32) -> f32 { return 1.0 / (1.0 + exp(-v)); }
fn act_grad(v: f32, code: u32) -> f32 {
  if (code == 1u) { let s = sigm(v); return s * (1.0 + v * (1.0 - s)); }
  return 1.0;
}

//!kernel gn_stats
// stats[offS + 2 (b G + g)] = mean, [.. + 1] = 1 / sqrt(var + eps); two passes (mean, then
// squared deviations) so large means do not cancel. One thread per (b, g).
@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let t = gid.x + gid.y * nwg.x * 64u;
  if (t >= p.B * p.G) { return; }
  let b = t / p.G;
  let g = t % p.G;
  let Cg = p.C / p.G;
  let x0 = p.offX + b * p.HW * p.C + g * Cg;
  var s = 0.0;
  for (var q = 0u; q < p.HW; q = q + 1u) {
    for (var j = 0u; j < Cg; j = j + 1u) { s = s + x[x0 + q * p.C + j]; }
  }
  let n = f32(p.HW * Cg);
  let mean = s / n;
  var v = 0.0;
  for (var q = 0u; q < p.HW; q = q + 1u) {
    for (var j = 0u; j < Cg; j = j + 1u) { let d = x[x0 + q * p.C + j] - mean; v = v + d * d; }
  }
  stats[p.offS + 2u * t] = mean;
  stats[p.offS + 2u * t + 1u] = 1.0 / sqrt(v / n + p.eps);
}

//!kernel gn_stats_wg
// The same statistics for GPUs, where one thread per (b, g) looping over HW Cg values (784 x 2
// for the teacher's first level) leaves the device idle: one workgroup of 64 per (b, g), each
// invocation summing every 64th value, then a tree over the 64 partial sums in a fixed order
// (deterministic), once for the mean and once for the squared deviations.
var<workgroup> red: array<f32, 64>;
fn wg_sum(v: f32, li: u32) -> f32 {
  red[li] = v;
  workgroupBarrier();
  for (var w = 32u; w > 0u; w = w >> 1u) {
    if (li < w) { red[li] = red[li] + red[li + w]; }
    workgroupBarrier();
  }
  let s = red[0];
  workgroupBarrier();
  return s;
}
@compute @workgroup_size(64)
fn main(@builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(local_invocation_index) li: u32) {
  let t = wg.x + wg.y * nwg.x;
  if (t >= p.B * p.G) { return; }
  let b = t / p.G;
  let g = t % p.G;
  let Cg = p.C / p.G;
  let x0 = p.offX + b * p.HW * p.C + g * Cg;
  let n = p.HW * Cg;
  var s = 0.0;
  for (var i = li; i < n; i = i + 64u) { s = s + x[x0 + (i / Cg) * p.C + i % Cg]; }
  let mean = wg_sum(s, li) / f32(n);
  var v = 0.0;
  for (var i = li; i < n; i = i + 64u) { let d = x[x0 + (i / Cg) * p.C + i % Cg] - mean; v = v + d * d; }
  let var_ = wg_sum(v, li) / f32(n);
  if (li == 0u) {
    stats[p.offS + 2u * t] = mean;
    stats[p.offS + 2u * t + 1u] = 1.0 / sqrt(var_ + p.eps);
  }
}

//!kernel gn_apply
// One thread per pixel (b, q), looping over its channels group by group: no integer
// division per element (software adapters scalarise vector division).
@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let t = gid.x + gid.y * nwg.x * 64u;
  if (t >= p.B * p.HW) { return; }
  let b = t / p.HW;
  let Cg = p.C / p.G;
  let x0 = p.offX + t * p.C;
  let o0 = p.offOut + t * p.C;
  for (var g = 0u; g < p.G; g = g + 1u) {
    let sg = p.offS + 2u * (b * p.G + g);
    let mean = stats[sg];
    let rstd = stats[sg + 1u];
    for (var c = g * Cg; c < g * Cg + Cg; c = c + 1u) {
      let v = (x[x0 + c] - mean) * rstd * P[p.offG + c] + P[p.offG + p.C + c];
      var y = v;
      if (p.act == 1u) { y = v * sigm(v); }
      out[o0 + c] = y;
    }
  }
}

//!kernel gn_bwd_chan
// Per (b, c): sums[offSum + b 2C + c] = sum_q gy xh, sums[.. + C + c] = sum_q gy, with gy
// the gradient at the normalised-and-scaled value (dout times act'). A column sum of sums
// over b gives [dgamma, dbeta]; the group sums for dx follow from them too.
@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let t = gid.x + gid.y * nwg.x * 64u;
  if (t >= p.B * p.C) { return; }
  let b = t / p.C;
  let c = t % p.C;
  let sg = p.offS + 2u * (b * p.G + c / (p.C / p.G));
  let mean = stats[sg];
  let rstd = stats[sg + 1u];
  let ga = P[p.offG + c];
  let be = P[p.offG + p.C + c];
  var s1 = 0.0;
  var s0 = 0.0;
  for (var q = 0u; q < p.HW; q = q + 1u) {
    let e = (b * p.HW + q) * p.C + c;
    let xh = (x[p.offX + e] - mean) * rstd;
    let gy = dout[p.offDout + e] * act_grad(xh * ga + be, p.act);
    s0 = s0 + gy * xh;
    s1 = s1 + gy;
  }
  sums[p.offSum + b * 2u * p.C + c] = s0;
  sums[p.offSum + b * 2u * p.C + p.C + c] = s1;
}

//!kernel gn_bwd_dx
// dx = rstd (gy gamma - mean_g(gy gamma) - xh mean_g(gy gamma xh)) + beta dx; one thread
// per pixel, the group means formed from the per-channel sums of gn_bwd_chan.
@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let t = gid.x + gid.y * nwg.x * 64u;
  if (t >= p.B * p.HW) { return; }
  let b = t / p.HW;
  let Cg = p.C / p.G;
  let n = f32(p.HW * Cg);
  let sb = p.offSum + b * 2u * p.C;
  for (var g = 0u; g < p.G; g = g + 1u) {
    let sg = p.offS + 2u * (b * p.G + g);
    let mean = stats[sg];
    let rstd = stats[sg + 1u];
    var m0 = 0.0;
    var m1 = 0.0;
    for (var c = g * Cg; c < g * Cg + Cg; c = c + 1u) {
      let gc = P[p.offG + c];
      m0 = m0 + gc * sums[sb + c];
      m1 = m1 + gc * sums[sb + p.C + c];
    }
    m0 = m0 / n;
    m1 = m1 / n;
    for (var c = g * Cg; c < g * Cg + Cg; c = c + 1u) {
      let e = t * p.C + c;
      let ga = P[p.offG + c];
      let xh = (x[p.offX + e] - mean) * rstd;
      let gy = dout[p.offDout + e] * act_grad(xh * ga + P[p.offG + p.C + c], p.act);
      var v = rstd * (gy * ga - m1 - xh * m0);
      if (p.beta != 0.0) { v = v + p.beta * dx[p.offDx + e]; }
      dx[p.offDx + e] = v;
    }
  }
}
