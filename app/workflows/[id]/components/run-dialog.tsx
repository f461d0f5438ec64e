'use client';
/** "Run with input…": the data the manual start hands to the first step, typed as JSON. */
import { useState } from 'react';
import { Button } from '../../../components/button';
import { Dialog } from '../../../components/dialog';

interface RunDialogProps {
  initial: string;
  onClose: () => void;
  onRun: (input: unknown, text: string) => void;
}

function parse(text: string): { ok: true; value: unknown } | { ok: false; message: string } {
  if (!text.trim()) return { ok: true, value: undefined };
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (e) {
    return {
      ok: false,
      message: `This can't be read yet: write it like the grey example, with names and text in double quotes ("name": "Ada") and commas between the pairs. (${(e as Error).message})`,
    };
  }
}

export function RunDialog({ initial, onClose, onRun }: RunDialogProps) {
  const [text, setText] = useState(initial);
  const parsed = parse(text);
  const submit = () => {
    if (parsed.ok) onRun(parsed.value, text);
  };
  return (
    <Dialog
      open
      onClose={onClose}
      title="Run with input"
      description="The data the workflow starts with. Leave it empty to start with one empty item."
      footer={
        <>
          <Button onClick={onClose}>Cancel</Button>
          <Button variant="primary" onClick={submit} disabled={!parsed.ok}>
            Start run
          </Button>
        </>
      }
    >
      <label htmlFor="run-input" className="text-sm font-medium">
        Input (JSON)
      </label>
      <textarea
        id="run-input"
        autoFocus
        rows={8}
        spellCheck={false}
        value={text}
        onChange={(e) => setText(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) submit();
        }}
        placeholder={'{ "name": "Ada", "amount": 120 }'}
        aria-invalid={parsed.ok ? undefined : true}
        aria-describedby="run-input-help"
        className="mt-1 w-full rounded-md border border-slate-300 p-2 font-mono text-xs aria-[invalid=true]:border-red-500"
      />
      <p id="run-input-help" className={`mt-1 text-xs ${parsed.ok ? 'text-slate-600' : 'text-red-700'}`}>
        {parsed.ok
          ? 'Written like the grey example (JSON). One { … } makes one item; a list [{ … }, { … }] makes one item each. Ctrl+Enter starts the run.'
          : parsed.message}
      </p>
    </Dialog>
  );
}
