'use client';
/** "Pick on page" beside a Browser step's selector field (see picker-dialog.tsx). */
import { Crosshair } from 'lucide-react';
import { useState } from 'react';
import { Button } from '../../../components/button';
import { usePicker } from '../lib/picker-context';
import { PickerDialog } from './picker-dialog';

export function PickButton({
  fieldLabel,
  onPick,
  disabled,
}: {
  fieldLabel: string;
  onPick: (selector: string) => void;
  disabled?: boolean;
}) {
  const picker = usePicker();
  const [open, setOpen] = useState(false);
  if (!picker) return null;
  const missing = picker.steps === null;
  return (
    <>
      <Button
        size="sm"
        className="shrink-0"
        disabled={disabled || missing}
        title={missing ? 'Connect a "Browser: open page" step before this one to pick on its page.' : undefined}
        onClick={() => setOpen(true)}
      >
        <Crosshair aria-hidden className="size-4" /> Pick on page
      </Button>
      {open && picker.steps && (
        <PickerDialog
          open={open}
          onClose={() => setOpen(false)}
          steps={picker.steps}
          fieldLabel={fieldLabel}
          onPick={onPick}
          onRecorded={picker.onRecorded}
        />
      )}
    </>
  );
}
