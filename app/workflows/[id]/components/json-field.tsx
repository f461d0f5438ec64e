'use client';
/** A JSON value edited as text; the value changes only once the text is valid JSON. */
import { useState } from 'react';
import { describedBy, inputClass } from './field-shell';

interface JsonFieldProps {
  id: string;
  value: unknown;
  onChange: (value: unknown) => void;
  disabled?: boolean;
  help?: string;
  problem?: string;
  rows?: number;
}

function show(value: unknown): string {
  return value === undefined ? '' : JSON.stringify(value, null, 2);
}

export function JsonField({ id, value, onChange, disabled, help, problem, rows = 6 }: JsonFieldProps) {
  const [text, setText] = useState(() => show(value));
  const [error, setError] = useState<string | null>(null);
  const change = (next: string) => {
    setText(next);
    if (!next.trim()) {
      setError(null);
      return onChange(undefined);
    }
    try {
      onChange(JSON.parse(next));
      setError(null);
    } catch (e) {
      setError(`Not valid JSON yet: ${(e as Error).message}`);
    }
  };
  return (
    <>
      <textarea
        id={id}
        value={text}
        rows={rows}
        spellCheck={false}
        disabled={disabled}
        onChange={(e) => change(e.target.value)}
        aria-invalid={error || problem ? true : undefined}
        aria-describedby={[describedBy(id, help, problem), error ? `${id}-json` : ''].filter(Boolean).join(' ') || undefined}
        className={`${inputClass} py-1.5 font-mono text-xs`}
      />
      {error && (
        <p id={`${id}-json`} className="text-xs text-amber-800">
          {error}
        </p>
      )}
    </>
  );
}
