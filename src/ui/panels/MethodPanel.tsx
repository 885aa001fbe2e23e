import type { MethodId } from '../../config/schema';
import { useRunStore } from '../../store/runStore';
import { shownTarget } from '../../store/snapshotReducer';
import { useUiStore } from '../../store/uiStore';
import { InfoTip } from '../common/InfoTip';
import { OnnxDownload } from '../common/OnnxDownload';
import { ScatterCanvas } from '../common/ScatterCanvas';
import { usePlotExtent } from '../hooks/usePlotExtent';
import { useScoreField } from '../hooks/useScoreField';
import { classesOf, numberField } from '../charts/mnistData';
import { METHOD_BLURB, METHOD_COLORS, METHOD_SHORT, methodLabel } from '../methodStyle';
import { MiniClassHist } from './MiniClassHist';

function fmt(x: number | undefined): string {
  if (x === undefined || !Number.isFinite(x)) return '–';
  return Math.abs(x) >= 100 ? x.toFixed(0) : Math.abs(x) >= 1 ? x.toFixed(2) : x.toPrecision(2);
}

/** One racer: its samples over the teacher's density, plus the chosen score field. */
export function MethodPanel({ method }: { method: MethodId }) {
  const series = useRunStore((s) => s.series[method]);
  const path = useRunStore((s) => s.path);
  const totalSteps = useRunStore((s) => s.config.distill.steps);
  const images = useRunStore((s) => s.config.dataset === 'mnist');
  const overlay = useUiStore((s) => s.overlay);
  const sigma = useUiStore((s) => s.fieldSigma);
  const extent = usePlotExtent();
  // no score field for images (the overlay is a 2-D picture)
  const { field, error } = useScoreField(method, images ? 'none' : overlay, sigma);
  const last = series?.points[series.points.length - 1];
  const samples = series?.samples ?? path?.g0 ?? null;
  const fd = numberField(last, 'fd');
  const classes = classesOf(last);
  const confident = numberField(last, 'confident');
  const color = METHOD_COLORS[method];
  const usesPath = method === 'disback';
  const nNodes = useRunStore((s) => (s.path ? s.path.steps.length - 1 : s.config.disback.nCheckpoints));
  const stage = useRunStore((s) => s.stage);
  const pct = Math.min(100, ((series?.step ?? 0) / totalSteps) * 100);

  return (
    <article className="method-panel" data-testid={`method-panel-${method}`} style={{ ['--method' as string]: color }}>
      <header className="method-head">
        <span className="swatch" style={{ background: color }} aria-hidden="true" />
        <h3 title={methodLabel(method)}>{METHOD_SHORT[method]}</h3>
        <InfoTip>
          <b>{methodLabel(method)}</b>. {METHOD_BLURB[method]}
        </InfoTip>
        {series?.diverged ? (
          <span className="badge error" title={series.diverged.what}>
            diverged @ {series.diverged.step}
          </span>
        ) : null}
        <span className="spacer" />
        <span className="mono small" data-testid={`method-step-${method}`}>
          {series?.step ?? 0}
          <span className="muted">/{totalSteps}</span>
        </span>
      </header>
      <div className="step-bar" aria-hidden="true">
        <div style={{ width: `${pct}%`, background: color }} />
      </div>
      <div className="canvas-wrap square">
        <ScatterCanvas
          samples={samples}
          color={color}
          extent={extent}
          density={images ? null : (path?.density ?? null)}
          field={images ? null : field}
          images={images}
          emptyText={path ? 'no digits yet' : undefined}
          testId={`samples-canvas-${method}`}
          ariaLabel={`${METHOD_SHORT[method]} student ${images ? 'digits (the first 64, an 8 × 8 grid)' : 'samples'} at step ${series?.step ?? 0}`}
        />
        {!series?.samples && path ? <span className="canvas-note">initial generator G⁰</span> : null}
        {!path && stage !== 'error' ? <span className="canvas-note center">waiting for the teacher…</span> : null}
        {error ? <span className="canvas-note bottom error">field: {error}</span> : null}
      </div>
      <dl className="method-stats">
        {images ? (
          <>
            <div title="Fréchet distance of classifier features to held-out real digits (lower is better)">
              <dt>FD → digits</dt>
              <dd className="mono" data-testid={`method-fd-${method}`}>
                {fmt(fd)}
              </dd>
            </div>
            <div title={`Digit classes present among the samples${confident !== undefined ? `; ${(confident * 100).toFixed(0)} % classified with confidence ≥ 0.9` : ''}`}>
              <dt>classes</dt>
              <dd className="mono">{classes === undefined ? '–' : `${classes}/10`}</dd>
            </div>
          </>
        ) : (
          <>
            <div>
              <dt>SW2 → teacher</dt>
              <dd className="mono">{fmt(last?.sw2Teacher)}</dd>
            </div>
            <div>
              <dt>MMD²</dt>
              <dd className="mono">{fmt(last?.mmdTeacher)}</dd>
            </div>
          </>
        )}
        <div>
          <dt>target</dt>
          <dd className="mono">{usesPath ? `θ′${shownTarget(series, nNodes)}` : 'teacher'}</dd>
        </div>
      </dl>
      {images ? <MiniClassHist points={series?.points ?? []} color={color} testId={`classhist-${method}`} /> : null}
      <div className="method-downloads" role="group" aria-label={`Save ${METHOD_SHORT[method]} networks as ONNX`}>
        <OnnxDownload
          modelRef={{ kind: 'student', method }}
          label="student .onnx"
          title="The one-step generator G(z) as a standard ONNX model"
          testId={`onnx-download-student-${method}`}
        />
        <OnnxDownload
          modelRef={{ kind: 'fake', method }}
          label="fake score .onnx"
          title="The fake score's denoiser D(x, σ) as a standard ONNX model"
          testId={`onnx-download-fake-${method}`}
        />
      </div>
    </article>
  );
}
