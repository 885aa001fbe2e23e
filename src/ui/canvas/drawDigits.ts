/** MNIST-like samples ([n, side*side], values in [-1, 1]) as a grid of small grey-scale images. */
import { digitGridLayout, imageCount, inkLevel } from './digitGrid';

export interface DigitStyle {
  side: number;
  /** draw at most this many digits */
  max: number;
  /** ink and paper colours as [r, g, b] */
  ink: [number, number, number];
  paper: [number, number, number];
  /** colour of the gaps between digits (CSS) */
  gapColor?: string;
}

/** Draw the first `max` digits; returns how many were drawn (0: nothing usable). */
export function drawDigits(ctx: CanvasRenderingContext2D, samples: Float32Array, size: { width: number; height: number }, st: DigitStyle): number {
  const side = st.side;
  const dim = side * side;
  const n = Math.min(st.max, imageCount(samples, dim));
  const lay = digitGridLayout(n, size.width, size.height);
  if (!lay) return 0;
  const img = new ImageData(side, side);
  const tile = document.createElement('canvas');
  tile.width = side;
  tile.height = side;
  const tctx = tile.getContext('2d');
  if (!tctx) return 0;
  ctx.save();
  ctx.imageSmoothingEnabled = false;
  if (st.gapColor && lay.gap > 0) {
    ctx.fillStyle = st.gapColor;
    ctx.fillRect(lay.x0, lay.y0, lay.cols * lay.cell, lay.rows * lay.cell);
  }
  const inner = lay.cell - lay.gap;
  for (let k = 0; k < n; k++) {
    const d = img.data;
    for (let p = 0; p < dim; p++) {
      const t = inkLevel(samples[k * dim + p]);
      const o = p * 4;
      d[o] = st.paper[0] + (st.ink[0] - st.paper[0]) * t;
      d[o + 1] = st.paper[1] + (st.ink[1] - st.paper[1]) * t;
      d[o + 2] = st.paper[2] + (st.ink[2] - st.paper[2]) * t;
      d[o + 3] = 255;
    }
    tctx.putImageData(img, 0, 0);
    const x = lay.x0 + (k % lay.cols) * lay.cell;
    const y = lay.y0 + Math.floor(k / lay.cols) * lay.cell;
    ctx.drawImage(tile, x, y, inner, inner);
  }
  ctx.restore();
  return n;
}
