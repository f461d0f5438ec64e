'use client';
/** The "+" on a step's output: pick the step to add after it (the palette, in a dialog). */
import { Dialog } from '../../../components/dialog';
import type { CatalogEntry } from '../../../lib/api-types';
import { Palette } from './palette';

interface AddStepDialogProps {
  afterName: string;
  catalog: CatalogEntry[];
  onAdd: (typeId: string) => void;
  onClose: () => void;
}

export function AddStepDialog({ afterName, catalog, onAdd, onClose }: AddStepDialogProps) {
  // Triggers start workflows: they cannot come after a step.
  const actions = catalog.filter((c) => c.category !== 'trigger');
  return (
    <Dialog
      open
      onClose={onClose}
      title={`Add a step after “${afterName}”`}
      description="The new step is connected to it and its settings open."
    >
      <div className="-mx-5 -my-4 flex h-[60vh] flex-col">
        <Palette catalog={actions} onAdd={onAdd} hint="Click a step (or press Enter on it) to add it." autoFocus />
      </div>
    </Dialog>
  );
}
