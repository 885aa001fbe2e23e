//!common
// 3x3 convolution, stride 1, zero padding 1, on NHWC tensors: x[b, y, x, c] at
// ((b * H + y) * W + x) * C + c. Weights of one convolution are one flat block
// Wt[tap, ci, co] (tap = ky * 3 + kx) followed by the bias[co], so the weight and bias
// gradients are a single [(9 Cin + 1), Cout] block as well.
//
// conv3x3 is an implicit GEMM: rows are output pixels (M = B H W), columns output
// channels, K = 9 x input channels. Each thread owns 4 pixels x 4 channels (register
// blocking, as matmul.wgsl). The same kernel computes the input gradient: with flip = 1
// the neighbour offsets are negated and the weight strides swapped (sWc = 1, sWn = Cout of
// the forward conv), i.e. the transposed convolution dx = conv(dy, flip(W)^T).

//!kernel conv3x3
@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let t = gid.x + gid.y * nwg.x * 64u;
  let nbN = (p.Cout + 3u) / 4u;
  let HW = p.H * p.W;
  let M = p.B * HW;
  let m0 = (t / nbN) * 4u;
  let n0 = (t % nbN) * 4u;
  if (m0 >= M) { return; }
  var py: array<i32, 4>;
  var px: array<i32, 4>;
  var pm: array<u32, 4>;
  for (var i = 0u; i < 4u; i = i + 1u) {
    let m = min(m0 + i, M - 1u);
    let r = m % HW;
    pm[i] = m;
    py[i] = i32(r / p.W);
    px[i] = i32(r % p.W);
  }
  let nLast = p.Cout - 1u;
  let wn = vec4<u32>(min(n0, nLast), min(n0 + 1u, nLast), min(n0 + 2u, nLast), min(n0 + 3u, nLast)) * p.sWn;
  var acc0 = vec4<f32>(0.0);
  var acc1 = vec4<f32>(0.0);
  var acc2 = vec4<f32>(0.0);
  var acc3 = vec4<f32>(0.0);
  let sgn = select(1, -1, p.flip != 0u);
  for (var tap = 0u; tap < 9u; tap = tap + 1u) {
    let dy = sgn * (i32(tap / 3u) - 1);
    let dx = sgn * (i32(tap % 3u) - 1);
    let shift = dy * i32(p.W) + dx;
    var base: array<u32, 4>;
    var ok: array<bool, 4>;
    for (var i = 0u; i < 4u; i = i + 1u) {
      let yy = py[i] + dy;
      let xx = px[i] + dx;
      ok[i] = yy >= 0 && yy < i32(p.H) && xx >= 0 && xx < i32(p.W);
      base[i] = p.offA + select(0u, u32(i32(pm[i]) + shift) * p.Cin, ok[i]);
    }
    let wt = p.offW + tap * p.sWt;
    for (var c = 0u; c < p.Cin; c = c + 1u) {
      let wc = wt + c * p.sWc;
      let w = vec4<f32>(Wt[wc + wn.x], Wt[wc + wn.y], Wt[wc + wn.z], Wt[wc + wn.w]);
      acc0 = acc0 + select(0.0, A[base[0] + c], ok[0]) * w;
      acc1 = acc1 + select(0.0, A[base[1] + c], ok[1]) * w;
      acc2 = acc2 + select(0.0, A[base[2] + c], ok[2]) * w;
      acc3 = acc3 + select(0.0, A[base[3] + c], ok[3]) * w;
    }
  }
  for (var i = 0u; i < 4u; i = i + 1u) {
    let m = m0 + i;
    if (m >= M) { break; }
    var acc = acc0;
    if (i == 1u) { acc = acc1; } else if (i == 2u) { acc = acc2; } else if (i == 3u) { acc = acc3; }
    let b = m / HW;
    for (var j = 0u; j < 4u; j = j + 1u) {
      let n = n0 + j;
      if (n >= p.Cout) { break; }
      let o = p.offOut + m * p.Cout + n;
      var v = acc[j];
      if (p.hasBias != 0u) { v = v + Wt[p.offBias + n]; }
      if (p.hasCb != 0u) { v = v + cb[p.offCb + b * p.sCb + n]; }
      if (p.beta != 0.0) { v = v + p.beta * out[o]; }
      out[o] = v;
    }
  }
}

