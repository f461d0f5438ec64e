'use client';
/**
 * The sign-in and owner-setup forms: plain fields posted as JSON to /api/auth/* (forms posted by
 * other sites are refused there), with the server's message shown under the form.
 */
import { useState, type FormEvent, type ReactNode } from 'react';
import { Button } from '../button';

export interface Field {
  name: string;
  label: string;
  type?: 'text' | 'email' | 'password';
  autoComplete?: string;
  help?: string;
}

interface AuthFormProps {
  title: string;
  intro?: ReactNode;
  fields: Field[];
  submitLabel: string;
  /** Where the form posts (JSON). */
  action: string;
  /** Where the browser goes after success. */
  then: string;
  /** Values sent along that the person doesn't type (an invitation's token). */
  hidden?: Record<string, string>;
}

export function AuthForm({ title, intro, fields, submitLabel, action, then, hidden }: AuthFormProps) {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    const values = { ...Object.fromEntries(new FormData(event.currentTarget).entries()), ...hidden };
    try {
      const res = await fetch(action, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(values) });
      if (res.ok) {
        // A full load, so every page and the top bar start fresh as the signed-in person.
        window.location.assign(then);
        return;
      }
      const body = (await res.json().catch(() => null)) as { error?: { message?: string } } | null;
      setError(body?.error?.message ?? `Something went wrong (${res.status}). Try again.`);
    } catch {
      setError('TaskMaster could not be reached. Check that it is running and try again.');
    }
    setBusy(false);
  }

  return (
    <div className="flex flex-1 items-start justify-center overflow-auto bg-slate-50 px-4 py-12">
      <form
        onSubmit={submit}
        className="w-full max-w-sm space-y-4 rounded-lg border border-slate-200 bg-white p-6 shadow-sm"
        aria-describedby={error ? 'auth-error' : undefined}
      >
        <h1 className="text-xl font-semibold text-slate-900">{title}</h1>
        {intro ? <div className="text-sm text-slate-600">{intro}</div> : null}
        {fields.map((field) => (
          <div key={field.name} className="space-y-1">
            <label htmlFor={`f-${field.name}`} className="block text-sm font-medium text-slate-800">
              {field.label}
            </label>
            <input
              id={`f-${field.name}`}
              name={field.name}
              type={field.type ?? 'text'}
              autoComplete={field.autoComplete}
              required
              aria-describedby={field.help ? `f-${field.name}-help` : undefined}
              className="block h-9 w-full rounded-md border border-slate-300 px-3 text-sm text-slate-900 shadow-sm focus:border-indigo-500 focus:outline-none focus:ring-2 focus:ring-indigo-200"
            />
            {field.help ? (
              <p id={`f-${field.name}-help`} className="text-xs text-slate-600">
                {field.help}
              </p>
            ) : null}
          </div>
        ))}
        {error ? (
          <p id="auth-error" role="alert" className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800">
            {error}
          </p>
        ) : null}
        <Button type="submit" variant="primary" className="w-full" disabled={busy}>
          {busy ? 'One moment…' : submitLabel}
        </Button>
      </form>
    </div>
  );
}
