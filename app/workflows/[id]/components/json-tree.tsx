'use client';
/**
 * Items as a tree that opens and closes, for output too nested to read as a table. Built on
 * <details>, so it is keyboard reachable (Tab, then Enter or Space) without any script of ours.
 */
import { memo } from 'react';

/** Levels open from the start: the items and their fields; deeper lists and objects start closed. */
const OPEN_DEPTH = 2;

export const JsonTree = memo(function JsonTree({ items, offset }: { items: unknown[]; offset: number }) {
  return (
    <div className="max-h-96 overflow-auto rounded-md border border-slate-200 bg-white p-2 font-mono text-xs" data-testid="output-json">
      {items.map((item, i) => (
        <Branch key={offset + i} label={`Item ${offset + i + 1}`} value={item} depth={1} />
      ))}
    </div>
  );
});

function Branch({ label, value, depth }: { label: string; value: unknown; depth: number }) {
  if (value === null || typeof value !== 'object') {
    return (
      <div className="py-0.5 pl-4">
        <span className="text-slate-600">{label}: </span>
        <Leaf value={value} />
      </div>
    );
  }
  const entries = Array.isArray(value) ? value.map((v, i) => [String(i), v] as const) : Object.entries(value);
  const summary = Array.isArray(value) ? `list of ${entries.length}` : `${entries.length} ${entries.length === 1 ? 'field' : 'fields'}`;
  return (
    <details open={depth <= OPEN_DEPTH} className="pl-2">
      <summary className="cursor-pointer rounded py-0.5 hover:bg-slate-100">
        <span className="font-semibold text-slate-800">{label}</span> <span className="text-slate-500">({summary})</span>
      </summary>
      <div className="border-l border-slate-200 pl-2">
        {entries.length === 0 && <div className="py-0.5 pl-4 text-slate-500">{Array.isArray(value) ? 'empty list' : 'no fields'}</div>}
        {entries.map(([key, v]) => (
          <Branch key={key} label={key} value={v} depth={depth + 1} />
        ))}
      </div>
    </details>
  );
}

function Leaf({ value }: { value: unknown }) {
  if (value === null || value === undefined) return <span className="text-slate-500 italic">empty</span>;
  if (typeof value === 'string') return <span className="break-all text-emerald-800">&quot;{value}&quot;</span>;
  if (typeof value === 'number') return <span className="text-indigo-700">{value}</span>;
  if (typeof value === 'boolean') return <span className="text-amber-800">{value ? 'true' : 'false'}</span>;
  return <span>{String(value)}</span>;
}