//!kernel conv3x3_wgrad
// Split-K weight + bias gradient of conv3x3 (forward form): chunk s of the M = B H W
// pixels gives part[s, k, co] with k = tap * Cin + ci, and k = 9 Cin for the bias (the
// input taken as 1). A column sum over s (col_sum) finishes the reduction. Each thread owns
// one tap, 4 input channels and 4 output channels of one chunk.
@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let t = gid.x + gid.y * nwg.x * 64u;
  let nbC = (p.Cin + 3u) / 4u;
  let nbN = (p.Cout + 3u) / 4u;
  let per = 10u * nbC * nbN;
  let s = t / per;
  if (s >= p.S) { return; }
  let r = t % per;
  let tap = r / (nbC * nbN);
  let c0 = ((r / nbN) % nbC) * 4u;
  let n0 = (r % nbN) * 4u;
  if (tap == 9u && c0 > 0u) { return; }
  let HW = p.H * p.W;
  let M = p.B * HW;
  let mBeg = s * p.chunk;
  let mEnd = min(mBeg + p.chunk, M);
  let cLast = p.Cin - 1u;
  let nLast = p.Cout - 1u;
  let ci = vec4<u32>(min(c0, cLast), min(c0 + 1u, cLast), min(c0 + 2u, cLast), min(c0 + 3u, cLast));
  let ni = vec4<u32>(min(n0, nLast), min(n0 + 1u, nLast), min(n0 + 2u, nLast), min(n0 + 3u, nLast));
  let dy = i32(tap / 3u) - 1;
  let dx = i32(tap % 3u) - 1;
  let shift = dy * i32(p.W) + dx;
  var acc0 = vec4<f32>(0.0);
  var acc1 = vec4<f32>(0.0);
  var acc2 = vec4<f32>(0.0);
  var acc3 = vec4<f32>(0.0);
  var y = i32((mBeg % HW) / p.W);
  var x = i32(mBeg % p.W);
  for (var m = mBeg; m < mEnd; m = m + 1u) {
    let g0 = p.offDy + m * p.Cout;
    let g = vec4<f32>(Dy[g0 + ni.x], Dy[g0 + ni.y], Dy[g0 + ni.z], Dy[g0 + ni.w]);
    if (tap == 9u) {
      acc0 = acc0 + g;
    } else {
      let yy = y + dy;
      let xx = x + dx;
      if (yy >= 0 && yy < i32(p.H) && xx >= 0 && xx < i32(p.W)) {
        let a0 = p.offA + u32(i32(m) + shift) * p.Cin;
        acc0 = acc0 + A[a0 + ci.x] * g;
        acc1 = acc1 + A[a0 + ci.y] * g;
        acc2 = acc2 + A[a0 + ci.z] * g;
        acc3 = acc3 + A[a0 + ci.w] * g;
      }
    }
    x = x + 1;
    if (x == i32(p.W)) {
      x = 0;
      y = y + 1;
      if (y == i32(p.H)) { y = 0; }
    }
  }
  let K = 9u * p.Cin + 1u;
  let rows = select(4u, 1u, tap == 9u);
  for (var i = 0u; i < rows; i = i + 1u) {
    let c = c0 + i;
    if (c >= p.Cin) { break; }
    var acc = acc0;
    if (i == 1u) { acc = acc1; } else if (i == 2u) { acc = acc2; } else if (i == 3u) { acc = acc3; }
    let k = select(tap * p.Cin + c, 9u * p.Cin, tap == 9u);
    for (var j = 0u; j < 4u; j = j + 1u) {
      let n = n0 + j;
      if (n >= p.Cout) { break; }
      part[p.offPart + (s * K + k) * p.Cout + n] = acc[j];
    }
  }
}

//!kernel chan_sum
// Per-sample channel sums: out[b * sOut + c] = beta * out[..] + sum over the HW pixels of
// x[b, pixel, c] (the gradient of a per-sample per-channel bias). One thread per (b, c).
@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let t = gid.x + gid.y * nwg.x * 64u;
  if (t >= p.B * p.C) { return; }
  let b = t / p.C;
  let c = t % p.C;
  var s = 0.0;
  let x0 = p.offX + b * p.HW * p.C + c;
  for (var q = 0u; q < p.HW; q = q + 1u) { s = s + X[x0 + q * p.C]; }
  let o = p.offOut + b * p.sOut + c;
  var v = s;
  if (p.beta != 0.0) { v = v + p.beta * out[o]; }
  out[o] = v;
}
