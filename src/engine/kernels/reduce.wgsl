//!common
// mode 0: sum, 1: mean, 2: sum of squares.
fn term(v: f32, mode: u32) -> f32 { return select(v, v * v, mode == 2u); }

//!kernel col_sum
// out[j] = beta * out[j] + scale * sum_i x[i, j]   (bias gradient: a column reduction)
// One invocation per column, rows in order: the faster form on software adapters (their
// 2 to 16 threads are busy with a few SIMD vectors of columns; lavapipe 15% and SwiftShader
// 2x faster than col_sum_split at M = 1024, N = 128). ops.colSum picks by adapter.
@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3<u32>) {
  let j = gid.x;
  if (j >= p.N) { return; }
  var s = 0.0;
  for (var i = 0u; i < p.M; i = i + 1u) { s = s + x[p.offX + i * p.N + j]; }
  var v = p.scale * s;
  if (p.beta != 0.0) { v = v + p.beta * out[p.offOut + j]; }
  out[p.offOut + j] = v;
}

//!kernel col_sum_split
// The same sum for GPUs, where one thread per column looping over M = 2048 rows leaves
// the device idle: a workgroup takes 16 columns; its 16 rows of invocations each sum every
// 16th row of x, then row 0 adds the 16 partial sums in a fixed order (deterministic).
var<workgroup> part: array<f32, 256>;
@compute @workgroup_size(16, 16)
fn main(@builtin(workgroup_id) wg: vec3<u32>, @builtin(local_invocation_id) lid: vec3<u32>) {
  let j = wg.x * 16u + lid.x;
  let jc = min(j, p.N - 1u);
  var s = 0.0;
  for (var i = lid.y; i < p.M; i = i + 16u) { s = s + x[p.offX + i * p.N + jc]; }
  part[lid.y * 16u + lid.x] = s;
  workgroupBarrier();
  if (lid.y == 0u && j < p.N) {
    var t = 0.0;
    for (var r = 0u; r < 16u; r = r + 1u) { t = t + part[r * 16u + lid.x]; }
    var v = p.scale * t;
    if (p.beta != 0.0) { v = v + p.beta * out[p.offOut + j]; }
    out[p.offOut + j] = v;
  }
}

//!kernel row_reduce
// out[i] = reduce_j x[i, j]
@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = gid.x + gid.y * nwg.x * 64u;
  if (i >= p.M) { return; }
  var s = 0.0;
  for (var j = 0u; j < p.N; j = j + 1u) { s = s + term(x[p.offX + i * p.N + j], p.mode); }
  if (p.mode == 1u) { s = s / f32(p.N); }
  out[p.offOut + i] = s;
}

//!kernel full_reduce
// out[0] = scale * reduce_i x[i], one workgroup, fixed summation order (deterministic).
var<workgroup> part: array<f32, 256>;
@compute @workgroup_size(256)
fn main(@builtin(local_invocation_id) lid: vec3<u32>) {
  var s = 0.0;
  for (var i = lid.x; i < p.n; i = i + 256u) { s = s + term(x[p.offX + i], p.mode); }
  part[lid.x] = s;
  workgroupBarrier();
  for (var w = 128u; w > 0u; w = w / 2u) {
    if (lid.x < w) { part[lid.x] = part[lid.x] + part[lid.x + w]; }
    workgroupBarrier();
  }
  if (lid.x == 0u) {
    var r = part[0];
    if (p.mode == 1u) { r = r / f32(p.n); }
    out[p.offOut] = p.scale * r;
  }
}
