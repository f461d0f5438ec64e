'use client';
import { useState } from 'react';
import { Button } from '../../components/button';
import { Dialog } from '../../components/dialog';
import { errorMessage } from '../../lib/errors';

interface DeleteProfileDialogProps {
  name: string;
  onClose: () => void;
  onDelete: () => Promise<unknown>;
}

export function DeleteProfileDialog({ name, onClose, onDelete }: DeleteProfileDialogProps) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const confirm = async () => {
    setBusy(true);
    setError(null);
    try {
      await onDelete();
      onClose();
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Dialog
      open
      onClose={onClose}
      title={`Delete "${name}"?`}
      width="sm"
      footer={
        <>
          <Button onClick={onClose} autoFocus>
            Keep it
          </Button>
          <Button variant="danger" onClick={confirm} disabled={busy}>
            Delete profile
          </Button>
        </>
      }
    >
      <p className="text-sm text-slate-700">
        Its cookies and logins are deleted, and so is its proxy password. Workflows that use it will need another profile. This cannot be
        undone.
      </p>
      {error && (
        <p role="alert" className="mt-3 text-sm text-red-700">
          {error}
        </p>
      )}
    </Dialog>
  );
}
