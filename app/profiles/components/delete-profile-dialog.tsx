'use client';
import { ConfirmDialog } from '../../components/confirm-dialog';

interface DeleteProfileDialogProps {
  name: string;
  onClose: () => void;
  onDelete: () => Promise<unknown>;
}

export function DeleteProfileDialog({ name, onClose, onDelete }: DeleteProfileDialogProps) {
  return (
    <ConfirmDialog
      title={`Delete "${name}"?`}
      action="Delete profile"
      variant="danger"
      cancel="Keep it"
      onClose={onClose}
      onConfirm={onDelete}
    >
      <p>
        Its cookies and logins are deleted, and so is its proxy password. Workflows that use it will need another profile. This cannot be
        undone.
      </p>
    </ConfirmDialog>
  );
}
