import { useId, type ReactNode } from 'react';
import type { Problem } from './api';
import { useI18n } from './i18n';

/** Messages the API gave for one field of the body (`customer.name` and its children included). */
export const fieldErrors = (problem: Problem | null, field: string): string[] =>
  (problem?.errors ?? []).filter((error) => error.field === field || error.field.startsWith(`${field}.`)).map((error) => error.message);

interface FieldProps {
  readonly label: string;
  readonly name: string;
  readonly problem: Problem | null;
  readonly value: string;
  onChange: (value: string) => void;
  readonly options?: readonly { value: string; label: string }[];
  readonly multiline?: boolean;
  readonly type?: string;
  readonly required?: boolean;
  /** An example of the expected form (dates: 2026-12-04 09:30). */
  readonly placeholder?: string;
  /** Values a free-text input offers as a picker (a datalist); anything else may still be typed. */
  readonly suggestions?: readonly { value: string; label: string }[];
}

/** A labelled input whose API validation messages are tied to it for screen readers. */
export function Field({ label, name, problem, value, onChange, options, multiline, type = 'text', required, placeholder, suggestions }: FieldProps) {
  const id = useId();
  const errors = fieldErrors(problem, name);
  const describedBy = errors.length ? `${id}-errors` : undefined;
  const common = { id, name, value, required, 'aria-invalid': errors.length > 0, 'aria-describedby': describedBy };
  let control: ReactNode;
  if (options) {
    control = (
      <select {...common} onChange={(event) => onChange(event.target.value)}>
        <option value="">—</option>
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
    );
  } else if (multiline) {
    control = <textarea {...common} rows={3} onChange={(event) => onChange(event.target.value)} />;
  } else {
    const listId = suggestions ? `${id}-suggestions` : undefined;
    control = (
      <>
        <input {...common} type={type} placeholder={placeholder} list={listId} onChange={(event) => onChange(event.target.value)} />
        {suggestions && (
          <datalist id={listId}>
            {suggestions.map((suggestion) => (
              <option key={suggestion.value} value={suggestion.value} label={suggestion.label} />
            ))}
          </datalist>
        )}
      </>
    );
  }
  return (
    <div className="field">
      <label htmlFor={id}>
        {label}
        {required ? <span aria-hidden="true"> *</span> : null}
      </label>
      {control}
      {errors.length > 0 && (
        <ul id={describedBy} className="field-errors">
          {errors.map((message) => (
            <li key={message}>{message}</li>
          ))}
        </ul>
      )}
    </div>
  );
}

export function useCodeOptions(): (codes: readonly string[]) => { value: string; label: string }[] {
  const { code } = useI18n();
  return (codes) => codes.map((value) => ({ value, label: code(value) }));
}
