'use client';
/** A JSON value edited as text (in the code editor); the value changes only once the text is valid JSON. */
import { useState } from 'react';
import { CodeEditor } from './code-editor';
import { describedBy } from './field-shell';

interface JsonFieldProps {
  id: string;
  label: string;
  value: unknown;
  onChange: (value: unknown) => void;
  disabled?: boolean;
  help?: string;
  problem?: string;
}

function show(value: unknown): string {
  return value === undefined ? '' : JSON.stringify(value, null, 2);
}

/** True when valid text in the box no longer says what the value is (undo changed it, say). */
function outOfDate(text: string, value: unknown): boolean {
  if (!text.trim()) return value !== undefined;
  try {
    return JSON.stringify(JSON.parse(text)) !== JSON.stringify(value);
  } catch {
    return false; // Half-typed JSON: leave the user's text alone.
  }
}

export function JsonField({ id, label, value, onChange, disabled, help, problem }: JsonFieldProps) {
  const [text, setText] = useState(() => show(value));
  const [error, setError] = useState<string | null>(null);
  if (outOfDate(text, value)) setText(show(value));
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
      <CodeEditor
        language="json"
        label={label}
        value={text}
        onChange={change}
        height={140}
        readOnly={disabled}
        describedBy={[describedBy(id, help, problem), error ? `${id}-json` : ''].filter(Boolean).join(' ') || undefined}
      />
      {error && (
        <p id={`${id}-json`} className="text-xs text-amber-800" role="status">
          {error}
        </p>
      )}
    </>
  );
}
