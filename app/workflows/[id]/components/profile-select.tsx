'use client';
/**
 * A field that picks a saved browser profile by id (Browser: open page); "None" keeps nothing.
 * Lists only the profiles the person may use (the server's list is filtered the same way).
 */
import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { useTRPC } from '../../../lib/trpc';
import { inputClass } from './field-shell';

interface ProfileSelectProps {
  id: string;
  value: string;
  onChange: (value: string) => void;
  disabled?: boolean;
  describedBy?: string;
}

export function ProfileSelect({ id, value, onChange, disabled, describedBy }: ProfileSelectProps) {
  const trpc = useTRPC();
  const profiles = useQuery(trpc.profiles.list.queryOptions());
  // Until the list has loaded, a chosen id is taken as known: no false alarm while loading.
  const known = value === '' || (profiles.data?.some((p) => p.id === value) ?? true);
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
        <option value="">None: a fresh browser that keeps nothing</option>
        {profiles.data?.map((p) => (
          <option key={p.id} value={p.id}>
            {p.name}
          </option>
        ))}
        {!known && <option value={value}>A profile not on your list ({value})</option>}
      </select>
      {profiles.isError && <p className="text-xs text-red-700">The profiles could not be loaded.</p>}
      {!known && (
        <p className="text-xs text-red-700">
          This profile was deleted, or its owner hasn’t added you under “Who may use”. Runs open it only if the workflow’s owner may use it;
          choose another to be sure.
        </p>
      )}
      <Link href="/profiles" target="_blank" className="text-xs text-indigo-700 underline">
        Manage browser profiles
      </Link>
    </div>
  );
}
