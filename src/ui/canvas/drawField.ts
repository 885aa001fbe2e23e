import { gridPoint, toPx, type Extent, type View } from './view';

export interface FieldGrid {
  res: number;
  extent: Extent;
  /** [res*res, 2] */
  vectors: Float32Array;
}

export interface FieldStyle {
  color: string;
  /** longest arrow, as a fraction of the grid cell */
  maxLen: number;
}

/**
 * Score vectors as arrows on their grid. Lengths are normalised by a robust maximum
 * (95th percentile) so one huge vector near a mode does not flatten the rest; opacity
 * follows magnitude.
 */
export function drawField(ctx: CanvasRenderingContext2D, f: FieldGrid, view: View, style: FieldStyle): void {
  const n = f.res * f.res;
  if (f.res < 2 || f.vectors.length < n * 2) return;
  const mags: number[] = [];
  for (let k = 0; k < n; k++) {
    const m = Math.hypot(f.vectors[2 * k], f.vectors[2 * k + 1]);
    if (Number.isFinite(m)) mags.push(m);
  }
  if (!mags.length) return;
  mags.sort((a, b) => a - b);
  const ref = mags[Math.floor(mags.length * 0.95)] || mags[mags.length - 1];
  if (!(ref > 0)) return;
  const pxCell = (view.width / (view.extent[1] - view.extent[0])) * ((f.extent[1] - f.extent[0]) / f.res);
  const maxLen = pxCell * style.maxLen;
  ctx.save();
  ctx.strokeStyle = style.color;
  ctx.fillStyle = style.color;
  ctx.lineWidth = 1.2;
  ctx.lineCap = 'round';
  for (let k = 0; k < n; k++) {
    const vx = f.vectors[2 * k];
    const vy = f.vectors[2 * k + 1];
    const m = Math.hypot(vx, vy);
    if (!Number.isFinite(m) || m === 0) continue;
    const t = Math.min(1, m / ref);
    const len = maxLen * Math.max(0.15, t);
    const [x, y] = gridPoint(f.extent, f.res, k);
    const [px, py] = toPx(view, x, y);
    const dx = (vx / m) * len;
    const dy = (-vy / m) * len; // y is up in data, down on screen
    const ex = px + dx / 2;
    const ey = py + dy / 2;
    ctx.globalAlpha = 0.25 + 0.75 * t;
    ctx.beginPath();
    ctx.moveTo(px - dx / 2, py - dy / 2);
    ctx.lineTo(ex, ey);
    ctx.stroke();
    const a = Math.atan2(dy, dx);
    const h = Math.min(4, len * 0.45);
    ctx.beginPath();
    ctx.moveTo(ex, ey);
    ctx.lineTo(ex - h * Math.cos(a - 0.5), ey - h * Math.sin(a - 0.5));
    ctx.lineTo(ex - h * Math.cos(a + 0.5), ey - h * Math.sin(a + 0.5));
    ctx.closePath();
    ctx.fill();
  }
  ctx.restore();
}
