'use client';
import { useState, type FormEvent } from 'react';
import { Button } from '../../components/button';
import { Dialog } from '../../components/dialog';
import { errorMessage } from '../../lib/errors';

interface RenameDialogProps {
  name: string;
  onClose: () => void;
  onRename: (name: string) => Promise<unknown>;
}

export function RenameDialog({ name, onClose, onRename }: RenameDialogProps) {
  const [value, setValue] = useState(name);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!value.trim()) return setError('Give the workflow a name.');
    setBusy(true);
    try {
      await onRename(value.trim());
      onClose();
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Dialog open onClose={onClose} title="Rename workflow" width="sm">
      <form id="rename-form" onSubmit={submit} className="flex flex-col gap-1.5">
        <label htmlFor="rename-input" className="text-sm font-medium">
          Name
        </label>
        <input
          id="rename-input"
          autoFocus
          value={value}
          maxLength={200}
          onChange={(e) => setValue(e.target.value)}
          className="h-9 rounded-md border border-slate-300 px-2.5 text-sm"
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? 'rename-error' : undefined}
        />
        {error && (
          <p id="rename-error" className="text-sm text-red-700">
            {error}
          </p>
        )}
        <div className="mt-4 flex justify-end gap-2">
          <Button onClick={onClose}>Cancel</Button>
          <Button type="submit" variant="primary" disabled={busy}>
            Rename
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
