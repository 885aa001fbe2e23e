import { useMemo } from 'react';
import type { MethodId } from '../../config/schema';
import type { MethodSeries } from '../../store/snapshotReducer';
import { useUiStore } from '../../store/uiStore';
import { RAMP_DISTANCE } from '../canvas/colormap';
import { drawHeatmap, type Matrix } from '../canvas/drawHeatmap';
import { useCanvasDraw } from '../hooks/useCanvasDraw';
import { METHOD_COLORS, METHOD_SHORT } from '../methodStyle';
import { PALETTES } from '../palette';
import { thin } from '../charts/chartData';

const MAX_COLS = 240;

/** What a heat-map cell measures: SW2 on the 2-D sets, the Fréchet distance of classifier features on MNIST. */
export function trajectoryMetric(dataset: string): { short: string; long: string } {
  return dataset === 'mnist' ? { short: 'FD', long: 'Fréchet distance (classifier features)' } : { short: 'SW2', long: 'SW2' };
}

/** The trajectory matrix of one method: checkpoints (rows) x eval ticks (columns). */
export function trajectoryMatrix(s: MethodSeries, rows: number): { m: Matrix; trace: number[] } {
  const pts = thin(s.points, MAX_COLS);
  const cols = pts.length;
  const values = new Float32Array(rows * cols).fill(NaN);
  pts.forEach((p, c) => {
    for (let r = 0; r < rows; r++) values[r * cols + c] = p.trajectory?.[r] ?? NaN;
  });
  return { m: { rows, cols, values }, trace: pts.map((p) => p.target) };
}

export function Trajectory({ method, series, rows, lo, hi, metric = 'SW2' }: { method: MethodId; series: MethodSeries; rows: number; lo: number; hi: number; metric?: string }) {
  const pal = PALETTES[useUiStore((s) => s.theme)];
  const { m, trace } = useMemo(() => trajectoryMatrix(series, rows), [series, rows]);
  const showTrace = method === 'disback';
  const ref = useCanvasDraw(
    (ctx, width, height) =>
      drawHeatmap(ctx, m, { width, height }, {
        ramp: RAMP_DISTANCE,
        lo,
        hi,
        log: true,
        trace: showTrace ? trace : undefined,
        markerRow: showTrace ? series.target : undefined,
        traceColor: pal.trace,
        labelColor: pal.muted,
        gutter: 30,
        rowLabel: (r) => `θ′${r}`,
      }),
    [m, trace, lo, hi, pal, showTrace, series.target],
  );
  return (
    <div className="trajectory">
      <div className="trajectory-head">
        <span className="swatch" style={{ background: METHOD_COLORS[method] }} />
        {METHOD_SHORT[method]}
        <span className="muted small">{m.cols ? `${series.step} steps` : 'no ticks yet'}</span>
      </div>
      <canvas ref={ref} className="heatmap-canvas" data-testid={`trajectory-${method}`} role="img" aria-label={`${METHOD_SHORT[method]}: ${metric} to each checkpoint over time`} />
    </div>
  );
}
