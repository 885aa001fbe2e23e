/** Pure helpers that turn device results into what the page draws (2-D views). */

export type Extent = [number, number, number, number];

/** Square extent around the points (data plane), padded. */
export function extentOf(xy: Float32Array, pad = 0.15): Extent {
  let x0 = Infinity, x1 = -Infinity, y0 = Infinity, y1 = -Infinity;
  for (let i = 0; i + 1 < xy.length; i += 2) {
    const x = xy[i], y = xy[i + 1];
    if (!Number.isFinite(x) || !Number.isFinite(y)) continue;
    if (x < x0) x0 = x; if (x > x1) x1 = x; if (y < y0) y0 = y; if (y > y1) y1 = y;
  }
  if (!Number.isFinite(x0)) return [-3, 3, -3, 3];
  const cx = (x0 + x1) / 2, cy = (y0 + y1) / 2;
  const h = (Math.max(x1 - x0, y1 - y0) / 2) * (1 + pad) + 1e-3;
  return [cx - h, cx + h, cy - h, cy + h];
}

/** Density on a res x res grid: histogram of the points blurred by a small Gaussian, normalised to max 1. */
export function densityGrid(xy: Float32Array, res: number, ext: Extent, blur = 1.5): Float32Array {
  const h = new Float32Array(res * res);
  const [x0, x1, y0, y1] = ext;
  for (let i = 0; i + 1 < xy.length; i += 2) {
    const u = Math.floor(((xy[i] - x0) / (x1 - x0)) * res);
    const v = Math.floor(((xy[i + 1] - y0) / (y1 - y0)) * res);
    if (u >= 0 && u < res && v >= 0 && v < res) h[v * res + u] += 1;
  }
  const r = Math.ceil(3 * blur);
  const k: number[] = [];
  for (let t = -r; t <= r; t++) k.push(Math.exp(-(t * t) / (2 * blur * blur)));
  const tmp = new Float32Array(res * res);
  for (let v = 0; v < res; v++)
    for (let u = 0; u < res; u++) {
      let s = 0;
      for (let t = -r; t <= r; t++) {
        const uu = u + t;
        if (uu >= 0 && uu < res) s += k[t + r] * h[v * res + uu];
      }
      tmp[v * res + u] = s;
    }
  let mx = 0;
  for (let v = 0; v < res; v++)
    for (let u = 0; u < res; u++) {
      let s = 0;
      for (let t = -r; t <= r; t++) {
        const vv = v + t;
        if (vv >= 0 && vv < res) s += k[t + r] * tmp[vv * res + u];
      }
      h[v * res + u] = s;
      if (s > mx) mx = s;
    }
  if (mx > 0) for (let i = 0; i < h.length; i++) h[i] /= mx;
  return h;
}

/** Grid points (cell centres) of a res x res grid, [res*res, 2], row v major. */
export function gridPoints(res: number, ext: Extent): Float32Array {
  const out = new Float32Array(res * res * 2);
  const [x0, x1, y0, y1] = ext;
  for (let v = 0; v < res; v++)
    for (let u = 0; u < res; u++) {
      out[2 * (v * res + u)] = x0 + ((u + 0.5) / res) * (x1 - x0);
      out[2 * (v * res + u) + 1] = y0 + ((v + 0.5) / res) * (y1 - y0);
    }
  return out;
}

/** Lift data-plane points into R^d with the embedding Q [d, 2] (x = Q p). */
export function lift(p2: Float32Array, Q: Float32Array, d: number): Float32Array {
  const n = p2.length / 2;
  const out = new Float32Array(n * d);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < d; j++) out[i * d + j] = Q[2 * j] * p2[2 * i] + Q[2 * j + 1] * p2[2 * i + 1];
  return out;
}
