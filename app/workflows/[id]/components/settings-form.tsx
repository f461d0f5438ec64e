'use client';
/** The selected step's settings: name, its config form, notes, failure handling, delete. */
import { Trash2, TriangleAlert } from 'lucide-react';
import { useRef, type ReactNode } from 'react';
import { Button } from '../../../components/button';
import type { CatalogEntry, Problem } from '../../../lib/api-types';
import { shortProblemMessage } from '../../../lib/errors';
import { fieldsOf, isShown } from '../lib/schema-fields';
import type { StepData, StepNode } from '../lib/types';
import type { DataSource } from '../lib/data-sources';
import { ConfigField } from './config-field';
import { DataPicker, type ExpressionTarget } from './data-picker';
import { FailureSettings } from './failure-settings';
import { FieldShell, inputClass } from './field-shell';
import type { StepChoice } from './step-select';

interface SettingsFormProps {
  node: StepNode;
  type: CatalogEntry | undefined;
  problems: Problem[];
  onChange: (patch: Partial<StepData>) => void;
  onDelete: () => void;
  /** Extra sections after the set-up fields (the connections list). */
  children?: ReactNode;
  /** A section before the set-up fields (what a trigger offers: its address, its next times). */
  top?: ReactNode;
  /** What earlier steps put out, for the data picker. */
  dataSources?: DataSource[];
  /** The workflow's steps, for fields that name one. */
  steps?: StepChoice[];
}

export function SettingsForm({ node, type, problems, onChange, onDelete, children, top, dataSources = [], steps = [] }: SettingsFormProps) {
  const { data } = node;
  // The text field that last had the cursor: where the data picker puts a reference.
  const target = useRef<ExpressionTarget | null>(null);
  const takesData = (specs: typeof fields): boolean => specs.some((f) => f.expressions || f.fieldName || takesData(f.itemFields ?? []));
  const fields = fieldsOf(type?.configSchema);
  const fieldProblem = (key: string) => {
    const found = problems.find((p) => p.field?.split('.')[0] === key);
    return found && shortProblemMessage(found.message);
  };
  const shown = fields.filter((spec) => isShown(spec, fields, data.config));
  // A problem on a hidden setting (another mode's) is listed on top, or nobody would see it.
  const general = problems.filter((p) => !p.field || !shown.some((f) => f.key === p.field?.split('.')[0]));
  const id = (key: string) => `${node.id}-${key}`;
  const otherSteps = steps.filter((s) => s.id !== node.id);

  return (
    <div className="flex flex-col gap-5 p-4">
      {general.length > 0 && (
        <div role="alert" className="rounded-md border border-red-200 bg-red-50 p-3 text-sm text-red-900">
          <p className="flex items-center gap-1.5 font-medium">
            <TriangleAlert aria-hidden className="size-4" /> To fix
          </p>
          <ul className="mt-1 list-disc pl-5">
            {general.map((p, i) => (
              <li key={i}>{shortProblemMessage(p.message)}</li>
            ))}
          </ul>
        </div>
      )}

      <FieldShell
        id={id('name')}
        label="Step name"
        help="Shown on the canvas. Renaming is safe: steps that use this one’s data keep working."
      >
        <input
          id={id('name')}
          value={data.name}
          maxLength={120}
          onChange={(e) => onChange({ name: e.target.value })}
          className={`${inputClass} h-9`}
        />
      </FieldShell>

      {top}

      <section
        aria-labelledby={id('setup')}
        className="flex flex-col gap-4"
        onFocusCapture={(e) => {
          const el = e.target;
          if ((el instanceof HTMLInputElement || el instanceof HTMLTextAreaElement) && el.dataset.expr !== undefined) target.current = el;
        }}
      >
        <h3 id={id('setup')} className="border-b border-slate-200 pb-1 text-xs font-semibold tracking-wide text-slate-500 uppercase">
          Set up
        </h3>
        {fields.length === 0 && <p className="text-sm text-slate-600">This step has nothing to set up.</p>}
        {takesData(fields) && <DataPicker sources={dataSources} target={target} />}
        {shown.map((spec) => (
          <ConfigField
            key={spec.key}
            spec={spec}
            id={id(`config-${spec.key}`)}
            value={data.config[spec.key]}
            problem={fieldProblem(spec.key)}
            steps={otherSteps}
            onChange={(value) => {
              const config = { ...data.config };
              if (value === undefined) delete config[spec.key];
              else config[spec.key] = value;
              onChange({ config });
            }}
          />
        ))}
      </section>

      {children}

      <FieldShell id={id('notes')} label="Notes" help="For you and your team; shown under the step on the canvas.">
        <textarea
          id={id('notes')}
          rows={3}
          value={data.notes ?? ''}
          onChange={(e) => onChange({ notes: e.target.value })}
          className={`${inputClass} py-1.5`}
        />
      </FieldShell>

      <details className="group rounded-md border border-slate-200">
        <summary className="cursor-pointer rounded-md px-3 py-2 text-sm font-medium text-slate-800 hover:bg-slate-50">
          When this step fails <span className="font-normal text-slate-500">(tries, time limit)</span>
        </summary>
        <div className="border-t border-slate-200 p-3">
          <FailureSettings nodeId={node.id} settings={data.settings} onChange={(settings) => onChange({ settings })} />
        </div>
      </details>

      <Button variant="ghost" className="self-start text-red-700 hover:bg-red-50" onClick={onDelete}>
        <Trash2 aria-hidden className="size-4" /> Delete this step
      </Button>
    </div>
  );
}
