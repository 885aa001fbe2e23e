//!common
// 2x resampling of NHWC tensors. Down: 2x2 average pooling to Ho = ceil(H / 2),
// Wo = ceil(W / 2); a window cut by an odd edge averages the pixels it holds. Up: nearest
// neighbour to (Ho, Wo) with 2H - 1 <= Ho <= 2H (so it inverts the pooling's shape), out
// pixel (y, x) copies in pixel (y / 2, x / 2), plus an optional skip tensor of the output's
// shape (the U-Net's additive skip connection). Backward kernels are gathers over the
// destination (no atomics); every write can accumulate (beta).
fn win(i: u32, n: u32) -> u32 { return min(2u, n - 2u * i); }

//!kernel pool2_fwd
@compute @workgroup_size(256)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let e = gid.x + gid.y * nwg.x * 256u;
  let Ho = (p.H + 1u) / 2u;
  let Wo = (p.W + 1u) / 2u;
  if (e >= p.B * Ho * Wo * p.C) { return; }
  let c = e % p.C;
  let q = e / p.C;
  let xo = q % Wo;
  let yo = (q / Wo) % Ho;
  let b = q / (Wo * Ho);
  let wy = win(yo, p.H);
  let wx = win(xo, p.W);
  var s = 0.0;
  for (var i = 0u; i < wy; i = i + 1u) {
    for (var j = 0u; j < wx; j = j + 1u) {
      s = s + x[p.offX + ((b * p.H + 2u * yo + i) * p.W + 2u * xo + j) * p.C + c];
    }
  }
  var v = s / f32(wy * wx);
  if (p.beta != 0.0) { v = v + p.beta * out[p.offOut + e]; }
  out[p.offOut + e] = v;
}

//!kernel pool2_bwd
// dx[b, y, x, c] = dout[b, y / 2, x / 2, c] / |window| + beta dx
@compute @workgroup_size(256)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let e = gid.x + gid.y * nwg.x * 256u;
  if (e >= p.B * p.H * p.W * p.C) { return; }
  let Ho = (p.H + 1u) / 2u;
  let Wo = (p.W + 1u) / 2u;
  let c = e % p.C;
  let q = e / p.C;
  let xx = q % p.W;
  let yy = (q / p.W) % p.H;
  let b = q / (p.W * p.H);
  let yo = yy / 2u;
  let xo = xx / 2u;
  var v = dout[p.offDout + ((b * Ho + yo) * Wo + xo) * p.C + c] / f32(win(yo, p.H) * win(xo, p.W));
  if (p.beta != 0.0) { v = v + p.beta * dx[p.offDx + e]; }
  dx[p.offDx + e] = v;
}

//!kernel up2_fwd
// out[b, y, x, c] = x[b, y / 2, x / 2, c] (+ skip[b, y, x, c]); H, W: the input's size
@compute @workgroup_size(256)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let e = gid.x + gid.y * nwg.x * 256u;
  if (e >= p.B * p.Ho * p.Wo * p.C) { return; }
  let c = e % p.C;
  let q = e / p.C;
  let xo = q % p.Wo;
  let yo = (q / p.Wo) % p.Ho;
  let b = q / (p.Wo * p.Ho);
  var v = x[p.offX + ((b * p.H + yo / 2u) * p.W + xo / 2u) * p.C + c];
  if (p.hasSkip != 0u) { v = v + skip[p.offSkip + e]; }
  out[p.offOut + e] = v;
}

//!kernel up2_bwd
// dx[b, y, x, c] = sum of dout over the output pixels (2y + i, 2x + j) inside (Ho, Wo) + beta dx
@compute @workgroup_size(256)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let e = gid.x + gid.y * nwg.x * 256u;
  if (e >= p.B * p.H * p.W * p.C) { return; }
  let c = e % p.C;
  let q = e / p.C;
  let xx = q % p.W;
  let yy = (q / p.W) % p.H;
  let b = q / (p.W * p.H);
  var s = 0.0;
  for (var i = 0u; i < win(yy, p.Ho); i = i + 1u) {
    for (var j = 0u; j < win(xx, p.Wo); j = j + 1u) {
      s = s + dout[p.offDout + ((b * p.Ho + 2u * yy + i) * p.Wo + 2u * xx + j) * p.C + c];
    }
  }
  var v = s;
  if (p.beta != 0.0) { v = v + p.beta * dx[p.offDx + e]; }
  dx[p.offDx + e] = v;
}
