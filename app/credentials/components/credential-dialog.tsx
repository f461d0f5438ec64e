'use client';
/** Create a credential (pick a type, then fill in its form) or edit one (secrets show as "Saved"). */
import { useMutation, useQuery } from '@tanstack/react-query';
import { ArrowLeft } from 'lucide-react';
import { useState, type FormEvent } from 'react';
import { Button } from '../../components/button';
import { Dialog } from '../../components/dialog';
import { errorMessage } from '../../lib/errors';
import { useTRPC } from '../../lib/trpc';
import { FieldShell, inputClass } from '../../workflows/[id]/components/field-shell';
import type { CredentialForEdit, CredentialTypeEntry, ValueProblem } from '../lib/types';
import { CredentialIcon } from './credential-icon';
import { CredentialValuesForm } from './credential-values-form';
import { TestButton } from './test-button';

interface CredentialDialogProps {
  types: CredentialTypeEntry[];
  /** Editing this credential; absent: creating one. */
  editId?: string;
  /** Creating: start with this type chosen (from a step's "Create new…" link). */
  initialType?: string;
  onClose: () => void;
  onSaved: (id: string, created: boolean) => void;
}

export function CredentialDialog({ types, editId, initialType, onClose, onSaved }: CredentialDialogProps) {
  const trpc = useTRPC();
  const existing = useQuery({ ...trpc.credentials.get.queryOptions({ id: editId ?? '' }), enabled: Boolean(editId), gcTime: 0 });
  const [typeId, setTypeId] = useState<string | null>(initialType && types.some((t) => t.id === initialType) ? initialType : null);

  if (editId) {
    if (existing.isError) {
      return (
        <Dialog open onClose={onClose} title="Edit credential" width="md">
          <p role="alert" className="text-sm text-red-800">
            {errorMessage(existing.error)}
          </p>
        </Dialog>
      );
    }
    const type = existing.data && types.find((t) => t.id === existing.data.type);
    if (!existing.data || !type) return null;
    return <CredentialForm key={editId} type={type} existing={existing.data} onClose={onClose} onSaved={onSaved} />;
  }
  const type = typeId ? types.find((t) => t.id === typeId) : undefined;
  if (type) return <CredentialForm key={type.id} type={type} onBack={() => setTypeId(null)} onClose={onClose} onSaved={onSaved} />;
  return <TypePicker types={types} onPick={setTypeId} onClose={onClose} />;
}

function TypePicker({ types, onPick, onClose }: { types: CredentialTypeEntry[]; onPick: (id: string) => void; onClose: () => void }) {
  return (
    <Dialog
      open
      onClose={onClose}
      title="New credential"
      description="What kind of sign-in is it? The service you connect to says which it uses."
      width="lg"
    >
      <ul className="grid grid-cols-1 gap-2 sm:grid-cols-2">
        {types.map((type) => (
          <li key={type.id}>
            <button
              type="button"
              onClick={() => onPick(type.id)}
              className="flex h-full w-full items-start gap-3 rounded-lg border border-slate-200 p-3 text-left hover:border-indigo-300 hover:bg-indigo-50/50"
            >
              <CredentialIcon icon={type.icon} className="mt-0.5 size-5 shrink-0 text-indigo-600" />
              <span>
                <span className="block text-sm font-medium text-slate-900">{type.displayName}</span>
                <span className="mt-0.5 block text-xs leading-snug text-slate-600">{type.description}</span>
              </span>
            </button>
          </li>
        ))}
      </ul>
    </Dialog>
  );
}

interface CredentialFormProps {
  type: CredentialTypeEntry;
  existing?: CredentialForEdit;
  onBack?: () => void;
  onClose: () => void;
  onSaved: (id: string, created: boolean) => void;
}

/** The values the form starts with: saved non-secret values; secrets always start empty. */
function initialValues(type: CredentialTypeEntry, existing?: CredentialForEdit): Record<string, unknown> {
  if (!existing) return {};
  return Object.fromEntries(Object.entries(existing.values).filter(([key]) => !type.secretFields.includes(key)));
}

function CredentialForm({ type, existing, onBack, onClose, onSaved }: CredentialFormProps) {
  const trpc = useTRPC();
  const [name, setName] = useState(existing?.name ?? '');
  const [values, setValues] = useState<Record<string, unknown>>(() => initialValues(type, existing));
  const [cleared, setCleared] = useState<string[]>([]);
  const [problems, setProblems] = useState<ValueProblem[]>([]);
  const [error, setError] = useState<string | null>(null);
  const create = useMutation(trpc.credentials.create.mutationOptions());
  const update = useMutation(trpc.credentials.update.mutationOptions());
  const busy = create.isPending || update.isPending;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    try {
      const result = existing
        ? await update.mutateAsync({ id: existing.id, name, values, clear: cleared })
        : await create.mutateAsync({ name, type: type.id, values });
      if (!result.saved) return setProblems(result.problems);
      onSaved(result.id, !existing);
    } catch (e) {
      setError(errorMessage(e));
    }
  };

  const nameProblem = problems.find((p) => p.field === 'name')?.message;
  const general = problems.filter((p) => !p.field);
  return (
    <Dialog
      open
      onClose={onClose}
      width="md"
      title={existing ? `Edit "${existing.name}"` : `New ${type.displayName} credential`}
      description={
        <span className="flex items-center gap-1.5">
          <CredentialIcon icon={type.icon} className="mt-0.5 size-4 shrink-0 self-start text-indigo-600" /> {type.description}
        </span>
      }
      footer={
        <>
          {onBack && (
            <Button onClick={onBack} className="mr-auto">
              <ArrowLeft aria-hidden className="size-4" /> Other type
            </Button>
          )}
          {existing && type.testable && <TestButton id={existing.id} className="mr-auto" />}
          <Button onClick={onClose}>Cancel</Button>
          <Button type="submit" form="credential-form" variant="primary" disabled={busy}>
            {existing ? 'Save changes' : 'Save credential'}
          </Button>
        </>
      }
    >
      <form id="credential-form" onSubmit={submit} className="flex flex-col gap-4" autoComplete="off">
        <FieldShell
          id="credential-name"
          label="Name"
          required
          help="How you find it in the steps' settings, like “Shop API” or “Office mail”."
          problem={nameProblem}
        >
          <input
            id="credential-name"
            autoFocus={!existing}
            value={name}
            maxLength={200}
            onChange={(e) => setName(e.target.value)}
            aria-invalid={nameProblem ? true : undefined}
            className={`${inputClass} h-9`}
          />
        </FieldShell>
        <CredentialValuesForm
          type={type}
          values={values}
          onChange={setValues}
          savedSecrets={existing?.secretsSet ?? []}
          cleared={cleared}
          onClearedChange={setCleared}
          problems={problems}
        />
        <p className="text-xs text-slate-500">
          Secrets are stored encrypted. They are never shown again, exported with workflows, or written to run logs.
        </p>
        {general.map((p, i) => (
          <p key={i} role="alert" className="text-sm text-red-700">
            {p.message}
          </p>
        ))}
        {error && (
          <p role="alert" className="text-sm text-red-700">
            {error}
          </p>
        )}
      </form>
    </Dialog>
  );
}
