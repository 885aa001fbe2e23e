import { METHODS, type MethodId } from '../../config/schema';
import { InfoTip } from '../common/InfoTip';
import { METHOD_BLURB, METHOD_COLORS, methodLabel } from '../methodStyle';

export function MethodPicker({ value, error, onChange }: { value: MethodId[]; error?: string; onChange(m: MethodId[]): void }) {
  const toggle = (m: MethodId, on: boolean) => onChange(METHODS.filter((x) => (x === m ? on : value.includes(x))));
  return (
    <fieldset className={`method-picker ${error ? 'has-error' : ''}`}>
      <legend>Methods to race</legend>
      {METHODS.map((m) => (
        <label key={m} className="check" data-testid={`method-toggle-${m}`}>
          <input type="checkbox" checked={value.includes(m)} onChange={(e) => toggle(m, e.target.checked)} />
          <span className="swatch" style={{ background: METHOD_COLORS[m] }} aria-hidden="true" />
          <span className="check-label">{methodLabel(m)}</span>
          <InfoTip>{METHOD_BLURB[m]}</InfoTip>
        </label>
      ))}
      {error ? <div className="field-error">{error}</div> : null}
    </fieldset>
  );
}
