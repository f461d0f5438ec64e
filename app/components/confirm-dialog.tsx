'use client';
/** "Are you sure?" for one action, with the action's own words on its button. */
import { useState, type ReactNode } from 'react';
import { errorMessage } from '../lib/errors';
import { Button, type ButtonVariant } from './button';
import { Dialog } from './dialog';

interface ConfirmDialogProps {
  title: string;
  children: ReactNode;
  /** The button's words, like "Restore version 3". */
  action: string;
  variant?: ButtonVariant;
  /** The way out, like "Keep it" when the action deletes something. */
  cancel?: string;
  disabled?: boolean;
  onClose: () => void;
  onConfirm: () => Promise<unknown>;
}

export function ConfirmDialog({
  title,
  children,
  action,
  variant = 'primary',
  cancel = 'Cancel',
  disabled = false,
  onClose,
  onConfirm,
}: ConfirmDialogProps) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const confirm = async () => {
    setBusy(true);
    setError(null);
    try {
      await onConfirm();
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
      title={title}
      width="sm"
      footer={
        <>
          <Button onClick={onClose} autoFocus>
            {cancel}
          </Button>
          <Button variant={variant} onClick={() => void confirm()} disabled={busy || disabled}>
            {action}
          </Button>
        </>
      }
    >
      <div className="text-sm text-slate-700">{children}</div>
      {error && (
        <p role="alert" className="mt-2 text-sm text-red-700">
          {error}
        </p>
      )}
    </Dialog>
  );
}
