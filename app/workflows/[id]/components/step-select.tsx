'use client';
/**
 * A field that names another step (widget 'step'): chosen by name, stored by the step's fixed
 * id so renaming the step changes nothing. The empty choice is the field's documented default.
 */
import type { SelectHTMLAttributes } from 'react';
import { inputClass } from './field-shell';

/** A step the user can choose: its fixed id and the name the canvas shows. */
export interface StepChoice {
  id: string;
  name: string;
}

interface StepSelectProps {
  /** The shared id, aria-invalid, aria-describedby… of the field. */
  aria: SelectHTMLAttributes<HTMLSelectElement>;
  value: string;
  onChange: (value: string) => void;
  steps: StepChoice[];
  /** What leaving the field empty does, like "The last step that ran". */
  emptyLabel: string;
}

export function StepSelect({ aria, value, onChange, steps, emptyLabel }: StepSelectProps) {
  const stale = value !== '' && !steps.some((s) => s.id === value);
  // Two steps may share a name: then the id tells them apart.
  const counts = new Map<string, number>();
  for (const s of steps) counts.set(s.name, (counts.get(s.name) ?? 0) + 1);
  const labelOf = (s: StepChoice) => {
    const name = s.name.trim() || 'Unnamed step';
    return (counts.get(s.name) ?? 0) > 1 || !s.name.trim() ? `${name} (${s.id})` : name;
  };
  return (
    <div className="flex flex-col gap-1">
      <select {...aria} value={value} onChange={(e) => onChange(e.target.value)} className={`${inputClass} h-9`}>
        <option value="">{emptyLabel}</option>
        {steps.map((s) => (
          <option key={s.id} value={s.id}>
            {labelOf(s)}
          </option>
        ))}
        {stale && <option value={value}>A step that no longer exists ({value})</option>}
      </select>
      {stale && <p className="text-xs text-red-700">The chosen step no longer exists: choose another, or the first choice.</p>}
    </div>
  );
}

/**
 * A group of steps (widget 'steps', Repeat until): their names in the order given, read only;
 * the group is chosen on the canvas ("Repeat these steps until…"), where the steps are.
 */
export function StepGroupList({
  id,
  value,
  steps,
  describedBy,
}: {
  id: string;
  value: unknown;
  steps: StepChoice[];
  describedBy?: string;
}) {
  const ids = Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
  const names = new Map(steps.map((s) => [s.id, s.name]));
  if (ids.length === 0) {
    return (
      <p id={id} aria-describedby={describedBy} className="rounded-md border border-dashed border-slate-300 p-2 text-sm text-slate-600">
        None yet. Select the steps on the canvas, then choose “Repeat these steps until…”.
      </p>
    );
  }
  return (
    <ol
      id={id}
      aria-describedby={describedBy}
      className="list-decimal rounded-md border border-slate-200 bg-slate-50 py-1.5 pr-2 pl-7 text-sm"
      data-testid="repeated-steps"
    >
      {ids.map((stepId) => (
        <li key={stepId}>{names.get(stepId) ?? `a step that is gone (${stepId})`}</li>
      ))}
    </ol>
  );
}
