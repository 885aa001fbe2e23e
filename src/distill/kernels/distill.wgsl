//!kernel distill_grad
// The generator's gradient on its own samples x0 (SPEC "Generator update"):
//   r = D_phi(x, sigma) - D_target(x, sigma),  g = w r,  dloss/dx0 = g
//   w = 1 / (mean_j |x0_j - D_target_j| + floor)   (DMD, dmd = 1)   or   w = 1   (Diff-Instruct)
// Also per row: the score mismatch ||r||^2 and the surrogate loss 0.5 ||g||^2.
@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = gid.x + gid.y * nwg.x * 64u;
  if (i >= p.B) { return; }
  var w = 1.0;
  if (p.dmd != 0u) {
    var a = 0.0;
    for (var j = 0u; j < p.d; j = j + 1u) { a = a + abs(x0[i * p.d + j] - Dt[i * p.d + j]); }
    w = 1.0 / (a / f32(p.d) + p.floor);
  }
  var m = 0.0;
  for (var j = 0u; j < p.d; j = j + 1u) {
    let e = i * p.d + j;
    let r = Dphi[e] - Dt[e];
    m = m + r * r;
    g[e] = w * r;
  }
  mismatch[i] = m;
  loss[i] = 0.5 * w * w * m;
}
