import { useRunStore } from '../../store/runStore';
import { useUiStore, type Overlay } from '../../store/uiStore';
import { Panel } from '../common/Panel';
import { MethodPanel } from './MethodPanel';
import { ReferenceGrids } from './ReferenceGrids';

const OVERLAYS: { id: Overlay; label: string; tip: string }[] = [
  { id: 'none', label: 'None', tip: 'Samples only.' },
  { id: 'teacher', label: 'Teacher', tip: "The teacher's score: where noisy points are pushed to reach the data." },
  { id: 'fake', label: 'Fake', tip: "The fake score: the same, fitted to the student's own samples." },
  { id: 'gap', label: 'Gap', tip: 'Fake minus target: the direction the generator is pushed against.' },
];

/** The race: one panel per method, side by side, sharing the overlay choice. */
export function MethodGrid() {
  const methods = useRunStore((s) => s.config.methods);
  const overlay = useUiStore((s) => s.overlay);
  const setOverlay = useUiStore((s) => s.setOverlay);
  const sigma = useUiStore((s) => s.fieldSigma);
  const setSigma = useUiStore((s) => s.setFieldSigma);
  const images = useRunStore((s) => s.config.dataset === 'mnist');
  const actions = images ? null : (
    <div className="overlay-controls">
      <div className="seg" role="radiogroup" aria-label="Score-field overlay">
        {OVERLAYS.map((o) => (
          <label key={o.id} className={overlay === o.id ? 'on' : ''} title={o.tip}>
            <input type="radio" name="overlay" value={o.id} checked={overlay === o.id} onChange={() => setOverlay(o.id)} />
            {o.label}
          </label>
        ))}
      </div>
      {overlay !== 'none' ? (
        <label className="sigma" title="Noise level at which the score is evaluated">
          σ
          <input
            type="range"
            min={-2}
            max={1}
            step={0.1}
            value={Math.log10(sigma)}
            onChange={(e) => setSigma(Number((10 ** Number(e.target.value)).toPrecision(2)))}
            data-testid="field-sigma"
          />
          <span className="mono small">{sigma}</span>
        </label>
      ) : null}
    </div>
  );
  return (
    <Panel
      title="The race"
      className="race"
      tip={
        images
          ? 'Each panel is one student generator, trained by its method, drawing digits in one step (the first 64 of its latest samples, live). Below: the teacher\'s digits and real ones for reference.'
          : "Each panel is one student generator, trained by its method, drawing samples in one step. The background is the teacher's density: a good student covers it evenly."
      }
      actions={actions}
    >
      <div className={`method-grid n${methods.length}`}>
        {methods.map((m) => (
          <MethodPanel key={m} method={m} />
        ))}
      </div>
      {images ? <ReferenceGrids /> : null}
    </Panel>
  );
}
