//!common
// 2x resampling of NHWC tensors. Down: 2x2 average pooling to Ho = ceil(H / 2),
// Wo = ceil(W / 2); a window cut by an odd edge averages the pixels it holds. Up: nearest
// neighbour to (Ho, Wo) with 2H - 1 <= Ho <= 2H (so it inverts the pooling's shape), out
// pixel (y, x) copies in pixel (y / 2, x / 2), plus an optional skip tensor of the output's
// shape (the U-Net's additive skip connection). Backward kernels are gathers over the
// destination (no atomics); every write can accumulate (beta). One thread per
// destination pixel, looping over the channels (no integer division per element).
fn win(i: u32, n: u32) -> u32 { return min(2u, n - 2u * i); }

//!kernel pool2_fwd
@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let t = gid.x + gid.y * nwg.x * 64u;
  let Ho = (p.H + 1u) / 2u;
  let Wo = (p.W + 1u) / 2u;
  if (t >= p.B * Ho * Wo) { return; }
  let xo = t % Wo;
  let yo = (t / Wo) % Ho;
  let b = t / (Wo * Ho);
  let wy = win(yo, p.H);
  let wx = win(xo, p.W);
  let inv = 1.0 / f32(wy * wx);
  let o0 = p.offOut + t * p.C;
  for (var c = 0u; c < p.C; c = c + 1u) {
    var s = 0.0;
    for (var i = 0u; i < wy; i = i + 1u) {
      for (var j = 0u; j < wx; j = j + 1u) {
        s = s + x[p.offX + ((b * p.H + 2u * yo + i) * p.W + 2u * xo + j) * p.C + c];
      }
    }
    var v = s * inv;
    if (p.beta != 0.0) { v = v + p.beta * out[o0 + c]; }
    out[o0 + c] = v;
  }
}

//!kernel pool2_bwd
// dx[b, y, x, c] = dout[b, y / 2, x / 2, c] / |window| + beta dx
@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let t = gid.x + gid.y * nwg.x * 64u;
  if (t >= p.B * p.H * p.W) { return; }
  let Ho = (p.H + 1u) / 2u;
  let Wo = (p.W + 1u) / 2u;
  let xx = t % p.W;
  let yy = (t / p.W) % p.H;
  let b = t / (p.W * p.H);
  let yo = yy / 2u;
  let xo = xx / 2u;
  let inv = 1.0 / f32(win(yo, p.H) * win(xo, p.W));
  let d0 = p.offDout + ((b * Ho + yo) * Wo + xo) * p.C;
  let o0 = p.offDx + t * p.C;
  for (var c = 0u; c < p.C; c = c + 1u) {
    var v = dout[d0 + c] * inv;
    if (p.beta != 0.0) { v = v + p.beta * dx[o0 + c]; }
    dx[o0 + c] = v;
  }
}

//!kernel up2_fwd
// out[b, y, x, c] = x[b, y / 2, x / 2, c] (+ skip[b, y, x, c]); H, W: the input's size
@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let t = gid.x + gid.y * nwg.x * 64u;
  if (t >= p.B * p.Ho * p.Wo) { return; }
  let xo = t % p.Wo;
  let yo = (t / p.Wo) % p.Ho;
  let b = t / (p.Wo * p.Ho);
  let x0 = p.offX + ((b * p.H + yo / 2u) * p.W + xo / 2u) * p.C;
  for (var c = 0u; c < p.C; c = c + 1u) {
    var v = x[x0 + c];
    if (p.hasSkip != 0u) { v = v + skip[p.offSkip + t * p.C + c]; }
    out[p.offOut + t * p.C + c] = v;
  }
}

//!kernel up2_bwd
// dx[b, y, x, c] = sum of dout over the output pixels (2y + i, 2x + j) inside (Ho, Wo) + beta dx
@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let t = gid.x + gid.y * nwg.x * 64u;
  if (t >= p.B * p.H * p.W) { return; }
  let xx = t % p.W;
  let yy = (t / p.W) % p.H;
  let b = t / (p.W * p.H);
  let wy = win(yy, p.Ho);
  let wx = win(xx, p.Wo);
  for (var c = 0u; c < p.C; c = c + 1u) {
    var s = 0.0;
    for (var i = 0u; i < wy; i = i + 1u) {
      for (var j = 0u; j < wx; j = j + 1u) {
        s = s + dout[p.offDout + ((b * p.Ho + 2u * yy + i) * p.Wo + 2u * xx + j) * p.C + c];
      }
    }
    var v = s;
    if (p.beta != 0.0) { v = v + p.beta * dx[p.offDx + t * p.C + c]; }
    dx[p.offDx + t * p.C + c] = v;
  }
}
