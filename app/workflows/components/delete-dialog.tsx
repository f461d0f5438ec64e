'use client';
import { ConfirmDialog } from '../../components/confirm-dialog';

interface DeleteDialogProps {
  name: string;
  onClose: () => void;
  onDelete: () => Promise<unknown>;
}

export function DeleteDialog({ name, onClose, onDelete }: DeleteDialogProps) {
  return (
    <ConfirmDialog
      title={`Delete "${name}"?`}
      action="Delete workflow"
      variant="danger"
      cancel="Keep it"
      onClose={onClose}
      onConfirm={onDelete}
    >
      <p>
        The workflow, all its saved versions and the history of its runs will be removed. This cannot be undone. To keep a copy, export it
        first.
      </p>
    </ConfirmDialog>
  );
}
