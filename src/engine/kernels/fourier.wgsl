//!common
// Sinusoidal embedding of a per-row scalar c (the noise level c_noise), concatenated to
// the row's input: out[i] = [x[i, 0..d), cos(2 pi f_k c_i), sin(2 pi f_k c_i)].
// F log-spaced frequencies f_k = fmin * ratio^k, ratio = (fmax / fmin)^(1 / (F - 1)) from
// the host, built by repeated f32 multiplication (no pow: the CPU twin reproduces f_k bit
// for bit), and the phase t = f_k c in turns is one f32 product, so the twin sees the same
// t and only the trig functions below can differ from it.
const TAU: f32 = 6.283185307179586;
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

//!kernel fourier_fwd
// One invocation per row: the row's c is loaded once and the frequencies are built by the
// same repeated products as fourierFreq32 (bit for bit), instead of one invocation per output
// (measured 2x faster on lavapipe, where every load is a per-lane load).
@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = gid.x + gid.y * nwg.x * 64u;
  if (i >= p.B) { return; }
  let w = p.d + 2u * p.F;
  let o = p.offOut + i * w;
  for (var j = 0u; j < p.d; j = j + 1u) { out[o + j] = x[p.offX + i * p.d + j]; }
  let ci = c[p.offC + i];
  var f = p.fmin;
  for (var k = 0u; k < p.F; k = k + 1u) {
    let sc = sincos_turns(f * ci);
    out[o + p.d + k] = sc.y;
    out[o + p.d + p.F + k] = sc.x;
    f = f * p.ratio;
  }
}

//!kernel fourier_bwd
// dx[i, j] = dout[i, j] for j < d; dc[i] = sum_k 2 pi f_k (-sin * dcos + cos * dsin).
@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = gid.x + gid.y * nwg.x * 64u;
  if (i >= p.B) { return; }
  let w = p.d + 2u * p.F;
  for (var j = 0u; j < p.d; j = j + 1u) { dx[p.offDx + i * p.d + j] = dout[i * w + j]; }
  let ci = c[p.offC + i];
  var g = 0.0;
  var f = p.fmin;
  for (var k = 0u; k < p.F; k = k + 1u) {
    let sc = sincos_turns(f * ci);
    g = g + (TAU * f) * (-sc.x * dout[i * w + p.d + k] + sc.y * dout[i * w + p.d + p.F + k]);
    f = f * p.ratio;
  }
  dc[p.offDc + i] = g;
}
