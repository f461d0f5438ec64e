'use client';
/** Right-hand panel when no step is selected: description, problems, and how to use the canvas. */
import { X } from 'lucide-react';
import { useEffect, useState } from 'react';
import { isTimeZoneName } from '@/core/document';
import { variablesFromText, variablesToText, type Variable } from '@/core/variables';
import type { Problem } from '../../../lib/api-types';
import { inputClass } from './field-shell';
import { ProblemsList } from './problems-list';

interface WorkflowPanelProps {
  description: string;
  onDescription: (text: string) => void;
  /** What a step warning does to the run (a field no item has, a save left without items). */
  onWarning: 'continue' | 'fail';
  onOnWarning: (value: 'continue' | 'fail') => void;
  variables: Variable[];
  onVariables: (list: Variable[]) => void;
  /** The workflow's time zone (settings.timezone); undefined: the instance's. */
  timezone: string | undefined;
  onTimezone: (zone: string | undefined) => void;
  problems: Problem[];
  nodeName: (id: string) => string | undefined;
  onSelectNode: (id: string) => void;
  empty: boolean;
  onClose: () => void;
}

const TIPS = [
  'Drag steps from the left onto the canvas, or click one to add it.',
  'Connect steps by dragging from a step’s right dot to another step’s left dot.',
  'Click a step to change its settings.',
  'To remove a step or connection, click it and press Delete.',
  'Ctrl+S saves. Run tries the workflow as it is on the canvas.',
  'Ctrl+Z undoes, Ctrl+C and Ctrl+V copy and paste steps. Press ? for every shortcut.',
];

export function WorkflowPanel(props: WorkflowPanelProps) {
  const { description, onDescription, variables, onVariables, onWarning, onOnWarning, problems, nodeName, onSelectNode, empty, onClose } =
    props;
  const { timezone, onTimezone } = props;
  return (
    <>
      <div className="flex items-center justify-between border-b border-slate-200 px-4 py-3">
        <h2 className="text-sm font-semibold">Workflow details</h2>
        <button
          type="button"
          onClick={onClose}
          className="rounded p-1 text-slate-500 hover:bg-slate-100"
          aria-label="Close workflow details"
        >
          <X aria-hidden className="size-4" />
        </button>
      </div>
      <div className="flex min-h-0 flex-1 flex-col gap-5 relative overflow-y-auto p-4">
        {empty && (
          <div className="rounded-md border border-indigo-200 bg-indigo-50 p-3 text-sm text-indigo-950">
            <p className="font-medium">Start with a trigger</p>
            <p className="mt-1">
              Every workflow begins with a step that starts it. Add “Manual start” from the list on the left, then add the steps that should
              follow.
            </p>
          </div>
        )}
        <div className="flex flex-col gap-1">
          <label htmlFor="workflow-description" className="text-sm font-medium">
            What this workflow does
          </label>
          <textarea
            id="workflow-description"
            rows={3}
            value={description}
            onChange={(e) => onDescription(e.target.value)}
            placeholder="A sentence for whoever opens this later."
            className={`${inputClass} py-1.5`}
          />
        </div>
        <div className="flex flex-col gap-1">
          <label htmlFor="workflow-on-warning" className="text-sm font-medium">
            When a step warns
          </label>
          <select
            id="workflow-on-warning"
            value={onWarning}
            onChange={(e) => onOnWarning(e.target.value === 'fail' ? 'fail' : 'continue')}
            aria-describedby="workflow-on-warning-help"
            className={`${inputClass} h-9`}
          >
            <option value="continue">Go on, and mark the step and the run</option>
            <option value="fail">Stop the run (it fails)</option>
          </select>
          <p id="workflow-on-warning-help" className="text-xs text-slate-600">
            A warning means a step worked but probably not as meant: a field no item has, a save that got no items. Each step can choose
            otherwise.
          </p>
        </div>
        <TimeZoneField timezone={timezone} onTimezone={onTimezone} />
        <VariablesField variables={variables} onVariables={onVariables} />
        <section aria-labelledby="problems-title">
          <h2 id="problems-title" className="mb-2 text-xs font-semibold tracking-wide text-slate-500 uppercase">
            Problems
          </h2>
          <ProblemsList problems={problems} nodeName={nodeName} onSelectNode={onSelectNode} />
        </section>
        <section aria-labelledby="tips-title">
          <h2 id="tips-title" className="mb-2 text-xs font-semibold tracking-wide text-slate-500 uppercase">
            How it works
          </h2>
          <ul className="list-disc space-y-1 pl-5 text-sm text-slate-700">
            {TIPS.map((tip) => (
              <li key={tip}>{tip}</li>
            ))}
          </ul>
        </section>
      </div>
    </>
  );
}

