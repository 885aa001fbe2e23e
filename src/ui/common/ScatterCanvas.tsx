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
  radius?: number;
  maxPoints?: number;
  testId?: string;
  ariaLabel: string;
  style?: CSSProperties;
  className?: string;
}

/** Samples over the teacher's density, with an optional score-field overlay. */
export function ScatterCanvas(p: ScatterCanvasProps) {
  const theme = useUiStore((s) => s.theme);
  const pal = PALETTES[theme];
  const ref = useCanvasDraw(
    (ctx, width, height) => {
      if (p.images) {
        if (p.samples) drawDigits(ctx, p.samples, { width, height }, { side: 28, max: 64, ink: pal.ink, paper: pal.paper });
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
    [p.samples, p.color, p.extent, p.density, p.field, p.context, p.images, p.radius, p.maxPoints, pal],
  );
  return (
    <canvas
      ref={ref}
      className={`plot-canvas ${p.className ?? ''}`}
      style={p.style}
      data-testid={p.testId}
      role="img"
      aria-label={p.ariaLabel}
    />
  );
}
