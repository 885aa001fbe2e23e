import { useMemo } from 'react';
import { useRunStore } from '../../store/runStore';
import { RAMP_DISTANCE, rampGradient } from '../canvas/colormap';
import { Panel } from '../common/Panel';
import { Filmstrip } from './Filmstrip';
import { Trajectory, trajectoryMetric } from './Trajectory';

/** Stage 1's degradation path, and each student's walk along it. */
export function PathPanel() {
  const path = useRunStore((s) => s.path);
  const methods = useRunStore((s) => s.config.methods);
  const series = useRunStore((s) => s.series);
  const recordFrac = useRunStore((s) => s.recordFrac);
  const metric = trajectoryMetric(useRunStore((s) => s.config.dataset));
  const rows = path ? (path.steps?.length ?? 0) : 0;

  const [lo, hi] = useMemo(() => {
    let a = Infinity;
    let b = -Infinity;
    for (const m of methods) {
      for (const p of series[m]?.points ?? []) {
        for (const v of p.trajectory ?? []) {
          if (Number.isFinite(v) && v > 0) {
            if (v < a) a = v;
            if (v > b) b = v;
          }
        }
      }
    }
    return Number.isFinite(a) ? [a, b] : [1e-3, 1];
  }, [methods, series]);

  return (
    <Panel
      title="Degradation path"
      section="path"
      tip="Stage 1 fine-tunes a copy of the teacher towards the initial generator and saves checkpoints θ′1…θ′N on the way. DisBack's target walks this path backwards, from θ′N to the teacher θ′0."
    >
      {!path ? (
        <p className="muted">The path is recorded once the teacher is ready{recordFrac > 0 ? ` (${Math.round(recordFrac * 100)}%)` : ''}.</p>
      ) : (
        <>
          <Filmstrip />
          <div className="trajectory-block">
            <h3 className="subhead">
              Convergence trajectory
              <span className="muted small" data-testid="trajectory-metric">
                {' '}
                · {metric.long} from each student to every checkpoint over time; the dashed line is DisBack&apos;s target
              </span>
            </h3>
            <div className="trajectory-grid">
              {methods.map((m) => {
                const s = series[m];
                return s ? <Trajectory key={m} method={m} series={s} rows={rows} lo={lo} hi={hi} metric={metric.short} /> : null;
              })}
            </div>
            <div className="ramp-legend">
              <span className="small muted">near</span>
              <span className="ramp" style={{ background: rampGradient(RAMP_DISTANCE) }} />
              <span className="small muted">far (log {metric.short})</span>
            </div>
          </div>
        </>
      )}
    </Panel>
  );
}
