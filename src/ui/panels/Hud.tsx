import type { Stage } from '../../../workers/api';
import { useRunStore } from '../../store/runStore';
import { shownTarget } from '../../store/snapshotReducer';

export const STAGE_LABELS: Record<Stage, string> = {
  idle: 'Idle',
  loading: 'Starting backend',
  teacher: 'Preparing teacher',
  recording: 'Recording path',
  ready: 'Ready',
  racing: 'Racing',
  paused: 'Paused',
  done: 'Done',
  error: 'Error',
};

function Bar({ label, frac, testId, active }: { label: string; frac: number; testId: string; active: boolean }) {
  const pct = Math.round(Math.max(0, Math.min(1, frac)) * 100);
  return (
    <div className={`hud-bar ${active ? 'active' : ''}`} data-testid={testId}>
      <span className="hud-bar-label">{label}</span>
      <div className="bar" role="progressbar" aria-label={label} aria-valuemin={0} aria-valuemax={100} aria-valuenow={pct}>
        <div className="bar-fill" style={{ width: `${pct}%` }} />
      </div>
      <span className="mono small">{pct}%</span>
    </div>
  );
}

function fmtRate(x: number): string {
  if (!Number.isFinite(x) || x <= 0) return '–';
  return x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toFixed(2);
}

/** Backend, speed, stage, target node and stage progress, always in view. */
export function Hud() {
  const backend = useRunStore((s) => s.backend);
  const stage = useRunStore((s) => s.stage);
  const sps = useRunStore((s) => s.stepsPerSec);
  const ms = useRunStore((s) => s.msPerStep);
  const teacherFrac = useRunStore((s) => s.teacherFrac);
  const recordFrac = useRunStore((s) => s.recordFrac);
  const progress = useRunStore((s) => s.progress);
  const disback = useRunStore((s) => (s.config.methods.includes('disback') ? s.series.disback : undefined));
  const nNodes = useRunStore((s) => (s.path ? s.path.steps.length - 1 : s.config.disback.nCheckpoints));
  const busyStage = stage === 'loading' || stage === 'teacher' || stage === 'recording';
  return (
    <div className="hud" aria-label="Status">
      <div className="hud-chips">
        <span className={`chip backend ${backend?.kind ?? 'none'}`} data-testid="hud-adapter" title={backend?.adapter ?? 'no backend yet'}>
          <b>{backend ? (backend.kind === 'webgpu' ? 'WebGPU' : 'CPU') : '…'}</b>
          <span className="chip-sub">{backend?.adapter || (stage === 'error' ? 'unavailable' : 'starting')}</span>
        </span>
        <span className={`chip stage stage-${stage}`} data-testid="hud-stage">
          {busyStage ? <span className="spinner" aria-hidden="true" /> : null}
          {STAGE_LABELS[stage]}
        </span>
        <span className="chip" data-testid="hud-steps" title="generator steps per second (all racing methods)">
          <b className="mono">{fmtRate(sps)}</b> steps/s
        </span>
        <span className="chip" data-testid="hud-ms" title="milliseconds per step">
          <b className="mono">{fmtRate(ms)}</b> ms/step
        </span>
        {disback ? (
          <span className="chip" data-testid="hud-target" title="DisBack's current target checkpoint (0 = the teacher)">
            target <b className="mono">θ′{shownTarget(disback, nNodes)}</b>
            <span className="chip-sub">of {nNodes}</span>
          </span>
        ) : null}
      </div>
      <div className="hud-bars">
        <Bar label="Teacher" frac={teacherFrac} testId="hud-progress-teacher" active={stage === 'teacher'} />
        <Bar label="Path" frac={recordFrac} testId="hud-progress-record" active={stage === 'recording'} />
        {busyStage && progress ? <span className="muted small hud-progress-label">{progress.label}</span> : null}
      </div>
    </div>
  );
}
