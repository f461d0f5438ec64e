'use client';
/** The runs list: one row per run, a box to select it, a link into the editor's past-run view. */
import { Eye } from 'lucide-react';
import Link from 'next/link';
import { StatusBadge } from '../../components/status-badge';
import type { RouterOutputs } from '../../lib/api-types';
import { duration, fullDate, timeAgo } from '../../lib/format';
import { triggerWords } from '../lib/filters';

export type RunRow = RouterOutputs['runs']['search']['runs'][number];

interface RunsTableProps {
  runs: RunRow[];
  selected: ReadonlySet<string>;
  onToggle: (runId: string) => void;
  onToggleAll: (on: boolean) => void;
}

export function runLink(run: Pick<RunRow, 'id' | 'workflowId'>): string | null {
  return run.workflowId ? `/workflows/${run.workflowId}?run=${encodeURIComponent(run.id)}` : null;
}

export function RunsTable({ runs, selected, onToggle, onToggleAll }: RunsTableProps) {
  // Runs of workflows shared only to look at can't be selected: nothing could be done to them.
  const changeable = runs.filter((r) => r.canChange);
  const all = changeable.length > 0 && changeable.every((r) => selected.has(r.id));
  return (
    <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white shadow-sm">
      <table className="w-full text-left text-sm">
        <thead className="border-b border-slate-200 bg-slate-50 text-xs font-medium whitespace-nowrap text-slate-600">
          <tr>
            <th scope="col" className="w-10 px-3 py-2.5">
              {changeable.length > 0 ? (
                <input type="checkbox" aria-label="Select every run shown" checked={all} onChange={(e) => onToggleAll(e.target.checked)} />
              ) : (
                <span className="sr-only">Select</span>
              )}
            </th>
            <th scope="col" className="px-3 py-2.5">
              Status
            </th>
            <th scope="col" className="px-3 py-2.5">
              Workflow
            </th>
            <th scope="col" className="px-3 py-2.5">
              Started
            </th>
            <th scope="col" className="hidden px-3 py-2.5 sm:table-cell">
              Took
            </th>
            <th scope="col" className="hidden px-3 py-2.5 md:table-cell">
              Started by
            </th>
            <th scope="col" className="hidden px-3 py-2.5 lg:table-cell">
              Problem
            </th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {runs.map((run) => {
            const href = runLink(run);
            return (
              <tr key={run.id} data-testid="run-row" className={selected.has(run.id) ? 'bg-indigo-50/60' : 'hover:bg-slate-50/70'}>
                <td className="px-3 py-2.5">
                  {run.canChange ? (
                    <input
                      type="checkbox"
                      aria-label={`Select run of ${run.workflowName ?? 'an unsaved workflow'} from ${fullDate(String(run.createdAt))}`}
                      checked={selected.has(run.id)}
                      onChange={() => onToggle(run.id)}
                    />
                  ) : (
                    <span title="You can view this run; its workflow is shared with you to look at only." data-testid="run-view-only">
                      <Eye aria-hidden className="size-3.5 text-slate-500" />
                      <span className="sr-only">View only</span>
                    </span>
                  )}
                </td>
                <td className="px-3 py-2.5">
                  <StatusBadge status={run.status} />
                </td>
                <td className="max-w-56 px-3 py-2.5">
                  {href ? (
                    <Link href={href} className="rounded font-medium text-indigo-700 hover:underline">
                      {run.workflowName}
                    </Link>
                  ) : (
                    <span className="text-slate-600">Unsaved workflow</span>
                  )}
                  {run.error && <p className="mt-0.5 line-clamp-2 text-xs text-red-800 lg:hidden">{run.error.message}</p>}
                </td>
                <td className="px-3 py-2.5 whitespace-nowrap text-slate-700" title={fullDate(String(run.createdAt))}>
                  {timeAgo(String(run.createdAt))}
                </td>
                <td className="hidden px-3 py-2.5 whitespace-nowrap text-slate-700 sm:table-cell">{duration(run.durationMs)}</td>
                <td className="hidden px-3 py-2.5 whitespace-nowrap text-slate-700 md:table-cell">{triggerWords(run.triggerKind)}</td>
                <td className="hidden max-w-80 px-3 py-2.5 text-xs text-red-800 lg:table-cell">
                  <span className="line-clamp-2">{run.error?.message ?? ''}</span>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
