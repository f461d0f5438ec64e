'use client';
/** A node's output items, one page (100) at a time: as a table, as JSON or as a chart. */
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { ArrowDown, ArrowUp, ArrowUpDown, ChevronLeft, ChevronRight } from 'lucide-react';
import { useState } from 'react';
import { Button } from '../../../components/button';
import { errorMessage } from '../../../lib/errors';
import { useTRPC } from '../../../lib/trpc';
import { nextSort, sortItems, type SortState } from '../lib/sort-items';
import { JsonTree } from './json-tree';
import dynamic from 'next/dynamic';

// The chart library is about 400 KB of script: loaded when a chart is first shown, not with the
// editor (most openings never show one).
const OutputChart = dynamic(() => import('./output-chart').then((m) => m.OutputChart), {
  ssr: false,
  loading: () => <p className="p-3 text-sm text-slate-600">Loading the chart…</p>,
});

const PAGE = 100;
const VIEW_NAMES = { table: 'Table', json: 'JSON', chart: 'Chart' } as const;

interface OutputViewProps {
  runId: string;
  nodeId: string;
  /** Output handles with their item counts, e.g. { true: 2, false: 1 }. */
  counts: Record<string, number>;
  handleLabels: Record<string, string>;
  /** "out" for a step's own output; "in" when the same items are shown as the next step's input. */
  direction?: 'in' | 'out';
  /** Only these items of the output (one round of a Repeat until step), numbered from 1. */
  range?: { start: number; count: number };
}

function cell(value: unknown): string {
  if (value === undefined) return '';
  if (typeof value === 'string') return value;
  return JSON.stringify(value);
}

function columnsOf(items: Array<Record<string, unknown>>): string[] {
  const seen = new Set<string>();
  for (const item of items) for (const key of Object.keys(item)) seen.add(key);
  return [...seen];
}

