'use client';
import { useState } from 'react';
import { Button } from '../../components/button';
import { Dialog } from '../../components/dialog';

interface DeleteDialogProps {
  name: string;
  onClose: () => void;
  onDelete: () => Promise<unknown>;
}

export function DeleteDialog({ name, onClose, onDelete }: DeleteDialogProps) {
  const [busy, setBusy] = useState(false);
  const confirm = async () => {
    setBusy(true);
    try {
      await onDelete();
      onClose();
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
            Delete workflow
          </Button>
        </>
      }
    >
      <p className="text-sm text-slate-700">
        The workflow, all its saved versions and the history of its runs will be removed. This cannot be undone. To keep a
        copy, export it first.
      </p>
    </Dialog>
  );
}
