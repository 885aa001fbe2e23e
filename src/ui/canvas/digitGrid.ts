/**
 * Layout of a grid of small square images (MNIST digits) in a canvas: pure, so it is
 * unit-tested. A square box of 64 digits is an 8 x 8 grid; the grid is centred, and the
 * digit cells are as large as fit (whole CSS pixels, so nearest-neighbour scaling stays crisp).
 */
export interface DigitGridLayout {
  /** digits drawn (at most max, at most what the samples hold) */
  n: number;
  cols: number;
  rows: number;
  /** side of one digit cell in CSS px (digit + gap) */
  cell: number;
  /** gap between cells in CSS px */
  gap: number;
  /** top-left of the grid in CSS px */
  x0: number;
  y0: number;
}

/** Number of whole images of dim values in a flat sample buffer (0 for anything unusable). */
export function imageCount(samples: ArrayLike<number> | null | undefined, dim: number): number {
  if (!samples || dim <= 0) return 0;
  return Math.floor(samples.length / dim);
}

/**
 * Columns and rows for n images in a width x height box: as close to the box's aspect as
 * possible, so 64 digits in a square are 8 x 8 and 16 are 4 x 4. Null if nothing fits
 * (no images, or cells smaller than 2 px).
 */
export function digitGridLayout(n: number, width: number, height: number, opts: { gap?: number } = {}): DigitGridLayout | null {
  if (!(n > 0) || !(width > 0) || !(height > 0)) return null;
  const cols = Math.max(1, Math.ceil(Math.sqrt((n * width) / height) - 1e-9));
  const rows = Math.ceil(n / cols);
  const cell = Math.floor(Math.min(width / cols, height / rows));
  if (cell < 2) return null;
  const gap = Math.min(opts.gap ?? 1, Math.floor(cell / 8));
  const w = cols * cell;
  const h = rows * cell;
  return { n, cols, rows, cell, gap, x0: Math.floor((width - w) / 2), y0: Math.floor((height - h) / 2) };
}

/** Grey level 0..1 (0 = paper, 1 = ink) of a pixel value in [-1, 1]; non-finite values are paper. */
export function inkLevel(v: number): number {
  return Number.isFinite(v) ? Math.max(0, Math.min(1, (v + 1) / 2)) : 0;
}
