'use client';
/**
 * The list of step types: search, grouped (Triggers, Data, Flow…). Drag one onto the canvas, or
 * click it (or press Enter) to add it after the selected step.
 */
import { BookOpen, Search } from 'lucide-react';
import Link from 'next/link';
import { useId, useMemo, useState, type DragEvent } from 'react';
import { NodeIcon } from '../../../components/node-icon';
import type { CatalogEntry } from '../../../lib/api-types';
import { groupCatalog } from '../../../lib/catalog-groups';
import { FeatureNote } from '../../../components/feature-note';
import { FEATURE_OFF_TEXT, offSwitchOf, useSystemStatus } from '../../../lib/system-status';

export const PALETTE_MIME = 'application/x-taskmaster-node';

interface PaletteProps {
  catalog: CatalogEntry[];
  onAdd: (typeId: string) => void;
  disabled?: boolean;
  /** The line under the search box. */
  hint?: string;
  autoFocus?: boolean;
}

function matches(entry: CatalogEntry, query: string): boolean {
  const q = query.trim().toLowerCase();
  if (!q) return true;
  return [entry.displayName, entry.description, entry.group, entry.id].some((text) => text.toLowerCase().includes(q));
}

export function Palette({ catalog, onAdd, disabled, hint, autoFocus }: PaletteProps) {
  const uid = useId();
  const [query, setQuery] = useState('');
  const groups = useMemo(() => groupCatalog(catalog.filter((e) => matches(e, query))), [catalog, query]);
  const status = useSystemStatus().data;

  const onDragStart = (event: DragEvent, typeId: string) => {
    event.dataTransfer.setData(PALETTE_MIME, typeId);
    event.dataTransfer.setData('text/plain', typeId);
    event.dataTransfer.effectAllowed = 'move';
  };

  return (
    <div className="flex min-h-0 flex-1 flex-col">
      <div className="p-3">
        <label htmlFor={`${uid}-search`} className="sr-only">
          Search steps
        </label>
        <div className="relative">
          <Search aria-hidden className="pointer-events-none absolute top-2.5 left-2.5 size-4 text-slate-400" />
          <input
            id={`${uid}-search`}
            type="search"
            value={query}
            onChange={(e) => setQuery(e.target.value)}
            placeholder="Search steps"
            autoFocus={autoFocus}
            className="h-9 w-full rounded-md border border-slate-300 bg-white pr-2 pl-8 text-sm"
          />
        </div>
        <p className="mt-2 text-xs text-slate-500">
          {hint ?? 'Drag a step onto the canvas, or click it to add it after the selected step.'}
        </p>
        <Link
          href="/nodes"
          target="_blank"
          className="mt-1 inline-flex items-center gap-1 rounded text-xs text-indigo-700 underline-offset-2 hover:underline"
        >
          <BookOpen aria-hidden className="size-3.5" /> What does each step do?<span className="sr-only"> (opens in a new tab)</span>
        </Link>
      </div>
      <div className="min-h-0 flex-1 relative overflow-y-auto px-3 pb-4">
        {groups.length === 0 && <p className="px-1 text-sm text-slate-600">No step matches “{query}”.</p>}
        {groups.map(([group, entries]) => (
          <section key={group} aria-labelledby={`${uid}-group-${group}`} className="mb-4">
            <h3 id={`${uid}-group-${group}`} className="mb-1.5 px-1 text-xs font-semibold tracking-wide text-slate-500 uppercase">
              {group}
            </h3>
            <GroupNotes entries={entries} status={status} browserProblem={group === 'Browser' ? status?.browser : null} />
            <ul className="space-y-1.5">
              {entries.map((entry) => (
                <li key={entry.id}>
                  <button
                    type="button"
                    draggable={!disabled && !offSwitchOf(entry, status)}
                    disabled={disabled || offSwitchOf(entry, status) !== null}
                    onDragStart={(e) => onDragStart(e, entry.id)}
                    onClick={() => onAdd(entry.id)}
                    data-testid={`palette-${entry.id}`}
                    className="flex w-full cursor-grab items-start gap-2.5 rounded-md border border-slate-200 bg-white p-2 text-left hover:border-indigo-300 hover:bg-indigo-50/50 active:cursor-grabbing disabled:cursor-not-allowed disabled:opacity-50"
                  >
                    <span
                      className={`flex size-7 shrink-0 items-center justify-center rounded ${entry.category === 'trigger' ? 'bg-amber-100 text-amber-800' : 'bg-indigo-50 text-indigo-700'}`}
                    >
                      <NodeIcon icon={entry.icon} src={entry.plugin?.iconUrl} />
                    </span>
                    <span className="min-w-0">
                      <span className="block text-sm font-medium text-slate-900">
                        {entry.displayName}
                        {offSwitchOf(entry, status) && (
                          <span className="ml-1.5 rounded bg-slate-200 px-1 py-0.5 text-[10px] font-semibold text-slate-700 uppercase">
                            Turned off
                          </span>
                        )}
                      </span>
                      <span className="block text-xs leading-snug text-slate-600">{entry.description}</span>
                    </span>
                  </button>
                </li>
              ))}
            </ul>
          </section>
        ))}
      </div>
    </div>
  );
}

/** Under a group's heading: which of its steps are switched off, and a missing browser. */
function GroupNotes({
  entries,
  status,
  browserProblem,
}: {
  entries: CatalogEntry[];
  status: ReturnType<typeof useSystemStatus>['data'];
  browserProblem?: string | null;
}) {
  const off = [...new Set(entries.map((e) => offSwitchOf(e, status)).filter((s) => s !== null))];
  if (off.length === 0 && !browserProblem) return null;
  return (
    <div className="mb-2 flex flex-col gap-1.5">
      {off.map((key) => (
        <FeatureNote key={key} testId={`feature-off-${key}`}>
          {FEATURE_OFF_TEXT[key]}
        </FeatureNote>
      ))}
      {browserProblem && off.length === 0 && <FeatureNote kind="missing">{browserProblem}</FeatureNote>}
    </div>
  );
}
