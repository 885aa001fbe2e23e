import { useId } from 'react';
import { InfoTip } from '../common/InfoTip';
import { rangeText } from './draft';
import type { EnumFieldDef, FieldDef, NumberFieldDef } from './fieldDefs';

interface FieldProps<D extends FieldDef> {
  def: D;
  value: string;
  error?: string;
  disabled?: boolean;
  /** why the field is disabled (shown under it) */
  note?: string | null;
  onChange(path: string, value: string): void;
}

function Note({ text }: { text?: string | null }) {
  return text ? <div className="field-note muted small">{text}</div> : null;
}

export function NumberField({ def, value, error, disabled, note, onChange }: FieldProps<NumberFieldDef>) {
  const id = useId();
  return (
    <div className={`field ${error ? 'has-error' : ''} ${disabled ? 'is-disabled' : ''}`}>
      <label htmlFor={id}>
        {def.label}
        <InfoTip>
          {def.hint} ({rangeText(def)})
        </InfoTip>
      </label>
      <input
        id={id}
        type="text"
        inputMode={def.int ? 'numeric' : 'decimal'}
        spellCheck={false}
        autoComplete="off"
        value={value}
        disabled={disabled}
        aria-invalid={!!error}
        aria-describedby={error ? `${id}-err` : undefined}
        data-testid={`field-${def.path}`}
        onChange={(e) => onChange(def.path, e.target.value)}
      />
      <Note text={note} />
      {error ? (
        <div className="field-error" id={`${id}-err`} role="status">
          {error}
        </div>
      ) : null}
    </div>
  );
}

export function EnumField({ def, value, error, disabled, note, onChange }: FieldProps<EnumFieldDef>) {
  const id = useId();
  return (
    <div className={`field ${error ? 'has-error' : ''} ${disabled ? 'is-disabled' : ''}`}>
      <label htmlFor={id}>
        {def.label}
        <InfoTip>{def.hint}</InfoTip>
      </label>
      <select id={id} value={value} disabled={disabled} data-testid={`field-${def.path}`} onChange={(e) => onChange(def.path, e.target.value)}>
        {def.options.includes(value) || value === '' ? null : (
          <option value={value} disabled>
            {value} (not for this data set)
          </option>
        )}
        {def.options.map((o) => (
          <option key={o} value={o}>
            {o}
          </option>
        ))}
      </select>
      <Note text={note} />
      {error ? <div className="field-error">{error}</div> : null}
    </div>
  );
}

export function Field(props: FieldProps<FieldDef>) {
  const { def } = props;
  return def.kind === 'number' ? <NumberField {...props} def={def} /> : <EnumField {...props} def={def} />;
}
