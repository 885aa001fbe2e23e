import { useEffect, useState } from 'react';
import { distillSchema } from '../../config/schema';
import { resumeFromLastGood, useSavedRunStore } from '../../store/runFiles';
import { useRunStore } from '../../store/runStore';
import { play } from '../../store/session';
import { parseFieldNumber } from '../controls/draft';
import { METHOD_SHORT } from '../methodStyle';

const LR = { lrG: distillSchema.shape.lrG.unwrap(), lrPhi: distillSchema.shape.lrPhi.unwrap() };
const lower = (x: number | undefined, k: 'lrG' | 'lrPhi') => String(Math.max(LR[k].minValue ?? 1e-6, Number(((x ?? 1e-4) / 10).toPrecision(2))));

/** After a divergence: lower that method's learning rates and go back to the last good state. */
export function DivergencePanel() {
  const alert = useRunStore((s) => s.alert);
  const stage = useRunStore((s) => s.stage);
  const opening = useSavedRunStore((s) => s.opening);
  const [text, setText] = useState({ lrG: '', lrPhi: '' });
  useEffect(() => {
    if (alert?.kind === 'diverged') setText({ lrG: lower(alert.lrG, 'lrG'), lrPhi: lower(alert.lrPhi, 'lrPhi') });
  }, [alert]);
  if (alert?.kind !== 'diverged' || alert.lastGoodStep === undefined || !alert.method || stage === 'racing') return null;
  const values = { lrG: parseFieldNumber(text.lrG), lrPhi: parseFieldNumber(text.lrPhi) };
  const errors = (['lrG', 'lrPhi'] as const).filter((k) => !LR[k].safeParse(values[k]).success);
  const method = alert.method;
  const go = async () => {
    if (errors.length) return;
    if (await resumeFromLastGood(method, values.lrG, values.lrPhi)) await play();
  };
  return (
    <div className="banner error" role="group" aria-label="Recover from the divergence" data-testid="divergence-panel">
      <span className="banner-text">
        <b>{METHOD_SHORT[method]} diverged at step {alert.step}.</b> Go back to step {alert.lastGoodStep} with lower learning rates for it:
      </span>
      {(['lrG', 'lrPhi'] as const).map((k) => (
        <label key={k} className="inline-field">
          <span className="mono small">{k}</span>
          <input
            type="text"
            inputMode="decimal"
            size={7}
            value={text[k]}
            aria-invalid={errors.includes(k)}
            title={`a number from ${LR[k].minValue} to ${LR[k].maxValue}`}
            onChange={(e) => setText((t) => ({ ...t, [k]: e.target.value }))}
            data-testid={`divergence-${k}`}
          />
        </label>
      ))}
      <button type="button" className="btn small primary" disabled={opening || errors.length > 0} onClick={() => void go()} data-testid="divergence-resume">
        Go back and resume
      </button>
      {errors.length ? <span className="field-error small">Learning rates run from {LR.lrG.minValue} to {LR.lrG.maxValue}.</span> : null}
    </div>
  );
}
