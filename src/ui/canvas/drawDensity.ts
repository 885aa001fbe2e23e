import { rampColor, type Ramp } from './colormap';
import { toPx, type Extent, type View } from './view';

export interface DensityGrid {
  res: number;
  extent: Extent;
  values: Float32Array;
}

function scratch(w: number, h: number): HTMLCanvasElement | OffscreenCanvas | null {
  if (typeof OffscreenCanvas === 'function') return new OffscreenCanvas(w, h);
  if (typeof document !== 'undefined') {
    const c = document.createElement('canvas');
    c.width = w;
    c.height = h;
    return c;
  }
  return null;
}

/** The teacher's density as a smooth heat map (sqrt-scaled so faint modes stay visible). */
export function drawDensity(ctx: CanvasRenderingContext2D, d: DensityGrid, view: View, ramp: Ramp): void {
  const { res, values } = d;
  if (res < 2 || values.length < res * res) return;
  let max = 0;
  for (let i = 0; i < res * res; i++) if (Number.isFinite(values[i]) && values[i] > max) max = values[i];
  if (!(max > 0)) return;
  const img = new ImageData(res, res);
  for (let iy = 0; iy < res; iy++) {
    for (let ix = 0; ix < res; ix++) {
      const v = values[iy * res + ix];
      const t = Number.isFinite(v) && v > 0 ? Math.sqrt(v / max) : 0;
      const [r, g, b] = rampColor(ramp, t);
      const o = ((res - 1 - iy) * res + ix) * 4; // image rows go top-down, grid rows bottom-up
      img.data[o] = r;
      img.data[o + 1] = g;
      img.data[o + 2] = b;
      img.data[o + 3] = 255;
    }
  }
  const c = scratch(res, res);
  const cctx = c?.getContext('2d') as CanvasRenderingContext2D | OffscreenCanvasRenderingContext2D | null | undefined;
  if (!c || !cctx) return;
  cctx.putImageData(img, 0, 0);
  const [px0, py0] = toPx(view, d.extent[0], d.extent[3]);
  const [px1, py1] = toPx(view, d.extent[1], d.extent[2]);
  ctx.save();
  ctx.imageSmoothingEnabled = true;
  ctx.imageSmoothingQuality = 'high';
  ctx.drawImage(c as CanvasImageSource, px0, py0, px1 - px0, py1 - py0);
  ctx.restore();
}

/** Faint unit grid and axes, so panels share a visible frame of reference. */
export function drawGrid(ctx: CanvasRenderingContext2D, view: View, color: string): void {
  const [x0, x1, y0, y1] = view.extent;
  ctx.save();
  ctx.strokeStyle = color;
  ctx.lineWidth = 1;
  ctx.beginPath();
  for (let x = Math.ceil(x0); x <= x1; x++) {
    const [px] = toPx(view, x, 0);
    ctx.moveTo(Math.round(px) + 0.5, 0);
    ctx.lineTo(Math.round(px) + 0.5, view.height);
  }
  for (let y = Math.ceil(y0); y <= y1; y++) {
    const [, py] = toPx(view, 0, y);
    ctx.moveTo(0, Math.round(py) + 0.5);
    ctx.lineTo(view.width, Math.round(py) + 0.5);
  }
  ctx.globalAlpha = 0.5;
  ctx.stroke();
  ctx.restore();
}
