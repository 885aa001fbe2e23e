import { toPx, type View } from './view';

export interface SampleStyle {
  color: string;
  radius: number;
  alpha: number;
  /** draw at most this many points (evenly strided) */
  max?: number;
  /** outline colour for contrast over the heat map */
  stroke?: string;
}

/** Student (or reference) samples, [n, 2] in the data plane, as dots. */
export function drawSamples(ctx: CanvasRenderingContext2D, samples: Float32Array, view: View, style: SampleStyle): number {
  const n = Math.floor(samples.length / 2);
  if (!n) return 0;
  const stride = style.max && n > style.max ? n / style.max : 1;
  const r = style.radius;
  ctx.save();
  ctx.globalAlpha = style.alpha;
  ctx.fillStyle = style.color;
  ctx.beginPath();
  let drawn = 0;
  for (let f = 0; f < n; f += stride) {
    const i = Math.floor(f) * 2;
    const x = samples[i];
    const y = samples[i + 1];
    if (!Number.isFinite(x) || !Number.isFinite(y)) continue;
    const [px, py] = toPx(view, x, y);
    if (px < -r || py < -r || px > view.width + r || py > view.height + r) continue;
    ctx.moveTo(px + r, py);
    ctx.arc(px, py, r, 0, Math.PI * 2);
    drawn++;
  }
  ctx.fill();
  if (style.stroke) {
    ctx.globalAlpha = style.alpha * 0.6;
    ctx.strokeStyle = style.stroke;
    ctx.lineWidth = 0.5;
    ctx.stroke();
  }
  ctx.restore();
  return drawn;
}

/** Points outside the view, counted so the panel can say "k samples off-screen". */
export function countOutside(samples: Float32Array, view: View): number {
  const [x0, x1, y0, y1] = view.extent;
  let k = 0;
  for (let i = 0; i + 1 < samples.length; i += 2) {
    const x = samples[i];
    const y = samples[i + 1];
    if (!(x >= x0 && x <= x1 && y >= y0 && y <= y1)) k++;
  }
  return k;
}
