//!common
// Elementwise activations. code 0: identity, 1: SiLU x*sigmoid(x), 2: ReLU.
fn sigmoid(v: f32) -> f32 { return 1.0 / (1.0 + exp(-v)); }

//!kernel act_fwd
@compute @workgroup_size(256)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = gid.x + gid.y * nwg.x * 256u;
  if (i >= p.n) { return; }
  let v = x[p.offX + i];
  var y = v;
  if (p.act == 1u) { y = v * sigmoid(v); } else if (p.act == 2u) { y = max(v, 0.0); }
  out[p.offOut + i] = y;
}

//!kernel act_bwd
// dx = dy * act'(pre), with pre the pre-activation saved by the forward pass.
@compute @workgroup_size(256)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = gid.x + gid.y * nwg.x * 256u;
  if (i >= p.n) { return; }
  let v = pre[p.offPre + i];
  var d = 1.0;
  if (p.act == 1u) { let s = sigmoid(v); d = s * (1.0 + v * (1.0 - s)); }
  else if (p.act == 2u) { d = select(0.0, 1.0, v > 0.0); }
  dx[p.offDx + i] = dy[p.offDy + i] * d;
}