/** The workflow's own `$vars`, typed as `name = value` lines; the text is kept as typed while the list follows it. */
function VariablesField({ variables, onVariables }: { variables: Variable[]; onVariables: (list: Variable[]) => void }) {
  const [text, setText] = useState(() => variablesToText(variables));
  useEffect(() => {
    // Changed from outside (undo, a restored version): show the new list.
    if (JSON.stringify(variablesFromText(text)) !== JSON.stringify(variables)) setText(variablesToText(variables));
  }, [variables]);
  return (
    <div className="flex flex-col gap-1">
      <label htmlFor="workflow-variables" className="text-sm font-medium">
        Variables
      </label>
      <textarea
        id="workflow-variables"
        rows={3}
        value={text}
        spellCheck={false}
        onChange={(e) => {
          setText(e.target.value);
          onVariables(variablesFromText(e.target.value));
        }}
        placeholder="region = eu"
        aria-describedby="workflow-variables-help"
        className={`${inputClass} py-1.5 font-mono`}
      />
      <p id="workflow-variables-help" className="text-xs text-slate-600">
        One per line: name = value. Steps read them as {'{{ $vars.region }}'}; they win over the instance’s variables (Settings) of the same
        name. Not for passwords.
      </p>
    </div>
  );
}

/** Zone names for the suggestions; an older browser without the list still takes typed names. */
function zoneNames(): string[] {
  try {
    return Intl.supportedValuesOf('timeZone');
  } catch {
    return [];
  }
}

/**
 * The workflow's time zone: typed (with suggestions), saved only when it is a zone, so a half-typed
 * name never reaches the document; the text stays as typed meanwhile, with a plain message.
 */
function TimeZoneField({ timezone, onTimezone }: { timezone: string | undefined; onTimezone: (zone: string | undefined) => void }) {
  const [text, setText] = useState(timezone ?? '');
  const [names] = useState(zoneNames);
  useEffect(() => {
    // Changed from outside (undo, a restored version): show the new zone.
    if ((timezone ?? '') !== text.trim() && (text.trim() === '' || isTimeZoneName(text.trim()))) setText(timezone ?? '');
  }, [timezone]);
  const typed = text.trim();
  const bad = typed !== '' && !isTimeZoneName(typed);
  return (
    <div className="flex flex-col gap-1">
      <label htmlFor="workflow-timezone" className="text-sm font-medium">
        Time zone
      </label>
      <input
        id="workflow-timezone"
        value={text}
        list="workflow-timezone-names"
        spellCheck={false}
        autoComplete="off"
        placeholder="The instance’s (UTC unless set)"
        aria-invalid={bad}
        aria-describedby="workflow-timezone-help"
        onChange={(e) => {
          setText(e.target.value);
          const zone = e.target.value.trim();
          if (zone === '') onTimezone(undefined);
          else if (isTimeZoneName(zone)) onTimezone(zone);
        }}
        className={`${inputClass} h-9`}
      />
      <datalist id="workflow-timezone-names">
        {names.map((name) => (
          <option key={name} value={name} />
        ))}
      </datalist>
      <p id="workflow-timezone-help" className={`text-xs ${bad ? 'text-red-700' : 'text-slate-600'}`}>
        {bad
          ? `“${typed}” is not a time zone: pick one from the list, like Europe/Berlin or America/New_York. The saved zone stays ${timezone ?? 'the instance’s'} until then.`
          : '$now, $today, dates without an offset and Date & time steps without a zone of their own use it.'}
      </p>
    </div>
  );
}
