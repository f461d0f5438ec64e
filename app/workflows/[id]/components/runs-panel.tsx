'use client';
/** The workflow's runs, newest first; kept fresh by the workflow's live run events. */
import { skipToken, useQuery, useQueryClient } from '@tanstack/react-query';
import { useSubscription } from '@trpc/tanstack-react-query';
import { isStatus, StatusBadge } from '../../../components/status-badge';
import { errorMessage } from '../../../lib/errors';
import { duration, fullDate, timeAgo } from '../../../lib/format';
import { useTRPC } from '../../../lib/trpc';

const TRIGGER_WORDS: Record<string, string> = {
  manual: 'Started by hand',
  webhook: 'Web request',
  schedule: 'Schedule',
  retry: 'Retried',
  cli: 'Command line',
};

export function triggerWords(kind: string): string {
  return TRIGGER_WORDS[kind] ?? kind;
}

interface RunsPanelProps {
  workflowId: string;
  openRunId: string | null;
  onOpen: (runId: string) => void;
}

export function RunsPanel({ workflowId, openRunId, onOpen }: RunsPanelProps) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const runs = useQuery({ ...trpc.runs.list.queryOptions({ workflowId, limit: 50 }), staleTime: 0 });
  useSubscription(
    trpc.runs.events.subscriptionOptions(workflowId ? { workflowId } : skipToken, {
      onData: () => void queryClient.invalidateQueries({ queryKey: trpc.runs.list.queryKey() }),
    }),
  );

  if (runs.isPending) return <p className="p-3 text-sm text-slate-600">Loading runs…</p>;
  if (runs.isError) return <p className="p-3 text-sm text-red-700">The runs could not be loaded: {errorMessage(runs.error)}</p>;
  if (runs.data.length === 0) {
    return <p className="p-3 text-sm text-slate-600">No runs yet. Click Run at the top right to try the workflow.</p>;
  }
  return (
    <div className="min-h-0 flex-1 overflow-y-auto p-2">
      <p className="px-1 pb-2 text-xs text-slate-500">Open a run to see what each step did in it.</p>
      <ul className="space-y-1" data-testid="runs-list">
        {runs.data.map((run) => (
          <li key={run.id}>
            <button
              type="button"
              onClick={() => onOpen(run.id)}
              aria-current={run.id === openRunId ? 'true' : undefined}
              className={`flex w-full flex-col gap-1 rounded-md border p-2 text-left ${run.id === openRunId ? 'border-indigo-500 bg-indigo-50' : 'border-slate-200 bg-white hover:border-slate-300'}`}
            >
              <span className="flex items-center justify-between gap-2">
                {isStatus(run.status) && <StatusBadge status={run.status} />}
                <span className="text-xs text-slate-500" title={fullDate(run.createdAt)}>
                  {timeAgo(run.createdAt)}
                </span>
              </span>
              <span className="flex justify-between text-xs text-slate-600">
                <span>{triggerWords(run.triggerKind)}</span>
                <span>{run.durationMs !== null ? duration(run.durationMs) : ''}</span>
              </span>
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}
