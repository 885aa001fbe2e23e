import { useRef } from 'react';
import { drawGrid } from '../canvas/drawDensity';
import { drawSamples } from '../canvas/drawSamples';
import { fitView, fromPx, type View } from '../canvas/view';
import { useCanvasDraw } from '../hooks/useCanvasDraw';
import { MAX_POINTS, POINT_EXTENT, snapCoord } from '../urlState';
import { useUiStore } from '../../store/uiStore';
import { PALETTES } from '../palette';

export interface PointsEditorProps {
  points: Float32Array;
  /** number of points in each stroke, for undo */
  strokes: number[];
  onChange(points: Float32Array, strokes: number[]): void;
}

const EXTENT: [number, number, number, number] = [-POINT_EXTENT, POINT_EXTENT, -POINT_EXTENT, POINT_EXTENT];
const MIN_GAP = 0.06;

/** "Draw your own" data: click to add a point, drag to paint a stroke; undo removes a stroke. */
export function PointsEditor({ points, strokes, onChange }: PointsEditorProps) {
  const theme = useUiStore((s) => s.theme);
  const pal = PALETTES[theme];
  const view = useRef<View | null>(null);
  const stroke = useRef<{ count: number; last: [number, number] } | null>(null);
  // the latest points, updated synchronously: pointer moves can outrun re-renders
  const latest = useRef(points);
  latest.current = points;

  const ref = useCanvasDraw(
    (ctx, w, h) => {
      const v = fitView(EXTENT, w, h);
      view.current = v;
      drawGrid(ctx, v, pal.grid);
      drawSamples(ctx, points, v, { color: '#2f7fe0', radius: 2.5, alpha: 0.9, stroke: pal.sampleStroke });
    },
    [points, pal],
  );

  const toData = (e: React.PointerEvent<HTMLCanvasElement>): [number, number] | null => {
    const v = view.current;
    if (!v) return null;
    const r = e.currentTarget.getBoundingClientRect();
    const [x, y] = fromPx(v, e.clientX - r.left, e.clientY - r.top);
    if (Math.abs(x) > POINT_EXTENT || Math.abs(y) > POINT_EXTENT) return null;
    return [snapCoord(x), snapCoord(y)];
  };

  const add = (p: [number, number]): boolean => {
    const a = latest.current;
    if (a.length + 2 > MAX_POINTS * 2) return false;
    const next = new Float32Array(a.length + 2);
    next.set(a);
    next[a.length] = p[0];
    next[a.length + 1] = p[1];
    latest.current = next;
    onChange(next, strokes);
    return true;
  };

  return (
    <div className="points-editor">
      <canvas
        ref={ref}
        className="plot-canvas draw-canvas"
        data-testid="points-canvas"
        role="img"
        aria-label={`Drawing area with ${points.length / 2} points. Click or drag to add points.`}
        onPointerDown={(e) => {
          const p = toData(e);
          if (!p || !add(p)) return;
          e.currentTarget.setPointerCapture(e.pointerId);
          stroke.current = { count: 1, last: p };
        }}
        onPointerMove={(e) => {
          const s = stroke.current;
          if (!s) return;
          const p = toData(e);
          if (!p || Math.hypot(p[0] - s.last[0], p[1] - s.last[1]) < MIN_GAP) return;
          if (add(p)) {
            s.last = p;
            s.count++;
          }
        }}
        onPointerUp={() => {
          const s = stroke.current;
          stroke.current = null;
          if (s) onChange(latest.current, [...strokes, s.count]);
        }}
        onPointerCancel={() => {
          const s = stroke.current;
          stroke.current = null;
          if (s) onChange(latest.current, [...strokes, s.count]);
        }}
      />
      <div className="row small-gap">
        <span className="muted">{points.length / 2} points</span>
        <span className="spacer" />
        <button
          type="button"
          className="btn small"
          disabled={!strokes.length}
          onClick={() => {
            const k = strokes[strokes.length - 1] ?? 0;
            onChange(points.slice(0, Math.max(0, points.length - 2 * k)), strokes.slice(0, -1));
          }}
        >
          Undo
        </button>
        <button type="button" className="btn small" disabled={!points.length} onClick={() => onChange(new Float32Array(0), [])}>
          Clear
        </button>
      </div>
    </div>
  );
}
