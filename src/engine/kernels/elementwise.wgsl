//!kernel ew_binary
// out = a (op) b elementwise; op 0: add, 1: sub, 2: mul.
@compute @workgroup_size(256)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = gid.x + gid.y * nwg.x * 256u;
  if (i >= p.n) { return; }
  let u = a[p.offA + i];
  let v = b[p.offB + i];
  var r = u + v;
  if (p.op == 1u) { r = u - v; } else if (p.op == 2u) { r = u * v; }
  out[p.offOut + i] = r;
}

//!kernel ew_axpby
// y = alpha * x + beta * y (axpy, scaled copy, EMA of parameters).
@compute @workgroup_size(256)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = gid.x + gid.y * nwg.x * 256u;
  if (i >= p.n) { return; }
  var v = p.alpha * x[p.offX + i];
  if (p.beta != 0.0) { v = v + p.beta * y[p.offY + i]; }
  y[p.offY + i] = v;
}

//!kernel ew_affine_inplace
// y = alpha * y + c (in-place scale, fill).
@compute @workgroup_size(256)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = gid.x + gid.y * nwg.x * 256u;
  if (i >= p.n) { return; }
  var v = p.c;
  if (p.alpha != 0.0) { v = v + p.alpha * y[p.offY + i]; }
  y[p.offY + i] = v;
}

//!kernel gather_rows
// out[i, :] = src[row(i), :] with row(i) = min(floor(u[i] * rows), rows - 1): a random
// minibatch from a data pool that lives on the device, driven by a uniform stream.
@compute @workgroup_size(256)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = gid.x + gid.y * nwg.x * 256u;
  if (i >= p.n * p.cols) { return; }
  let r = i / p.cols;
  let c = i - r * p.cols;
  let src_row = min(u32(floor(u[p.offU + r] * f32(p.rows))), p.rows - 1u);
  out[p.offOut + i] = src[src_row * p.cols + c];
}
