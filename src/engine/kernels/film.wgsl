//!common
// FiLM: a per-sample, per-channel scale and shift of an NHWC tensor, the U-Net's noise level
// as a scale (docs/mnist.md, "Conditioning as a scale"): out = act(x (1 + s) + t), with s and
// t read from the embedding output m: s[b, c] = m[offM + b sM + c], t[b, c] = m[... + C + c].
// act 0: identity, 1: SiLU. The backward is one thread per (b, c): it walks the pixels once,
// writing dx (beta accumulates) and summing ds, dt into dm, which has m's layout (no atomics,
// a fixed order).
fn sigm(v: f32) -> f32 { return 1.0 / (1.0 + exp(-v)); }
fn act_grad(v: f32, code: u32) -> f32 {
  if (code == 1u) { let s = sigm(v); return s * (1.0 + v * (1.0 - s)); }
  return 1.0;
}

//!kernel film_fwd
// one thread per (b, pixel), looping over the channels
@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let t = gid.x + gid.y * nwg.x * 64u;
  if (t >= p.B * p.HW) { return; }
  let m0 = p.offM + (t / p.HW) * p.sM;
  for (var c = 0u; c < p.C; c = c + 1u) {
    let u = x[p.offX + t * p.C + c] * (1.0 + m[m0 + c]) + m[m0 + p.C + c];
    var v = u;
    if (p.act == 1u) { v = u * sigm(u); }
    out[p.offOut + t * p.C + c] = v;
  }
}

//!kernel film_bwd
// g = dout act'(u); dx = g (1 + s) (+ beta dx); dm[s] = sum over pixels of g x, dm[t] = sum of g
@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let t = gid.x + gid.y * nwg.x * 64u;
  if (t >= p.B * p.C) { return; }
  let c = t % p.C;
  let b = t / p.C;
  let m0 = p.offM + b * p.sM;
  let sc = 1.0 + m[m0 + c];
  let sh = m[m0 + p.C + c];
  var ds = 0.0;
  var dt = 0.0;
  for (var q = 0u; q < p.HW; q = q + 1u) {
    let i = (b * p.HW + q) * p.C + c;
    let xv = x[p.offX + i];
    let g = dout[p.offDout + i] * act_grad(xv * sc + sh, p.act);
    ds = ds + g * xv;
    dt = dt + g;
    var v = g * sc;
    if (p.beta != 0.0) { v = v + p.beta * dx[p.offDx + i]; }
    dx[p.offDx + i] = v;
  }
  dm[m0 + c] = ds;
  dm[m0 + p.C + c] = dt;
}
