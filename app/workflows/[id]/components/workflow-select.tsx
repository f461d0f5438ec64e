'use client';
/** A field that picks a saved workflow by id (Run another workflow), listed by name, with a link to open it. */
import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { useTRPC } from '../../../lib/trpc';
import { inputClass } from './field-shell';

interface WorkflowSelectProps {
  id: string;
  value: string;
  onChange: (value: string) => void;
  disabled?: boolean;
  describedBy?: string;
}

export function WorkflowSelect({ id, value, onChange, disabled, describedBy }: WorkflowSelectProps) {
  const trpc = useTRPC();
  const workflows = useQuery(trpc.workflows.list.queryOptions());
  const known = value === '' || (workflows.data?.some((w) => w.id === value) ?? true);
  return (
    <div className="flex flex-col gap-1">
      <select id={id} value={value} disabled={disabled} aria-describedby={describedBy} onChange={(e) => onChange(e.target.value)} className={`${inputClass} h-9`}>
        <option value="">Choose a workflow…</option>
        {workflows.data?.map((w) => (
          <option key={w.id} value={w.id}>
            {w.name}
          </option>
        ))}
        {!known && <option value={value}>A deleted workflow ({value})</option>}
      </select>
      {workflows.isError && <p className="text-xs text-red-700">The workflows could not be loaded.</p>}
      {!known && <p className="text-xs text-red-700">This workflow no longer exists: choose another.</p>}
      {value && known && (
        <Link href={`/workflows/${value}`} target="_blank" className="text-xs text-indigo-700 underline">
          Open this workflow
        </Link>
      )}
    </div>
  );
}
