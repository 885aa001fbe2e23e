import { useRunStore } from '../../store/runStore';
import { useUiStore } from '../../store/uiStore';
import { Panel } from '../common/Panel';
import { METHOD_COLORS, METHOD_SHORT } from '../methodStyle';
import { PALETTES } from '../palette';
import { chartsFor } from './chartDefs';
import { ClassHistChart } from './ClassHistChart';
import { MetricChart } from './MetricChart';

/** Every metric over time, methods overlaid in their fixed colours. */
export function ChartsPanel() {
  const methods = useRunStore((s) => s.config.methods);
  const series = useRunStore((s) => s.series);
  const mnist = useRunStore((s) => s.config.dataset === 'mnist');
  const stage1Passes = useRunStore((s) => s.path?.stage1Passes ?? 0);
  const xAxis = useUiStore((s) => s.xAxis);
  const setXAxis = useUiStore((s) => s.setXAxis);
  const logY = useUiStore((s) => s.logY);
  const setLogY = useUiStore((s) => s.setLogY);
  const pal = PALETTES[useUiStore((s) => s.theme)];
  const actions = (
    <div className="chart-controls">
      <div className="seg" role="radiogroup" aria-label="x axis">
        <label className={xAxis === 'step' ? 'on' : ''} title="Generator iterations">
          <input type="radio" name="xaxis" checked={xAxis === 'step'} onChange={() => setXAxis('step')} data-testid="xaxis-step" />
          Iterations
        </label>
        <label className={xAxis === 'passes' ? 'on' : ''} title="Total network passes, DisBack's stage 1 included: the equal-compute comparison">
          <input type="radio" name="xaxis" checked={xAxis === 'passes'} onChange={() => setXAxis('passes')} data-testid="xaxis-passes" />
          Compute
        </label>
      </div>
      <label className="check inline">
        <input type="checkbox" checked={logY} onChange={(e) => setLogY(e.target.checked)} />
        log y
      </label>
    </div>
  );
  return (
    <Panel
      title="Metrics"
      section="charts"
      tip={
        mnist
          ? "Digit quality (Fréchet distance of classifier features to real digits), class coverage, losses and score mismatch over training. Switch the x axis to total compute to charge DisBack for recording its path."
          : "Distances from the student's samples to the teacher's, losses and score mismatch over training. Switch the x axis to total compute to charge DisBack for recording its path."
      }
      actions={actions}
    >
      <div className="legend" aria-label="Legend">
        {methods.map((m) => (
          <span key={m} className="legend-item">
            <span className="swatch line" style={{ background: METHOD_COLORS[m] }} />
            {METHOD_SHORT[m]}
          </span>
        ))}
        {methods.includes('disback') ? (
          <span className="legend-item muted">
            <span className="swatch vline" style={{ borderColor: METHOD_COLORS.disback }} />
            DisBack target switch
          </span>
        ) : null}
        {xAxis === 'passes' && stage1Passes > 0 ? (
          <span className="legend-item muted">stage 1 cost: {stage1Passes.toLocaleString()} passes (curves that use the path start there)</span>
        ) : null}
      </div>
      <div className="chart-grid">
        {chartsFor(mnist).map((c) => (
          <MetricChart key={c.name} def={c} methods={methods} series={series} xAxis={xAxis} log={logY} textColor={pal.muted} gridColor={pal.grid} />
        ))}
        {mnist ? <ClassHistChart methods={methods} series={series} textColor={pal.muted} gridColor={pal.grid} /> : null}
      </div>
    </Panel>
  );
}
