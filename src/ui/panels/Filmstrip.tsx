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
  const i = Math.min(sel, n - 1);
  return (
    <div className="filmstrip" data-testid="filmstrip">
      <div className="filmstrip-main">
        <div className="canvas-wrap square">
          <ScatterCanvas
            samples={path.samples[i]}
            context={images ? null : path.data}
            color={CHECKPOINT_COLOR}
            extent={extent}
            density={null}
            images={images}
            testId="filmstrip-canvas"
            ariaLabel={`Samples of checkpoint ${i}`}
          />
          <span className="canvas-note">grey: data</span>
        </div>
        <div className="filmstrip-info">
          <h3>
            θ′<sub>{i}</sub> {i === 0 ? '· the teacher' : i === n - 1 ? '· most degraded' : ''}
          </h3>
          <dl className="kv">
            <dt>fine-tune step</dt>
            <dd className="mono">{path.steps[i]}</dd>
            <dt>distance from teacher</dt>
            <dd className="mono">{fmt(path.distance[i])}</dd>
            <dt>spacing rule</dt>
            <dd>{spacing}</dd>
            <dt>stage 1 cost</dt>
            <dd className="mono">
              {path.stage1Seconds.toFixed(1)} s · {path.stage1Passes.toLocaleString()} passes
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
          <SpacingRuler label="distance" values={path.distance} selected={i} color={CHECKPOINT_COLOR} onSelect={setSel} />
          <p className="muted small">
            Ticks bunched at one end mean the path collapsed: the generator stalls until the target reaches the teacher. Try another spacing.
          </p>
        </div>
      </div>
      <ol className="thumbs" aria-label="Checkpoints">
        {path.samples.map((s, k) => (
          <li key={k}>
            <button
              type="button"
              className={`thumb ${k === i ? 'on' : ''} ${target === k ? 'is-target' : ''}`}
              onClick={() => setSel(k)}
              aria-pressed={k === i}
              style={target === k ? { borderColor: METHOD_COLORS.disback } : undefined}
              title={`θ′${k}: step ${path.steps[k]}, distance ${fmt(path.distance[k])}${target === k ? ' (DisBack target now)' : ''}`}
            >
              <ScatterCanvas samples={s} color={CHECKPOINT_COLOR} extent={extent} density={null} images={images} radius={1.2} maxPoints={600} ariaLabel={`checkpoint ${k}`} />
              <span className="thumb-label mono">θ′{k}</span>
            </button>
          </li>
        ))}
      </ol>
    </div>
  );
}
