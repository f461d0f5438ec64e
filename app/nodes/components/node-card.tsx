/** One kind of step on /nodes: icon, name, what it does, its settings and an example. */
import { Zap } from 'lucide-react';
import { NodeIcon } from '../../components/node-icon';
import type { CatalogEntry } from '../../lib/api-types';
import { fieldsOf, type FieldSpec } from '../../workflows/[id]/lib/schema-fields';

const KIND_WORDS: Record<FieldSpec['kind'], string> = {
  text: 'Text',
  textarea: 'Longer text',
  code: 'JavaScript code',
  number: 'Number',
  switch: 'On or off',
  select: 'One of a list',
  json: 'JSON value',
  secret: 'Secret (hidden once typed)',
  keyvalue: 'Name and value pairs',
  list: 'List',
  'browser-profile': 'Browser profile',
  credential: 'Saved credential',
  step: 'Another step of the workflow',
  steps: 'Steps of the workflow, chosen on the canvas',
  workflow: 'A saved workflow',
};

function defaultWords(spec: FieldSpec): string {
  const value = spec.defaultValue;
  if (value === undefined) return spec.required ? 'required' : '—';
  return valueWords(spec, value);
}

/** One entry of a list setting: "name = value" for name/value rows, else its values side by side. */
function entryWords(entry: unknown): string {
  if (typeof entry !== 'object' || entry === null) return String(entry);
  const row = entry as Record<string, unknown>;
  const name = row.name ?? row.key;
  if (name !== undefined && 'value' in row)
    return `${String(name)} = ${typeof row.value === 'string' ? row.value : JSON.stringify(row.value)}`;
  return Object.values(row)
    .map((v) => (typeof v === 'string' ? v : JSON.stringify(v)))
    .join(' · ');
}

