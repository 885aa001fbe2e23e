import { useRunStore } from '../../store/runStore';
import { useUiStore } from '../../store/uiStore';
import { OnnxDownload } from '../common/OnnxDownload';
import { ScatterCanvas } from '../common/ScatterCanvas';
import { usePlotExtent } from '../hooks/usePlotExtent';
import { METHOD_COLORS } from '../methodStyle';
import { SpacingRuler } from './SpacingRuler';

const CHECKPOINT_COLOR = '#0f9d8a';

function fmt(x: number): string {
  return !Number.isFinite(x) ? '–' : x === 0 ? '0' : Math.abs(x) < 1e-2 ? x.toExponential(1) : x.toPrecision(3);
}

/** The checkpoints θ′0..θ′N of the degradation path, their samples and their spacing. */
export function Filmstrip() {
  const path = useRunStore((s) => s.path);
  const spacing = useRunStore((s) => s.config.disback.spacing);
  const images = useRunStore((s) => s.config.dataset === 'mnist');
  const target = useRunStore((s) => s.series.disback?.target);
  const sel = useUiStore((s) => s.checkpoint);
  const setSel = useUiStore((s) => s.setCheckpoint);
  const extent = usePlotExtent();
  if (!path) return null;
  const n = path.steps.length;
  if (n < 1) return <p className="muted">The path has no checkpoints.</p>;
  const i = Math.max(0, Math.min(sel, n - 1));
  const steps = (k: number) => path.steps[k] ?? NaN;
  const dist = (k: number) => path.distance?.[k] ?? NaN;
  return (
    <div className="filmstrip" data-testid="filmstrip">
      <div className="filmstrip-main">
        <div className="canvas-wrap square">
          <ScatterCanvas
            samples={path.samples?.[i]}
            context={images ? null : path.data}
            color={CHECKPOINT_COLOR}
            extent={extent}
            density={null}
            images={images}
            emptyText="no samples recorded"
            testId="filmstrip-canvas"
            ariaLabel={images ? `Digits of checkpoint ${i} (8 × 8)` : `Samples of checkpoint ${i}`}
          />
          {images ? null : <span className="canvas-note">grey: data</span>}
        </div>
        <div className="filmstrip-info">
          <h3>
            θ′<sub>{i}</sub> {i === 0 ? '· the teacher' : i === n - 1 ? '· most degraded' : ''}
          </h3>
          <dl className="kv">
            <dt>fine-tune step</dt>
            <dd className="mono">{steps(i)}</dd>
            <dt>distance from teacher</dt>
            <dd className="mono">{fmt(dist(i))}</dd>
            <dt>spacing rule</dt>
            <dd>{spacing}</dd>
            <dt>stage 1 cost</dt>
            <dd className="mono">
              {fmt(path.stage1Seconds ?? NaN)} s · {(path.stage1Passes ?? 0).toLocaleString()} passes
            </dd>
          </dl>
          <label className="slider-row">
            <span>checkpoint</span>
            <input type="range" min={0} max={n - 1} step={1} value={i} onChange={(e) => setSel(Number(e.target.value))} data-testid="filmstrip-slider" aria-valuetext={`checkpoint ${i}`} />
            <span className="mono">{i}</span>
          </label>
          <div className="row">
            <OnnxDownload
              modelRef={{ kind: 'checkpoint', index: i }}
              label={`θ′${i} .onnx`}
              title={`Checkpoint ${i}${i === 0 ? ' (the teacher)' : ''} as an ONNX denoiser D(x, σ): load it back as a teacher in the ONNX panel`}
              testId="onnx-download-checkpoint"
            />
          </div>
          <SpacingRuler label="steps" values={path.steps} selected={i} color={CHECKPOINT_COLOR} onSelect={setSel} />
          <SpacingRuler label="distance" values={path.distance ?? []} selected={i} color={CHECKPOINT_COLOR} onSelect={setSel} />
          <p className="muted small">
            Ticks bunched at one end mean the path collapsed: the generator stalls until the target reaches the teacher. Try another spacing.
          </p>
        </div>
      </div>
      <ol className={`thumbs ${images ? 'digits' : ''}`} aria-label="Checkpoints">
        {path.steps.map((_, k) => (
          <li key={k}>
            <button
              type="button"
              className={`thumb ${k === i ? 'on' : ''} ${target === k ? 'is-target' : ''}`}
              onClick={() => setSel(k)}
              aria-pressed={k === i}
              style={target === k ? { borderColor: METHOD_COLORS.disback } : undefined}
              title={`θ′${k}: step ${steps(k)}, distance ${fmt(dist(k))}${target === k ? ' (DisBack target now)' : ''}`}
              data-testid={`filmstrip-thumb-${k}`}
            >
              <ScatterCanvas
                samples={path.samples?.[k]}
                color={CHECKPOINT_COLOR}
                extent={extent}
                density={null}
                images={images}
                emptyText="–"
                radius={1.2}
                maxPoints={600}
                ariaLabel={`checkpoint ${k}`}
              />
              <span className="thumb-label mono">θ′{k}</span>
            </button>
          </li>
        ))}
      </ol>
    </div>
  );
}
