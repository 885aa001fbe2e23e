//!common
// Sinusoidal embedding of a per-row scalar c (the noise level c_noise), concatenated to
// the row's input: out[i] = [x[i, 0..d), cos(2 pi f_k c_i), sin(2 pi f_k c_i)] with F
// log-spaced frequencies f_k = fmin * (fmax / fmin)^(k / (F - 1)).
const TAU: f32 = 6.283185307179586;
fn freq(k: u32) -> f32 {
  if (p.F <= 1u) { return p.fmin; }
  return p.fmin * pow(p.fmax / p.fmin, f32(k) / f32(p.F - 1u));
}

//!kernel fourier_fwd
@compute @workgroup_size(256)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let w = p.d + 2u * p.F;
  let t = gid.x + gid.y * nwg.x * 256u;
  if (t >= p.B * w) { return; }
  let i = t / w;
  let j = t - i * w;
  var v = 0.0;
  if (j < p.d) {
    v = x[p.offX + i * p.d + j];
  } else if (j < p.d + p.F) {
    v = cos(TAU * freq(j - p.d) * c[p.offC + i]);
  } else {
    v = sin(TAU * freq(j - p.d - p.F) * c[p.offC + i]);
  }
  out[p.offOut + t] = v;
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
  for (var k = 0u; k < p.F; k = k + 1u) {
    let a = TAU * freq(k);
    g = g + a * (-sin(a * ci) * dout[i * w + p.d + k] + cos(a * ci) * dout[i * w + p.d + p.F + k]);
  }
  dc[p.offDc + i] = g;
}
