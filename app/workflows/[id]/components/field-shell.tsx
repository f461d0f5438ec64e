/** Label, help and problem text around one form control, wired up for screen readers. */
import { TriangleAlert } from 'lucide-react';
import type { ReactNode } from 'react';

export const inputClass =
  'w-full rounded-md border border-slate-300 bg-white px-2.5 text-sm text-slate-900 disabled:bg-slate-50 disabled:text-slate-500 aria-[invalid=true]:border-red-500';

interface FieldShellProps {
  id: string;
  label: string;
  required?: boolean;
  help?: string;
  problem?: string;
  /** Switches carry their own label. */
  hideLabel?: boolean;
  /** For lists of rows: the label names a group (`${id}-label`), not one input. */
  group?: boolean;
  children: ReactNode;
}

export function describedBy(id: string, help?: string, problem?: string): string | undefined {
  const ids = [help ? `${id}-help` : '', problem ? `${id}-problem` : ''].filter(Boolean);
  return ids.length ? ids.join(' ') : undefined;
}

export function FieldShell({ id, label, required, help, problem, hideLabel, group, children }: FieldShellProps) {
  const LabelTag = group ? 'span' : 'label';
  return (
    <div className="flex flex-col gap-1">
      {!hideLabel && (
        <LabelTag id={`${id}-label`} htmlFor={group ? undefined : id} className="text-sm font-medium text-slate-800">
          {label}
          {required && <span className="ml-1 text-xs font-normal text-slate-500">(required)</span>}
        </LabelTag>
      )}
      {children}
      {help && (
        <p id={`${id}-help`} className="text-xs leading-snug text-slate-600">
          {help}
        </p>
      )}
      {problem && (
        <p id={`${id}-problem`} className="flex gap-1 text-xs text-red-700">
          <TriangleAlert aria-hidden className="mt-0.5 size-3.5 shrink-0" />
          {problem}
        </p>
      )}
    </div>
  );
}

/** What a text box shows for a value that may not be text (an old number, an object). */
export function asText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value === undefined || value === null) return '';
  return JSON.stringify(value);
}