export function OutputView({ runId, nodeId, counts, handleLabels, direction = 'out', range }: OutputViewProps) {
  const trpc = useTRPC();
  const handles = Object.keys(counts);
  const [handle, setHandle] = useState(handles[0] ?? 'main');
  const [offset, setOffset] = useState(0);
  const [view, setView] = useState<'table' | 'json' | 'chart'>('table');
  const [sort, setSort] = useState<SortState | null>(null);
  const counted = range ? range.count : (counts[handle] ?? 0);
  const base = range?.start ?? 0;
  const page = useQuery({
    ...trpc.runs.outputPage.queryOptions({ runId, nodeId, handle, offset: base + offset, limit: Math.min(PAGE, counted - offset) }),
    enabled: counted > offset,
    placeholderData: keepPreviousData,
  });
  const total = range ? range.count : (page.data?.total ?? counted);
  const items = page.data?.items ?? [];
  const columns = columnsOf(items);
  const rows = sortItems(items, sort && columns.includes(sort.column) ? sort : null);
  const handleName = (h: string) => handleLabels[h] || (h === 'main' ? 'Output' : h);

  return (
    <div className="flex flex-col gap-2">
      <div className="flex flex-wrap items-center justify-between gap-2">
        {handles.length > 1 ? (
          <div role="tablist" aria-label="Which output" className="flex gap-1">
            {handles.map((h) => (
              <button
                key={h}
                role="tab"
                type="button"
                aria-selected={h === handle}
                onClick={() => {
                  setHandle(h);
                  setOffset(0);
                  setSort(null);
                }}
                className={`rounded-md border px-2 py-1 text-xs ${h === handle ? 'border-indigo-600 bg-indigo-50 font-semibold text-indigo-800' : 'border-slate-300 bg-white text-slate-700'}`}
              >
                {handleName(h)} ({counts[h]})
              </button>
            ))}
          </div>
        ) : (
          <p className="text-sm text-slate-700">
            {total.toLocaleString('en')} {total === 1 ? 'item' : 'items'} {direction}
          </p>
        )}
        <div role="group" aria-label="Show as" className="flex overflow-hidden rounded-md border border-slate-300 text-xs">
          {(['table', 'json', 'chart'] as const).map((v) => (
            <button
              key={v}
              type="button"
              aria-pressed={view === v}
              onClick={() => setView(v)}
              className={`px-2 py-1 ${view === v ? 'bg-slate-800 text-white' : 'bg-white text-slate-700 hover:bg-slate-50'}`}
            >
              {VIEW_NAMES[v]}
            </button>
          ))}
        </div>
      </div>

      {total === 0 && (
        <p className="rounded-md border border-dashed border-slate-300 p-3 text-sm text-slate-600">No items came out here.</p>
      )}
      {page.isError && <p className="text-sm text-red-700">The items could not be loaded: {errorMessage(page.error)}</p>}
      {total > 0 && page.isPending && <p className="text-sm text-slate-600">Loading items…</p>}

      {sort && view === 'table' && columns.includes(sort.column) && (
        <p className="text-xs text-slate-600" data-testid="sort-note">
          Sorted by “{sort.column}” ({sort.direction === 'ascending' ? 'smallest or A first' : 'largest or Z first'})
          {total > items.length ? `. Only the ${items.length} items on this page are sorted, not all ${total.toLocaleString('en')}.` : '.'}{' '}
          <button type="button" className="rounded underline" onClick={() => setSort(null)}>
            Original order
          </button>
        </p>
      )}
      {items.length > 0 && view === 'table' && (
        <div className="max-h-96 overflow-auto rounded-md border border-slate-200">
          <table
            className="min-w-full text-left text-xs"
            data-testid={range ? 'round-table' : direction === 'in' ? 'input-table' : 'output-table'}
          >
            <thead className="sticky top-0 bg-slate-100 text-slate-700">
              <tr>
                <th scope="col" className="px-2 py-1.5 font-medium text-slate-500">
                  #
                </th>
                {columns.map((c) => {
                  const direction = sort?.column === c ? sort.direction : undefined;
                  const Icon = direction === 'ascending' ? ArrowUp : direction === 'descending' ? ArrowDown : ArrowUpDown;
                  return (
                    <th key={c} scope="col" aria-sort={direction ?? 'none'} className="px-1 py-1 font-medium whitespace-nowrap">
                      <button
                        type="button"
                        onClick={() => setSort(nextSort(sort, c))}
                        className="inline-flex items-center gap-1 rounded px-1 py-0.5 hover:bg-slate-200"
                        title={`Sort this page by ${c}`}
                      >
                        {c}
                        <Icon aria-hidden className={`size-3 ${direction ? 'text-slate-800' : 'text-slate-400'}`} />
                        {direction && <span className="sr-only">, sorted {direction}</span>}
                      </button>
                    </th>
                  );
                })}
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100 bg-white">
              {rows.map(({ item, index: i }) => (
                <tr key={offset + i}>
                  <td className="px-2 py-1 text-slate-500">{offset + i + 1}</td>
                  {columns.map((c) => (
                    <td key={c} className="max-w-56 truncate px-2 py-1 font-mono" title={cell(item[c])}>
                      {cell(item[c])}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
          {columns.length === 0 && <p className="p-2 text-xs text-slate-600">The items are empty (no fields).</p>}
        </div>
      )}
      {items.length > 0 && view === 'json' && <JsonTree items={items} offset={offset} />}
      {items.length > 0 && view === 'chart' && <OutputChart items={items} offset={offset} total={total} />}

      {total > PAGE && (
        <div className="flex items-center justify-between text-xs text-slate-600">
          <span>
            Items {(offset + 1).toLocaleString('en')}–{Math.min(offset + PAGE, total).toLocaleString('en')} of {total.toLocaleString('en')}
          </span>
          <div className="flex gap-1">
            <Button size="sm" disabled={offset === 0} onClick={() => setOffset(Math.max(0, offset - PAGE))}>
              <ChevronLeft aria-hidden className="size-3.5" /> Previous
            </Button>
            <Button size="sm" disabled={offset + PAGE >= total} onClick={() => setOffset(offset + PAGE)}>
              Next <ChevronRight aria-hidden className="size-3.5" />
            </Button>
          </div>
        </div>
      )}
    </div>
  );
}
