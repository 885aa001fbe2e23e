import type { CSSProperties } from 'react';
import { drawDensity, drawGrid, type DensityGrid } from '../canvas/drawDensity';
import { drawDigits } from '../canvas/drawDigits';
import { drawField, type FieldGrid } from '../canvas/drawField';
import { drawSamples } from '../canvas/drawSamples';
import { fitView, type Extent } from '../canvas/view';
import { useCanvasDraw } from '../hooks/useCanvasDraw';
import { useUiStore } from '../../store/uiStore';
import { PALETTES } from '../palette';

export interface ScatterCanvasProps {
  samples: Float32Array | null | undefined;
  color: string;
  extent: Extent;
  density?: DensityGrid | null;
  field?: FieldGrid | null;
  /** faint reference points drawn under the samples */
  context?: Float32Array | null;
  /** samples are 28x28 images rather than 2-D points */
  images?: boolean;
  /** images mode: at most this many digits (default 64, an 8 x 8 grid) */
  maxImages?: number;
  /** images mode: text drawn when there is nothing to show */
  emptyText?: string;
  radius?: number;
  maxPoints?: number;
  testId?: string;
  ariaLabel: string;
  style?: CSSProperties;
  className?: string;
}

function drawEmpty(ctx: CanvasRenderingContext2D, text: string, width: number, height: number, color: string): void {
  ctx.save();
  ctx.fillStyle = color;
  ctx.font = '12px system-ui, sans-serif';
  ctx.textAlign = 'center';
  ctx.textBaseline = 'middle';
  ctx.fillText(text, width / 2, height / 2, width - 8);
  ctx.restore();
}

/** Samples over the teacher's density, with an optional score-field overlay. */
export function ScatterCanvas(p: ScatterCanvasProps) {
  const theme = useUiStore((s) => s.theme);
  const pal = PALETTES[theme];
  const ref = useCanvasDraw(
    (ctx, width, height) => {
      if (p.images) {
        const drawn = p.samples ? drawDigits(ctx, p.samples, { width, height }, { side: 28, max: p.maxImages ?? 64, ink: pal.ink, paper: pal.paper, gapColor: pal.grid }) : 0;
        if (!drawn && p.emptyText) drawEmpty(ctx, p.emptyText, width, height, pal.muted);
        return;
      }
      const view = fitView(p.extent, width, height);
      if (p.density) drawDensity(ctx, p.density, view, pal.density);
      drawGrid(ctx, view, pal.grid);
      if (p.context) drawSamples(ctx, p.context, view, { color: pal.context, radius: 1.2, alpha: 0.8, max: 1500 });
      if (p.samples) {
        drawSamples(ctx, p.samples, view, {
          color: p.color,
          radius: p.radius ?? 2,
          alpha: 0.85,
          max: p.maxPoints ?? 2000,
          stroke: pal.sampleStroke,
        });
      }
      if (p.field) drawField(ctx, p.field, view, { color: pal.field, maxLen: 0.9 });
    },
    [p.samples, p.color, p.extent, p.density, p.field, p.context, p.images, p.maxImages, p.emptyText, p.radius, p.maxPoints, pal],
  );
  return (
    <canvas
      ref={ref}
      className={`plot-canvas ${p.images ? 'pixelated' : ''} ${p.className ?? ''}`}
      style={p.style}
      data-testid={p.testId}
      role="img"
      aria-label={p.ariaLabel}
    />
  );
}
