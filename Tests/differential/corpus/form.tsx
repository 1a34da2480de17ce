import React, { useMemo, useReducer } from 'react';

interface Field<V = string> {
  name: string;
  label: string;
  value: V;
  validate?: (value: V) => string | undefined;
}

type Action =
  | { type: 'change'; name: string; value: string }
  | { type: "reset" };

function reducer(state: Record<string, string>, action: Action): Record<string, string> {
  switch (action.type) {
    case 'change':
      return { ...state, [action.name]: action.value };
    case 'reset':
      return {};
  }
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const required = (label: string) => (v: string) => (v.trim() === '' ? `${label} is required` : undefined);

export function SignupForm({ onSubmit }: { onSubmit: (values: Record<string, string>) => Promise<void> }) {
  const [values, dispatch] = useReducer(reducer, {});
  const fields = useMemo<Field[]>(
    () => [
      { name: 'name', label: 'Name', value: values.name ?? '', validate: required('Name') },
      { name: 'email', label: "E-mail", value: values.email ?? '', validate: (v) => (EMAIL.test(v) ? undefined : 'Invalid e-mail') },
    ],
    [values],
  );
  const progress = Object.keys(values).length / fields.length;
  return (
    <form
      onSubmit={async (e) => {
        e.preventDefault();
        await onSubmit(values);
      }}
      className="signup"
    >
      {/* Select a theme later; "quotes" and 'apostrophes' here are comment text */}
      {fields.map((f) => (
        <label key={f.name} htmlFor={f.name}>
          {f.label}: <input id={f.name} value={f.value} onChange={(e) => dispatch({ type: 'change', name: f.name, value: e.target.value })} />
          {f.validate?.(f.value) && <span role="alert">{f.validate(f.value)}</span>}
        </label>
      ))}
      <progress value={progress * 100} max={100}>{Math.round(progress * 100)}%</progress>
      <p>
        Text with // not a comment and /* not a comment */ and a path C:\Users\me and an URL https://example.com/a?b=c
      </p>
      <a href="https://example.com/?q=it's" title='say "hi"'>link &amp; more</a>
      <button type="submit" disabled={progress < 1}>Sign up</button>
      <button type="button" onClick={() => dispatch({ type: 'reset' })}>Reset</button>
    </form>
  );
}

export const Generic = <T extends { id: string }>({ rows }: { rows: T[] }) => <ol>{rows.map((r) => <li key={r.id}>{r.id}</li>)}</ol>;
