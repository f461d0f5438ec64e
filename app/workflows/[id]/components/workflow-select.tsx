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

const TYPE_WORDS: Record<string, string> = {
  text: 'text',
  number: 'number',
  boolean: 'yes / no',
  list: 'list',
  object: 'object',
  any: 'anything',
};

/** What the chosen workflow expects of each item it is sent (its "Called by another workflow" fields). */
function CalledInputs({ workflowId }: { workflowId: string }) {
  const trpc = useTRPC();
  const called = useQuery(trpc.workflows.callInputs.queryOptions({ id: workflowId }));
  if (!called.data) return null;
  const { inputs } = called.data;
  if (inputs === null) {
    return (
      <p className="text-xs text-red-700">This workflow does not start with “Called by another workflow”: add that step to it first.</p>
    );
  }
  if (inputs.length === 0) return <p className="text-xs text-slate-600">It takes any items (it declares no fields).</p>;
  return (
    <div className="rounded-md border border-slate-200 bg-slate-50 p-2 text-xs text-slate-700" data-testid="called-inputs">
      <p className="font-medium">Each item you send must have:</p>
      <ul className="mt-1 list-disc pl-5">
        {inputs.map((input) => (
          <li key={input.name}>
            <span className="font-mono">{input.name}</span> ({TYPE_WORDS[input.type] ?? input.type})
          </li>
        ))}
      </ul>
    </div>
  );
}

export function WorkflowSelect({ id, value, onChange, disabled, describedBy }: WorkflowSelectProps) {
  const trpc = useTRPC();
  const workflows = useQuery(trpc.workflows.list.queryOptions());
  const known = value === '' || (workflows.data?.some((w) => w.id === value) ?? true);
  return (
    <div className="flex flex-col gap-1">
      <select
        id={id}
        value={value}
        disabled={disabled}
        aria-describedby={describedBy}
        onChange={(e) => onChange(e.target.value)}
        className={`${inputClass} h-9`}
      >
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
      {value && known && <CalledInputs workflowId={value} />}
      {value && known && (
        <Link href={`/workflows/${value}`} target="_blank" className="text-xs text-indigo-700 underline">
          Open this workflow
        </Link>
      )}
    </div>
  );
}
