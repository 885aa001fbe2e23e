//!common
// EDM preconditioning (Karras et al. 2022), sd = sigma_data:
//   c_skip = sd^2 / (s^2 + sd^2), c_out = s sd / sqrt(s^2 + sd^2), c_in = 1 / sqrt(s^2 + sd^2)
//   c_noise = ln(s) / 4,  lambda = (s^2 + sd^2) / (s sd)^2
fn c_skip(s: f32, sd: f32) -> f32 { return sd * sd / (s * s + sd * sd); }
fn c_out(s: f32, sd: f32) -> f32 { return s * sd / sqrt(s * s + sd * sd); }
fn c_in(s: f32, sd: f32) -> f32 { return 1.0 / sqrt(s * s + sd * sd); }
fn lambda_w(s: f32, sd: f32) -> f32 { return (s * s + sd * sd) / ((s * sd) * (s * sd)); }

//!kernel edm_in
// xin = c_in(sigma_i) x;  cnoise_i = ln(sigma_i) / 4
@compute @workgroup_size(256)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let e = gid.x + gid.y * nwg.x * 256u;
  if (e >= p.B * p.d) { return; }
  let i = e / p.d;
  let s = sigma[p.offS + i];
  xin[e] = c_in(s, p.sd) * x[p.offX + e];
  if (e - i * p.d == 0u) { cnoise[i] = log(s) * 0.25; }
}

//!kernel edm_out
// D = c_skip x + c_out F
@compute @workgroup_size(256)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let e = gid.x + gid.y * nwg.x * 256u;
  if (e >= p.B * p.d) { return; }
  let s = sigma[p.offS + e / p.d];
  D[e] = c_skip(s, p.sd) * x[p.offX + e] + c_out(s, p.sd) * F[e];
}

//!kernel edm_out_bwd
// dF = c_out(sigma_i) dD   (x is an input, not differentiated here)
@compute @workgroup_size(256)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let e = gid.x + gid.y * nwg.x * 256u;
  if (e >= p.B * p.d) { return; }
  dF[e] = c_out(sigma[p.offS + e / p.d], p.sd) * dD[p.offDD + e];
}

//!kernel add_noise
// x = x0 + sigma_i eps
@compute @workgroup_size(256)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let e = gid.x + gid.y * nwg.x * 256u;
  if (e >= p.B * p.d) { return; }
  x[e] = x0[p.offX0 + e] + sigma[e / p.d] * eps[e];
}

//!kernel sigma_lognormal
// in place: sigma = clamp(exp(pMean + pStd n), lo, hi), n ~ N(0, 1) already in the buffer
@compute @workgroup_size(256)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = gid.x + gid.y * nwg.x * 256u;
  if (i >= p.B) { return; }
  sigma[i] = clamp(exp(p.pMean + p.pStd * sigma[i]), p.lo, p.hi);
}

//!kernel dsm_grad
// DSM loss rows[i] = lambda_i ||D_i - x0_i||^2 and its gradient w.r.t. the raw network
// output: dF = c_out * 2 lambda (D - x0) / B (the loss is the batch mean of rows).
@compute @workgroup_size(256)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = gid.x + gid.y * nwg.x * 256u;
  if (i >= p.B) { return; }
  let s = sigma[i];
  let lw = lambda_w(s, p.sd);
  let co = c_out(s, p.sd);
  var acc = 0.0;
  for (var j = 0u; j < p.d; j = j + 1u) {
    let e = i * p.d + j;
    let r = D[e] - x0[p.offX0 + e];
    acc = acc + r * r;
    dF[e] = co * 2.0 * lw * r / f32(p.B);
  }
  rows[i] = lw * acc;
}

//!kernel sampler_step
// One Euler step x' = x + h (x - D)/s, or (heun = 1) the Heun correction
// x' = x + h/2 ((x - D)/s + (x1 - D1)/s1) with x1, D1 at s1 = s + h.
@compute @workgroup_size(256)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let e = gid.x + gid.y * nwg.x * 256u;
  if (e >= p.n) { return; }
  let d0 = (x[e] - D[e]) / p.s;
  if (p.heun == 0u) {
    out[e] = x[e] + p.h * d0;
  } else {
    let d1 = (x1[e] - D1[e]) / p.s1;
    out[e] = x[e] + p.h * 0.5 * (d0 + d1);
  }
}

//!kernel guide_mix
// in place: D = clamp(Dg + w (D - Dg), cmin, cmax) on rows whose sigma is in [lo, hi]; the other rows keep D
@compute @workgroup_size(256)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let e = gid.x + gid.y * nwg.x * 256u;
  if (e >= p.B * p.d) { return; }
  let s = sigma[e / p.d];
  if (s >= p.lo && s <= p.hi) {
    let g = Dg[e];
    D[e] = clamp(g + p.w * (D[e] - g), p.cmin, p.cmax);
  }
}
