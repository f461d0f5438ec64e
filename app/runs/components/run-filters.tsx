'use client';
/** The runs page's filter bar: each choice narrows the list at once. */
import { Search } from 'lucide-react';
import { useEffect, useState } from 'react';
import { Button } from '../../components/button';
import {
  NO_FILTERS,
  STATUS_CHOICES,
  TIME_CHOICES,
  triggerWords,
  type RunFilters,
  type StatusChoice,
  type TimeChoice,
} from '../lib/filters';

interface RunFiltersBarProps {
  filters: RunFilters;
  onChange: (next: RunFilters) => void;
  workflows: Array<{ id: string; name: string }>;
  triggerKinds: string[];
}

const SELECT = 'h-9 rounded-md border border-slate-300 bg-white px-2 text-sm';

export function RunFiltersBar({ filters, onChange, workflows, triggerKinds }: RunFiltersBarProps) {
  const set = (patch: Partial<RunFilters>) => onChange({ ...filters, ...patch });
  // The input search waits until typing pauses, so each key press is not a query.
  const [text, setText] = useState(filters.inputContains);
  useEffect(() => {
    if (text === filters.inputContains) return;
    const timer = setTimeout(() => set({ inputContains: text }), 350);
    return () => clearTimeout(timer);
  });
  const toggleStatus = (status: StatusChoice) =>
    set({ statuses: filters.statuses.includes(status) ? filters.statuses.filter((s) => s !== status) : [...filters.statuses, status] });
  const changed = JSON.stringify({ ...filters, timeSetAt: 0 }) !== JSON.stringify(NO_FILTERS);

  return (
    <div className="space-y-3 rounded-lg border border-slate-200 bg-white p-3 shadow-sm">
      <fieldset className="flex flex-wrap items-center gap-2">
        <legend className="sr-only">Status</legend>
        <span aria-hidden className="text-xs font-medium text-slate-600">
          Status
        </span>
        {STATUS_CHOICES.map((choice) => {
          const on = filters.statuses.includes(choice.value);
          return (
            <label
              key={choice.value}
              className={`cursor-pointer rounded-full border px-3 py-1 text-xs font-medium ${on ? 'border-indigo-600 bg-indigo-600 text-white' : 'border-slate-300 bg-white text-slate-700 hover:bg-slate-50'}`}
            >
              <input type="checkbox" className="sr-only" checked={on} onChange={() => toggleStatus(choice.value)} />
              {choice.label}
            </label>
          );
        })}
      </fieldset>
      <div className="grid grid-cols-1 gap-2 sm:grid-cols-2 lg:grid-cols-[1fr_1fr_1fr_1fr_1.5fr]">
        <label className="flex flex-col gap-1 text-xs font-medium text-slate-600">
          Workflow
          <select className={SELECT} value={filters.workflowId} onChange={(e) => set({ workflowId: e.target.value })}>
            <option value="">All workflows</option>
            {workflows.map((wf) => (
              <option key={wf.id} value={wf.id}>
                {wf.name}
              </option>
            ))}
          </select>
        </label>
        <label className="flex flex-col gap-1 text-xs font-medium text-slate-600">
          Started by
          <select className={SELECT} value={filters.triggerKind} onChange={(e) => set({ triggerKind: e.target.value })}>
            <option value="">Any trigger</option>
            {triggerKinds.map((kind) => (
              <option key={kind} value={kind}>
                {triggerWords(kind)}
              </option>
            ))}
          </select>
        </label>
        <label className="flex flex-col gap-1 text-xs font-medium text-slate-600">
          When
          <select
            className={SELECT}
            value={filters.time}
            onChange={(e) => set({ time: e.target.value as TimeChoice, timeSetAt: Date.now() })}
          >
            {TIME_CHOICES.map((c) => (
              <option key={c.value} value={c.value}>
                {c.label}
              </option>
            ))}
          </select>
        </label>
        <label className="flex flex-col gap-1 text-xs font-medium text-slate-600">
          Order
          <select className={SELECT} value={filters.sort} onChange={(e) => set({ sort: e.target.value as RunFilters['sort'] })}>
            <option value="newest">Newest first</option>
            <option value="oldest">Oldest first</option>
          </select>
        </label>
        <label className="flex flex-col gap-1 text-xs font-medium text-slate-600">
          Input contains
          <span className="relative">
            <Search aria-hidden className="pointer-events-none absolute top-2.5 left-2 size-4 text-slate-400" />
            <input
              type="search"
              className={`${SELECT} w-full pl-8`}
              placeholder="e.g. an order id"
              value={text}
              onChange={(e) => setText(e.target.value)}
            />
          </span>
        </label>
      </div>
      {changed && (
        <Button
          size="sm"
          variant="ghost"
          onClick={() => {
            setText('');
            onChange(NO_FILTERS);
          }}
        >
          Clear filters
        </Button>
      )}
    </div>
  );
}
