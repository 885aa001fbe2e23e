import { useEffect, useMemo, useState } from 'react';
import type { DatasetName } from '../../config/schema';
import { useRunStore } from '../../store/runStore';
import { startRun } from '../../store/session';
import { InfoTip } from '../common/InfoTip';
import type { TeacherMode } from '../urlState';
import { DatasetPicker } from './DatasetPicker';
import { disabledNote, fieldDefFor, isImages } from './datasetFields';
import { checkDraft, draftFromConfig, sameConfig, switchDataset, type Draft } from './draft';
import { EMBED_DIM, FIELD_GROUPS, SEED } from './fieldDefs';
import { Field, NumberField } from './Fields';
import { MethodPicker } from './MethodPicker';
import { PointsEditor } from './PointsEditor';

function samePoints(a: Float32Array | null, b: Float32Array | null): boolean {
  if (!a?.length && !b?.length) return true;
  if (!a || !b || a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * The run's settings. Edits go to a draft that is validated on every keystroke; only a
 * valid draft can be applied, which restarts the pipeline and rewrites the link.
 */
export function ControlsPanel() {
  const config = useRunStore((s) => s.config);
  const appliedPoints = useRunStore((s) => s.points);
  const appliedMode = useRunStore((s) => s.teacherMode);
  const forceCpu = useRunStore((s) => s.forceCpu);
  const stage = useRunStore((s) => s.stage);

  const [draft, setDraft] = useState<Draft>(() => draftFromConfig(config));
  const [points, setPoints] = useState<Float32Array>(() => appliedPoints ?? new Float32Array(0));
  const [strokes, setStrokes] = useState<number[]>(() => (appliedPoints?.length ? [appliedPoints.length / 2] : []));
  const [mode, setMode] = useState<TeacherMode>(appliedMode);

  // A new applied run (URL change, apply) resets the draft to it.
  useEffect(() => {
    setDraft(draftFromConfig(config));
    setMode(appliedMode);
    if (appliedPoints) {
      setPoints(appliedPoints);
      setStrokes([appliedPoints.length / 2]);
    }
  }, [config, appliedPoints, appliedMode]);

  const check = useMemo(() => checkDraft(draft), [draft]);
  const isPoints = draft.dataset === 'points';
  const images = isImages(draft.dataset);
  const needPoints = isPoints && points.length < 2;
  const dirty =
    !check.config || !sameConfig(check.config, config) || mode !== appliedMode || (isPoints && !samePoints(points, appliedPoints));
  const valid = !!check.config && !needPoints;
  const canApply = valid && (dirty || stage === 'error');

  const setText = (path: string, value: string) => setDraft((d) => ({ ...d, text: { ...d.text, [path]: value } }));

  const apply = () => {
    if (!check.config || needPoints) return;
    useRunStore.getState().setUrlErrors([]);
    void startRun(
      { config: check.config, points: isPoints ? points : null, teacherMode: mode, forceCpu, autoplay: false },
      { writeHash: true },
    );
  };

  return (
    <form
      className="controls"
      aria-label="Run settings"
      onSubmit={(e) => {
        e.preventDefault();
        if (canApply) apply();
      }}
    >
      <div className="controls-group">
        <DatasetPicker value={draft.dataset} onChange={(d: DatasetName) => setDraft((x) => switchDataset(x, d))} />
        {images ? (
          <p className="muted small" data-testid="mnist-note">
            MNIST: 28×28 digits with a small U-Net teacher, fine-tuned to carry autoguidance (cleaner digits, a little less varied
            than the data). Picking it loads settings sized for it (small batches, few samples per
            evaluation); the 2-D options (embedding, score-field overlay, density) do not apply.
          </p>
        ) : null}
        {isPoints ? (
          <PointsEditor
            points={points}
            strokes={strokes}
            onChange={(p, s) => {
              setPoints(p);
              setStrokes(s);
            }}
          />
        ) : null}
        {needPoints ? <div className="field-error">Draw at least one point.</div> : null}
        <NumberField
          def={EMBED_DIM}
          value={draft.text[EMBED_DIM.path]}
          error={check.fieldErrors[EMBED_DIM.path]}
          disabled={!!disabledNote(EMBED_DIM.path, draft.dataset) && !check.fieldErrors[EMBED_DIM.path]}
          note={disabledNote(EMBED_DIM.path, draft.dataset)}
          onChange={setText}
        />
        <div className="seed-row">
          <NumberField def={SEED} value={draft.text[SEED.path]} error={check.fieldErrors[SEED.path]} onChange={setText} />
          <button
            type="button"
            className="btn small dice"
            title="Random seed"
            aria-label="Random seed"
            onClick={() => setText('seed', String(Math.floor(Math.random() * 2 ** 31)))}
          >
            <svg viewBox="0 0 24 24" width="16" height="16" aria-hidden="true">
              <rect x="3" y="3" width="18" height="18" rx="4" fill="none" stroke="currentColor" strokeWidth="2" />
              <circle cx="8" cy="8" r="1.6" fill="currentColor" />
              <circle cx="16" cy="16" r="1.6" fill="currentColor" />
              <circle cx="12" cy="12" r="1.6" fill="currentColor" />
            </svg>
          </button>
        </div>
      </div>

      <MethodPicker value={draft.methods} error={check.fieldErrors.methods} onChange={(methods) => setDraft((d) => ({ ...d, methods }))} />

      {FIELD_GROUPS.map((g) => (
        <details key={g.id} className="controls-group" open={g.id === 'distill'}>
          <summary>
            {g.title}
            <InfoTip>{g.blurb}</InfoTip>
            {g.fields.some((f) => check.fieldErrors[f.path]) ? <span className="badge error">fix</span> : null}
          </summary>
          {g.id === 'teacher' ? (
            <div className="field">
              <span className="label">Teacher source</span>
              <div className="seg" role="radiogroup" aria-label="Teacher source">
                {(['pretrained', 'train'] as const).map((m) => (
                  <label key={m} className={mode === m ? 'on' : ''}>
                    <input type="radio" name="teacher-mode" value={m} checked={mode === m} onChange={() => setMode(m)} />
                    {m === 'pretrained' ? 'Shipped' : 'Train live'}
                  </label>
                ))}
              </div>
            </div>
          ) : null}
          <div className="field-grid">
            {g.fields.map((f) => {
              const note = disabledNote(f.path, draft.dataset);
              const error = check.fieldErrors[f.path];
              return (
                <Field
                  key={f.path}
                  def={fieldDefFor(f, draft.dataset)}
                  value={draft.text[f.path] ?? ''}
                  error={error}
                  disabled={!!note && !error}
                  note={note}
                  onChange={setText}
                />
              );
            })}
          </div>
        </details>
      ))}

      {check.formErrors.length ? (
        <ul className="form-errors">
          {check.formErrors.map((e) => (
            <li key={e}>{e}</li>
          ))}
        </ul>
      ) : null}

      <div className="apply-row">
        <button type="submit" className="btn primary wide" disabled={!canApply} data-testid="apply">
          {stage === 'error' && !dirty ? 'Retry' : 'Apply & restart'}
        </button>
        <button
          type="button"
          className="btn"
          disabled={!dirty}
          onClick={() => {
            setDraft(draftFromConfig(config));
            setMode(appliedMode);
            setPoints(appliedPoints ?? new Float32Array(0));
          }}
        >
          Revert
        </button>
      </div>
      <p className="muted small" aria-live="polite">
        {!valid ? 'Fix the highlighted settings to apply them.' : dirty ? 'Changes are not applied yet.' : 'These settings are running.'}
      </p>
    </form>
  );
}
