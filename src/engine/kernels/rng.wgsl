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
// 24-bit uniform in (0, 1): never 0, so log() is safe.
fn to_unit(w: u32) -> f32 { return (f32(w >> 8u) + 0.5) * (1.0 / 16777216.0); }
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
  let r0 = sqrt(-2.0 * log(to_unit(w.x)));
  let r1 = sqrt(-2.0 * log(to_unit(w.z)));
  let a0 = 6.283185307179586 * to_unit(w.y);
  let a1 = 6.283185307179586 * to_unit(w.w);
  let v = vec4<f32>(r0 * cos(a0), r0 * sin(a0), r1 * cos(a1), r1 * sin(a1));
  for (var j = 0u; j < 4u; j = j + 1u) {
    if (4u * t + j < p.n) { out[p.offOut + 4u * t + j] = p.a + p.b * v[j]; }
  }
}
