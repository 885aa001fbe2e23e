/**
 * A view maps data-plane coordinates (y up) to canvas pixels (CSS pixels; the caller
 * scales the context by devicePixelRatio). Every drawing function in this folder is a
 * pure function of (ctx, data, view, style).
 *
 * Grid convention shared with the worker (density and score fields): value k of a
 * res x res grid over extent [xmin, xmax, ymin, ymax] sits at ix = k % res,
 * iy = floor(k / res), at the cell centre x = xmin + (ix + 0.5) (xmax - xmin) / res,
 * y = ymin + (iy + 0.5) (ymax - ymin) / res (iy = 0 is the bottom row).
 */
export type Extent = [number, number, number, number];

export interface View {
  width: number;
  height: number;
  extent: Extent;
}

/** Grow the extent so that one data unit has the same length on both axes. */
export function fitView(extent: Extent, width: number, height: number): View {
  const [x0, x1, y0, y1] = extent;
  const w = Math.max(x1 - x0, 1e-6);
  const h = Math.max(y1 - y0, 1e-6);
  const scale = Math.min(width / w, height / h);
  const cw = width / scale;
  const ch = height / scale;
  const cx = (x0 + x1) / 2;
  const cy = (y0 + y1) / 2;
  return { width, height, extent: [cx - cw / 2, cx + cw / 2, cy - ch / 2, cy + ch / 2] };
}

export function toPx(v: View, x: number, y: number): [number, number] {
  const [x0, x1, y0, y1] = v.extent;
  return [((x - x0) / (x1 - x0)) * v.width, ((y1 - y) / (y1 - y0)) * v.height];
}

export function fromPx(v: View, px: number, py: number): [number, number] {
  const [x0, x1, y0, y1] = v.extent;
  return [x0 + (px / v.width) * (x1 - x0), y1 - (py / v.height) * (y1 - y0)];
}

export function gridPoint(extent: Extent, res: number, k: number): [number, number] {
  const ix = k % res;
  const iy = Math.floor(k / res);
  return [extent[0] + ((ix + 0.5) * (extent[1] - extent[0])) / res, extent[2] + ((iy + 0.5) * (extent[3] - extent[2])) / res];
}

/** Bounds of [n, 2] point sets, padded; a fallback square when there are none. */
export function extentOf(sets: (Float32Array | null | undefined)[], pad = 0.12, fallback: Extent = [-2.5, 2.5, -2.5, 2.5]): Extent {
  let x0 = Infinity;
  let x1 = -Infinity;
  let y0 = Infinity;
  let y1 = -Infinity;
  for (const s of sets) {
    if (!s) continue;
    for (let i = 0; i + 1 < s.length; i += 2) {
      const x = s[i];
      const y = s[i + 1];
      if (!Number.isFinite(x) || !Number.isFinite(y)) continue;
      if (x < x0) x0 = x;
      if (x > x1) x1 = x;
      if (y < y0) y0 = y;
      if (y > y1) y1 = y;
    }
  }
  if (!(x1 > x0) || !(y1 > y0)) return fallback;
  const px = (x1 - x0) * pad;
  const py = (y1 - y0) * pad;
  return [x0 - px, x1 + px, y0 - py, y1 + py];
}

/** Resize a canvas backing store to its CSS box and return a context scaled to CSS pixels. */
export function prepareCanvas(canvas: HTMLCanvasElement, width: number, height: number): CanvasRenderingContext2D | null {
  const dpr = Math.min(typeof devicePixelRatio === 'number' ? devicePixelRatio : 1, 2);
  const bw = Math.max(1, Math.round(width * dpr));
  const bh = Math.max(1, Math.round(height * dpr));
  if (canvas.width !== bw) canvas.width = bw;
  if (canvas.height !== bh) canvas.height = bh;
  const ctx = canvas.getContext('2d');
  if (!ctx) return null;
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  ctx.clearRect(0, 0, width, height);
  return ctx;
}
