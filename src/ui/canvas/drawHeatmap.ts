import { rampColor, rgbCss, type Ramp } from './colormap';

export interface Matrix {
  rows: number;
  cols: number;
  /** row-major, rows x cols; NaN = no value */
  values: Float32Array;
}

export interface HeatmapStyle {
  ramp: Ramp;
  lo: number;
  hi: number;
  log: boolean;
  /** per column, the row that was the target at that time (drawn as a trace) */
  trace?: number[];
  /** the current target row, marked at the right edge */
  markerRow?: number;
  traceColor: string;
  labelColor: string;
  /** left gutter for row labels, in px */
  gutter: number;
  rowLabel?: (row: number) => string;
}

/** Normalise v to 0..1 between lo and hi (log-spaced when asked). */
export function normalise(v: number, lo: number, hi: number, log: boolean): number {
  if (!Number.isFinite(v)) return NaN;
  if (log) {
    const l = Math.log(Math.max(lo, 1e-12));
    const h = Math.log(Math.max(hi, 1e-12));
    return h > l ? (Math.log(Math.max(v, 1e-12)) - l) / (h - l) : 0;
  }
  return hi > lo ? (v - lo) / (hi - lo) : 0;
}

/**
 * Checkpoints x eval ticks: row 0 (the teacher) at the top. Each cell is the distance of
 * the student at that tick to that checkpoint's samples; the trace shows the target.
 */
export function drawHeatmap(ctx: CanvasRenderingContext2D, m: Matrix, size: { width: number; height: number }, st: HeatmapStyle): void {
  const { rows, cols, values } = m;
  const w = size.width - st.gutter - 10;
  const h = size.height;
  if (rows < 1 || cols < 1 || w <= 0) return;
  const cw = w / cols;
  const ch = h / rows;
  ctx.save();
  ctx.translate(st.gutter, 0);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      const t = normalise(values[r * cols + c], st.lo, st.hi, st.log);
      ctx.fillStyle = Number.isNaN(t) ? 'rgba(128,128,128,0.15)' : rgbCss(rampColor(st.ramp, t));
      ctx.fillRect(Math.floor(c * cw), Math.floor(r * ch), Math.ceil(cw) + 1, Math.ceil(ch) + 1);
    }
  }
  if (st.trace && st.trace.length) {
    ctx.strokeStyle = st.traceColor;
    ctx.lineWidth = 2;
    ctx.setLineDash([4, 3]);
    ctx.beginPath();
    st.trace.forEach((row, c) => {
      const x = (c + 0.5) * cw;
      const y = (row + 0.5) * ch;
      if (c === 0) ctx.moveTo(x, y);
      else ctx.lineTo(x, y);
    });
    ctx.stroke();
    ctx.setLineDash([]);
  }
  if (st.markerRow !== undefined && st.markerRow >= 0 && st.markerRow < rows) {
    const y = (st.markerRow + 0.5) * ch;
    ctx.fillStyle = st.traceColor;
    ctx.beginPath();
    ctx.moveTo(w + 1, y);
    ctx.lineTo(w + 9, y - 5);
    ctx.lineTo(w + 9, y + 5);
    ctx.closePath();
    ctx.fill();
  }
  ctx.restore();
  if (st.rowLabel) {
    ctx.save();
    ctx.fillStyle = st.labelColor;
    ctx.font = '10px system-ui, sans-serif';
    ctx.textAlign = 'right';
    ctx.textBaseline = 'middle';
    const every = Math.max(1, Math.ceil(12 / ch));
    for (let r = 0; r < rows; r += every) ctx.fillText(st.rowLabel(r), st.gutter - 4, (r + 0.5) * ch);
    ctx.restore();
  }
}
