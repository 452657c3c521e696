import { type ReactNode, useId } from 'react';
import { messageOf } from '../api/client';

/** A labelled form control with the API's errors for it underneath, tied to it for screen readers. */
export function Field({
  label,
  errors = [],
  hint,
  children,
}: {
  label: string;
  errors?: string[];
  hint?: string;
  children: (props: { id: string; 'aria-invalid': boolean; 'aria-describedby'?: string }) => ReactNode;
}) {
  const id = useId();
  const describedBy = errors.length || hint ? `${id}-help` : undefined;
  return (
    <div className={`field${errors.length ? ' field-invalid' : ''}`}>
      <label htmlFor={id}>{label}</label>
      {children({
        id,
        'aria-invalid': errors.length > 0,
        ...(describedBy ? { 'aria-describedby': describedBy } : {}),
      })}
      {describedBy && (
        <div id={describedBy} className="help">
          {hint && <span>{hint}</span>}
          {errors.map((error) => (
            <span key={error} className="error" role="alert">
              {error}
            </span>
          ))}
        </div>
      )}
    </div>
  );
}

/** A labelled search box: the text as typed, each change handed to `onChange`. */
export function SearchField({
  label,
  value,
  onChange,
}: {
  label: string;
  value: string;
  onChange: (value: string) => void;
}) {
  return (
    <Field label={label}>
      {(props) => (
        <input
          {...props}
          type="search"
          value={value}
          onChange={(e) => {
            onChange(e.target.value);
          }}
        />
      )}
    </Field>
  );
}

export function ErrorMessage({ error }: { error: unknown }) {
  if (!error) return null;
  return (
    <p className="error-box" role="alert">
      {messageOf(error)}
    </p>
  );
}

/** Loading / error / content, the three states of every page that reads the API. */
export function Loading<T>({
  state,
  children,
}: {
  state: { data: T | undefined; error: unknown; loading: boolean };
  children: (data: T) => ReactNode;
}) {
  if (state.error) return <ErrorMessage error={state.error} />;
  if (state.data === undefined) return <p aria-live="polite">Loading…</p>;
  return <>{children(state.data)}</>;
}

export function PageHeader({ title, actions }: { title: string; actions?: ReactNode }) {
  return (
    <header className="page-header">
      <h1>{title}</h1>
      {actions && <div className="actions">{actions}</div>}
    </header>
  );
}

export function formatDate(value: string | null | undefined): string {
  if (!value) return '—';
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? value : date.toLocaleString();
}

export function StatusBadge({ status }: { status: string }) {
  return <span className={`badge badge-${status}`}>{status}</span>;
}