function valueWords(spec: FieldSpec, value: unknown): string {
  if ((spec.kind === 'credential' || spec.kind === 'browser-profile') && typeof value === 'string' && value !== '')
    return spec.kind === 'credential' ? 'one of your saved credentials' : 'one of your browser profiles';
  if (Array.isArray(value) && value.length > 0) return value.map(entryWords).join('\n');
  if (spec.kind === 'switch') return value === true ? 'On' : 'Off';
  if (spec.kind === 'select') return spec.options?.find((o) => o.value === value)?.label ?? String(value);
  if (value === '') return '(empty)';
  if (Array.isArray(value) && value.length === 0) return '(none)';
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** The example as "setting: value" rows in the words of the settings form, not as a file. */
function exampleRows(example: unknown, fields: FieldSpec[]): Array<[string, string]> | null {
  if (typeof example !== 'object' || example === null || Array.isArray(example)) return null;
  return Object.entries(example).map(([key, value]) => {
    const spec = fields.find((f) => f.key === key);
    return [spec?.label ?? key, spec ? valueWords(spec, value) : typeof value === 'string' ? value : JSON.stringify(value)];
  });
}

function handleWords(handles: CatalogEntry['inputs'], none: string): string {
  if (handles.length === 0) return none;
  return handles.map((h) => h.label || (h.id === 'main' ? 'one' : h.id)).join(', ');
}

export function NodeCard({ entry }: { entry: CatalogEntry }) {
  const fields = fieldsOf(entry.configSchema);
  const isTrigger = entry.category === 'trigger';
  const hasExample =
    entry.example !== null &&
    entry.example !== undefined &&
    !(typeof entry.example === 'object' && Object.keys(entry.example).length === 0);
  const rows = hasExample ? exampleRows(entry.example, fields) : null;
  return (
    <article
      id={`step-${entry.id}`}
      aria-labelledby={`step-${entry.id}-name`}
      className="scroll-mt-4 rounded-lg border border-slate-200 bg-white p-4 shadow-sm"
      data-testid="catalogue-entry"
    >
      <header className="flex items-start gap-3">
        <span
          className={`flex size-9 shrink-0 items-center justify-center rounded-md ${isTrigger ? 'bg-amber-100 text-amber-800' : 'bg-indigo-50 text-indigo-700'}`}
        >
          <NodeIcon icon={entry.icon} src={entry.plugin?.iconUrl} className="size-5" />
        </span>
        <div className="min-w-0 flex-1">
          <h3 id={`step-${entry.id}-name`} className="flex items-center gap-2 font-semibold">
            {entry.displayName}
            {isTrigger && (
              <span className="inline-flex items-center gap-0.5 rounded-full border border-amber-300 bg-amber-50 px-1.5 text-xs font-medium text-amber-900">
                <Zap aria-hidden className="size-3" /> Starts a workflow
              </span>
            )}
            {entry.sideEffects && (
              <span
                className="rounded-full border border-slate-300 px-1.5 text-xs font-normal text-slate-600"
                title="It changes something outside TaskMaster (sends, writes, calls)"
              >
                Acts outside TaskMaster
              </span>
            )}
          </h3>
          <p className="text-sm text-slate-700">{entry.description}</p>
          {entry.docs && <p className="mt-1 text-sm whitespace-pre-line text-slate-700">{entry.docs}</p>}
          {entry.plugin && (
            <p className="mt-1 text-xs text-slate-600">
              From the plugin {entry.plugin.plugin} {entry.plugin.version} (Settings → Plugins)
            </p>
          )}
          <p className="mt-1 text-xs text-slate-500">
            Inputs: {handleWords(entry.inputs, 'none (it starts the workflow)')} · Outputs: {handleWords(entry.outputs, 'none')} · Name in
            workflow files: <code className="font-mono">{entry.id}</code>
          </p>
        </div>
      </header>

      <div className="mt-3 grid gap-4 lg:grid-cols-[1fr_18rem]">
        <div className="min-w-0">
          <h4 className="mb-1 text-xs font-semibold tracking-wide text-slate-500 uppercase">Settings</h4>
          {fields.length === 0 ? (
            <p className="text-sm text-slate-600">Nothing to set up.</p>
          ) : (
            <table className="w-full text-left text-sm">
              <thead className="text-xs text-slate-500">
                <tr>
                  <th scope="col" className="py-1 pr-3 font-medium">
                    Setting
                  </th>
                  <th scope="col" className="py-1 pr-3 font-medium">
                    Kind
                  </th>
                  <th scope="col" className="py-1 pr-3 font-medium">
                    Default
                  </th>
                  <th scope="col" className="py-1 font-medium">
                    What it does
                  </th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100 align-top">
                {fields.map((f) => (
                  <tr key={f.key}>
                    <th scope="row" className="py-1.5 pr-3 font-medium text-slate-800">
                      {f.label}
                      {f.required && <span className="ml-1 text-xs font-normal text-slate-500">(required)</span>}
                    </th>
                    <td className="py-1.5 pr-3 text-slate-700">
                      {KIND_WORDS[f.kind]}
                      {f.kind === 'select' && f.options && (
                        <span className="block text-xs text-slate-500">{f.options.map((o) => o.label).join(' · ')}</span>
                      )}
                    </td>
                    <td className="max-w-40 py-1.5 pr-3 font-mono text-xs break-words text-slate-700">{defaultWords(f)}</td>
                    <td className="py-1.5 text-slate-600">{f.help ?? ''}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </div>
        <div className="min-w-0">
          <h4 className="mb-1 text-xs font-semibold tracking-wide text-slate-500 uppercase">Example settings</h4>
          {hasExample ? (
            <>
              {rows && (
                <dl className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-1 rounded-md border border-slate-200 bg-slate-50 p-2 text-sm">
                  {rows.map(([label, words]) => (
                    <div key={label} className="contents">
                      <dt className="text-slate-600">{label}</dt>
                      <dd className="min-w-0 font-medium whitespace-pre-line [overflow-wrap:anywhere] text-slate-800">{words}</dd>
                    </div>
                  ))}
                </dl>
              )}
              <details className="mt-1.5 text-xs text-slate-600" open={!rows}>
                <summary className="cursor-pointer">As written in a workflow file</summary>
                <pre className="mt-1 max-h-64 overflow-auto rounded-md bg-slate-900 p-2 font-mono text-xs text-slate-100">
                  {JSON.stringify(entry.example, null, 2)}
                </pre>
              </details>
            </>
          ) : (
            <p className="text-sm text-slate-600">Works as it is, with no settings.</p>
          )}
        </div>
      </div>
    </article>
  );
}
