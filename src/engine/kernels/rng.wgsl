//!common
// Philox4x32-10, a counter-based generator: the 4-word block at counter (ctr + t, hi,
// stream, 0) under key (seed0, seed1) is a pure function, so thread t can draw its own
// numbers with no state and the CPU twin reproduces the stream bit for bit.
fn mulhilo(a: u32, b: u32) -> vec2<u32> {
  let al = a & 0xffffu; let ah = a >> 16u;
  let bl = b & 0xffffu; let bh = b >> 16u;
  let ll = al * bl; let lh = al * bh; let hl = ah * bl; let hh = ah * bh;
  let mid = (ll >> 16u) + (lh & 0xffffu) + (hl & 0xffffu);
  let hi = hh + (lh >> 16u) + (hl >> 16u) + (mid >> 16u);
  return vec2<u32>(hi, a * b);
}
fn philox(c_in: vec4<u32>, k_in: vec2<u32>) -> vec4<u32> {
  var c = c_in;
  var k = k_in;
  for (var r = 0u; r < 10u; r = r + 1u) {
    let p0 = mulhilo(0xD2511F53u, c.x);
    let p1 = mulhilo(0xCD9E8D57u, c.z);
    c = vec4<u32>(p1.x ^ c.y ^ k.x, p1.y, p0.x ^ c.w ^ k.y, p0.y);
    k = k + vec2<u32>(0x9E3779B9u, 0xBB67AE85u);
  }
  return c;
}
// Uniform in (0, 1) on the 2^23 midpoints (k + 0.5) / 2^23: every step is exact in f32,
// so the value is never 0 (log() is safe) nor 1. (A 24-bit version, (w >> 8 + 0.5) / 2^24,
// needs 25 significant bits and rounds to exactly 1.0 for the top word.)
fn to_unit(w: u32) -> f32 { return (f32(w >> 9u) + 0.5) * (1.0 / 8388608.0); }
// sin and cos of 2 pi u (u in turns), to a few ulp on every adapter: WGSL only promises
// 2^-11 absolute for the builtins and SwiftShader is ~1e-4 off. Quadrant q = round(4u);
// r = u - q/4 in [-1/8, 1/8] is exact (Sterbenz), then Taylor polynomials on |x| <= pi/4
// (truncation < 2e-9).
fn sincos_turns(u: f32) -> vec2<f32> {
  let q = round(4.0 * u);
  let x = 6.283185307179586 * (u - 0.25 * q);
  let x2 = x * x;
  let s = x * (1.0 + x2 * (-1.0 / 6.0 + x2 * (1.0 / 120.0 + x2 * (-1.0 / 5040.0 + x2 * (1.0 / 362880.0)))));
  let c = 1.0 + x2 * (-0.5 + x2 * (1.0 / 24.0 + x2 * (-1.0 / 720.0 + x2 * (1.0 / 40320.0 + x2 * (-1.0 / 3628800.0)))));
  let k = i32(q) & 3;
  if (k == 0) { return vec2<f32>(s, c); }
  if (k == 1) { return vec2<f32>(c, -s); }
  if (k == 2) { return vec2<f32>(-s, -c); }
  return vec2<f32>(-c, s);
}
// ln(u) for u in (0, 1), to a few ulp of the result also near u = 1, where the builtin
// may be off by 2^-21 absolute (sqrt(-2 ln u) would then be off by up to 1e-3):
// u = m 2^e with m in [sqrt(1/2), sqrt(2)), ln m = 2 atanh(s), s = (m - 1) / (m + 1).
fn ln_unit(u: f32) -> f32 {
  let bits = bitcast<u32>(u);
  var e = i32(bits >> 23u) - 127;
  var m = bitcast<f32>((bits & 0x7fffffu) | 0x3f800000u);
  if (m > 1.4142135) { m = 0.5 * m; e = e + 1; }
  let s = (m - 1.0) / (m + 1.0);
  let s2 = s * s;
  return f32(e) * 0.6931471805599453 + 2.0 * s * (1.0 + s2 * (1.0 / 3.0 + s2 * (1.0 / 5.0 + s2 * (1.0 / 7.0 + s2 * (1.0 / 9.0)))));
}
fn block(t: u32) -> vec4<u32> {
  let lo = p.ctrLo + t;
  let carry = select(0u, 1u, lo < p.ctrLo);
  return philox(vec4<u32>(lo, p.ctrHi + carry, p.stream, 0u), vec2<u32>(p.seed0, p.seed1));
}

//!kernel rng_uniform
// out[off + 4t + j] = lo + (hi - lo) * U_j(t)
@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let t = gid.x + gid.y * nwg.x * 64u;
  if (4u * t >= p.n) { return; }
  let w = block(t);
  for (var j = 0u; j < 4u; j = j + 1u) {
    if (4u * t + j < p.n) { out[p.offOut + 4u * t + j] = p.a + p.b * to_unit(w[j]); }
  }
}

//!kernel rng_normal
// Box-Muller on pairs of the block: out = a + b * N(0, 1)
@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let t = gid.x + gid.y * nwg.x * 64u;
  if (4u * t >= p.n) { return; }
  let w = block(t);
  let r0 = sqrt(-2.0 * ln_unit(to_unit(w.x)));
  let r1 = sqrt(-2.0 * ln_unit(to_unit(w.z)));
  let sc0 = sincos_turns(to_unit(w.y));
  let sc1 = sincos_turns(to_unit(w.w));
  let v = vec4<f32>(r0 * sc0.y, r0 * sc0.x, r1 * sc1.y, r1 * sc1.x);
  for (var j = 0u; j < 4u; j = j + 1u) {
    if (4u * t + j < p.n) { out[p.offOut + 4u * t + j] = p.a + p.b * v[j]; }
  }
}
