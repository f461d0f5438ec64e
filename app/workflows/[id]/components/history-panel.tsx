'use client';
/** The workflow's saved versions, newest first, each with what it changed; one can be opened. */
import { useQuery } from '@tanstack/react-query';
import { errorMessage } from '../../../lib/errors';
import { fullDate, plural, timeAgo } from '../../../lib/format';
import { useTRPC } from '../../../lib/trpc';

interface HistoryPanelProps {
  workflowId: string;
  openVersion: number | null;
  onOpen: (version: number) => void;
}

export function HistoryPanel({ workflowId, openVersion, onOpen }: HistoryPanelProps) {
  const trpc = useTRPC();
  const history = useQuery({ ...trpc.workflows.history.queryOptions({ id: workflowId }), staleTime: 0 });

  if (history.isPending) return <p className="p-3 text-sm text-slate-600">Loading the versions…</p>;
  if (history.isError) return <p className="p-3 text-sm text-red-700">The versions could not be loaded: {errorMessage(history.error)}</p>;
  return (
    <div className="min-h-0 flex-1 relative overflow-y-auto p-2">
      <p className="px-1 pb-2 text-xs text-slate-500">Every save is a version. Open one to see what changed in it, and to restore it.</p>
      <ul className="space-y-1" data-testid="history-list">
        {history.data.map((entry) => (
          <li key={entry.version}>
            <button
              type="button"
              onClick={() => onOpen(entry.version)}
              aria-current={entry.version === openVersion ? 'true' : undefined}
              className={`flex w-full flex-col gap-1 rounded-md border p-2 text-left ${entry.version === openVersion ? 'border-indigo-500 bg-indigo-50' : 'border-slate-200 bg-white hover:border-slate-300'}`}
            >
              <span className="flex items-center justify-between gap-2 text-sm font-medium text-slate-900">
                <span>
                  Version {entry.version}
                  {entry.current && (
                    <span className="ml-1.5 rounded-full bg-slate-100 px-1.5 py-0.5 text-xs font-normal text-slate-700">current</span>
                  )}
                </span>
                <span className="text-xs font-normal text-slate-600" title={fullDate(entry.createdAt)}>
                  {timeAgo(entry.createdAt)}
                </span>
              </span>
              <span className="text-xs text-slate-600">{entry.summary}</span>
              {entry.runs > 0 && <span className="text-xs text-slate-500">{plural(entry.runs, 'run')}</span>}
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}
