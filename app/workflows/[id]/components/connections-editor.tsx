'use client';
/**
 * The selected step's outgoing connections as a list, with a "connect to" choice per output:
 * the keyboard way to connect steps (the canvas needs a mouse).
 */
import { X } from 'lucide-react';
import { memo, useId } from 'react';
import type { CatalogEntry } from '../../../lib/api-types';
import { connectableTargets } from '../lib/connections';
import type { StepEdge, StepNode } from '../lib/types';
import { inputClass } from './field-shell';

interface ConnectionsEditorProps {
  node: StepNode;
  nodes: StepNode[];
  edges: StepEdge[];
  catalog: Map<string, CatalogEntry>;
  onConnect: (source: string, sourceHandle: string, target: string, targetHandle: string) => void;
  onRemove: (edgeId: string) => void;
}

/** Memoised: with 5,000 steps its lists are long, and a drag elsewhere must not build them again. */
export const ConnectionsEditor = memo(function ConnectionsEditor({
  node,
  nodes,
  edges,
  catalog,
  onConnect,
  onRemove,
}: ConnectionsEditorProps) {
  const baseId = useId();
  const type = catalog.get(node.data.type);
  const outputs = [...(type?.outputs ?? [])];
  if (node.data.settings.onError === 'errorOutput') outputs.push({ id: 'error', label: 'error' });
  const name = (id: string) => nodes.find((n) => n.id === id)?.data.name ?? id;
  const incoming = edges.filter((e) => e.target === node.id);
  if (outputs.length === 0 && incoming.length === 0) return null;

  return (
    <section aria-labelledby={`${baseId}-title`} className="flex flex-col gap-3">
      <h3 id={`${baseId}-title`} className="border-b border-slate-200 pb-1 text-xs font-semibold tracking-wide text-slate-500 uppercase">
        Connections
      </h3>
      {incoming.length > 0 && (
        <p className="text-sm text-slate-700">Gets items from: {incoming.map((e) => `“${name(e.source)}”`).join(', ')}</p>
      )}
      {outputs.map((handle) => {
        const out = edges.filter((e) => e.source === node.id && (e.sourceHandle ?? 'main') === handle.id);
        const label = handle.label ? `“${handle.label}” output` : 'Output';
        const choices = connectableTargets(node.id, handle.id, nodes, edges, catalog);
        const selectId = `${baseId}-${handle.id}`;
        return (
          <div key={handle.id} className="flex flex-col gap-1.5">
            <p className="text-sm font-medium text-slate-800">{label} goes to</p>
            {out.length === 0 && <p className="text-xs text-slate-500">Nothing yet.</p>}
            <ul className="flex flex-col gap-1">
              {out.map((e) => (
                <li key={e.id} className="flex items-center justify-between rounded border border-slate-200 bg-slate-50 px-2 py-1 text-sm">
                  {name(e.target)}
                  <button
                    type="button"
                    onClick={() => onRemove(e.id)}
                    aria-label={`Disconnect “${name(e.target)}”`}
                    className="rounded p-0.5 text-slate-500 hover:bg-red-50 hover:text-red-700"
                  >
                    <X aria-hidden className="size-4" />
                  </button>
                </li>
              ))}
            </ul>
            {choices.length > 0 && (
              <>
                <label htmlFor={selectId} className="sr-only">
                  Connect the {label.toLowerCase()} to
                </label>
                <select
                  id={selectId}
                  value=""
                  onChange={(e) => {
                    const target = nodes.find((n) => n.id === e.target.value);
                    if (target) onConnect(node.id, handle.id, target.id, catalog.get(target.data.type)?.inputs[0]?.id ?? 'main');
                  }}
                  className={`${inputClass} h-8`}
                >
                  <option value="">Connect to a step…</option>
                  {choices.map((n) => (
                    <option key={n.id} value={n.id}>
                      {n.data.name}
                    </option>
                  ))}
                </select>
              </>
            )}
          </div>
        );
      })}
    </section>
  );
});
