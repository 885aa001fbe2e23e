import type { EvalPoint } from '../../../workers/api';
import { barHeights, latestWithHist, N_CLASSES } from '../charts/mnistData';

/** A tiny bar chart of one student's class histogram at its latest tick (10 bars, digits 0-9). */
export function MiniClassHist({ points, color, testId }: { points: readonly EvalPoint[]; color: string; testId?: string }) {
  const l = latestWithHist(points);
  if (!l) {
    return (
      <div className="mini-hist empty muted small" data-testid={testId}>
        class histogram: after the first evaluation
      </div>
    );
  }
  const h = barHeights(l.hist);
  const uniform = barHeights([...l.hist, 1 / N_CLASSES])[N_CLASSES];
  return (
    <div className="mini-hist" data-testid={testId} role="img" aria-label={`class histogram at step ${l.point.step}: ${l.hist.map((v, d) => `${d}: ${Math.round(v * 100)}%`).join(', ')}`}>
      <div className="mini-hist-bars">
        <span className="mini-hist-uniform" style={{ bottom: `${uniform}%` }} title="uniform: 10 % per digit" />
        {h.map((v, d) => (
          <span key={d} className="mini-hist-bar" title={`digit ${d}: ${(l.hist[d] * 100).toFixed(1)} %`}>
            <span style={{ height: `${v}%`, background: color }} />
          </span>
        ))}
      </div>
      <div className="mini-hist-axis mono">
        {l.hist.map((_, d) => (
          <span key={d}>{d}</span>
        ))}
      </div>
    </div>
  );
}
