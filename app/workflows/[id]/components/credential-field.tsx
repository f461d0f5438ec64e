'use client';
/**
 * A step's credential field: a choice among the saved credentials of the types the field
 * accepts, plus "Create new…" (the Credentials page, in a new tab so the editor keeps its
 * unsaved changes; the list refreshes when the user comes back).
 */
import { useQuery } from '@tanstack/react-query';
import { ExternalLink } from 'lucide-react';
import { useTRPC } from '../../../lib/trpc';
import { inputClass } from './field-shell';

interface CredentialFieldProps {
  id: string;
  value: string;
  onChange: (value: string) => void;
  /** Credential type ids the field accepts. */
  types: string[];
  disabled?: boolean;
  describedBy?: string;
  invalid?: boolean;
}

export function CredentialField({ id, value, onChange, types, disabled, describedBy, invalid }: CredentialFieldProps) {
  const trpc = useTRPC();
  const list = useQuery(trpc.credentials.list.queryOptions());
  const choices = (list.data ?? []).filter((c) => types.length === 0 || types.includes(c.type));
  const chosenMissing = value !== '' && list.data !== undefined && !choices.some((c) => c.id === value);
  const createHref = `/credentials?new=${types.length === 1 ? encodeURIComponent(types[0]) : ''}`;

  return (
    <div className="flex flex-col gap-1">
      <select
        id={id}
        value={value}
        disabled={disabled}
        aria-describedby={describedBy}
        aria-invalid={invalid || chosenMissing || undefined}
        onChange={(e) => onChange(e.target.value)}
        className={`${inputClass} h-9`}
      >
        <option value="">{list.isPending ? 'Loading…' : 'Choose a saved credential…'}</option>
        {chosenMissing && <option value={value}>(deleted credential)</option>}
        {choices.map((c) => (
          <option key={c.id} value={c.id}>
            {c.name} · {c.typeName}
          </option>
        ))}
      </select>
      {chosenMissing && <p className="text-xs text-red-700">The chosen credential was deleted. Choose another one.</p>}
      {list.data && choices.length === 0 && <p className="text-xs text-slate-600">No saved credential of a suitable type yet.</p>}
      <a
        href={createHref}
        target="_blank"
        rel="noopener"
        className="flex items-center gap-1 self-start rounded text-xs text-indigo-700 underline"
      >
        Create new… <ExternalLink aria-hidden className="size-3" />
      </a>
    </div>
  );
}
