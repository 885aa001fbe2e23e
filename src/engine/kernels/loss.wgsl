//!kernel wmse_rows
// rows[i] = w_i * sum_j (y[i, j] - t[i, j])^2, w_i = 1 when hasW = 0.
@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = gid.x + gid.y * nwg.x * 64u;
  if (i >= p.B) { return; }
  var s = 0.0;
  for (var j = 0u; j < p.d; j = j + 1u) {
    let e = y[p.offY + i * p.d + j] - t[p.offT + i * p.d + j];
    s = s + e * e;
  }
  var wi = 1.0;
  if (p.hasW != 0u) { wi = w[p.offW + i]; }
  rows[p.offRows + i] = wi * s;
}

//!kernel wmse_grad
// Gradient of loss = scale * mean_i rows[i]:  dy[i, j] = 2 scale w_i (y - t) / B.
@compute @workgroup_size(256)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let e = gid.x + gid.y * nwg.x * 256u;
  if (e >= p.B * p.d) { return; }
  let i = e / p.d;
  var wi = 1.0;
  if (p.hasW != 0u) { wi = w[p.offW + i]; }
  dy[p.offDy + e] = 2.0 * p.scale * wi * (y[p.offY + e] - t[p.offT + e]) / f32(p.B);
}
