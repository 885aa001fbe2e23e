import { useEffect } from 'react';
import type { MethodId } from '../../config/schema';
import { useRunStore } from '../../store/runStore';
import { METHOD_SHORT } from '../methodStyle';

/** DisBack when it races, else the first racer. */
export function defaultMethod(methods: readonly MethodId[]): MethodId {
  return methods.includes('disback') ? 'disback' : methods[0];
}

export interface MethodSelectProps {
  value: MethodId;
  onChange(m: MethodId): void;
  label: string;
  testId?: string;
}

/** Pick one of the racing methods; follows the run when the chosen one no longer races. */
export function MethodSelect({ value, onChange, label, testId }: MethodSelectProps) {
  const methods = useRunStore((s) => s.config.methods);
  useEffect(() => {
    if (!methods.includes(value)) onChange(defaultMethod(methods));
  }, [methods, value, onChange]);
  return (
    <label className="inline-field">
      {label}
      <select value={methods.includes(value) ? value : defaultMethod(methods)} onChange={(e) => onChange(e.target.value as MethodId)} data-testid={testId}>
        {methods.map((m) => (
          <option key={m} value={m}>
            {METHOD_SHORT[m]}
          </option>
        ))}
      </select>
    </label>
  );
}
