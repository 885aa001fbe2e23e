/** MNIST-like samples ([n, side*side], values in [-1, 1]) as a grid of small images. */
export interface DigitStyle {
  side: number;
  /** draw at most this many digits */
  max: number;
  /** ink and paper colours as [r, g, b] */
  ink: [number, number, number];
  paper: [number, number, number];
}

export function drawDigits(ctx: CanvasRenderingContext2D, samples: Float32Array, size: { width: number; height: number }, st: DigitStyle): void {
  const dim = st.side * st.side;
  const n = Math.min(st.max, Math.floor(samples.length / dim));
  if (!n) return;
  const cols = Math.ceil(Math.sqrt((n * size.width) / size.height));
  const rows = Math.ceil(n / cols);
  const cell = Math.floor(Math.min(size.width / cols, size.height / rows));
  if (cell < 2) return;
  const img = new ImageData(cols * st.side, rows * st.side);
  img.data.fill(0);
  for (let k = 0; k < n; k++) {
    const ox = (k % cols) * st.side;
    const oy = Math.floor(k / cols) * st.side;
    for (let p = 0; p < dim; p++) {
      const v = samples[k * dim + p];
      const t = Number.isFinite(v) ? Math.max(0, Math.min(1, (v + 1) / 2)) : 0;
      const x = ox + (p % st.side);
      const y = oy + Math.floor(p / st.side);
      const o = (y * cols * st.side + x) * 4;
      img.data[o] = st.paper[0] + (st.ink[0] - st.paper[0]) * t;
      img.data[o + 1] = st.paper[1] + (st.ink[1] - st.paper[1]) * t;
      img.data[o + 2] = st.paper[2] + (st.ink[2] - st.paper[2]) * t;
      img.data[o + 3] = 255;
    }
  }
  const c = document.createElement('canvas');
  c.width = img.width;
  c.height = img.height;
  c.getContext('2d')?.putImageData(img, 0, 0);
  ctx.save();
  ctx.imageSmoothingEnabled = false;
  const w = cols * cell;
  const h = rows * cell;
  ctx.drawImage(c, Math.floor((size.width - w) / 2), Math.floor((size.height - h) / 2), w, h);
  ctx.restore();
}
