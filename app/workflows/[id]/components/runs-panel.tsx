'use client';
/** The workflow's runs, newest first; kept fresh by the workflow's live run events. */
import { skipToken, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { RotateCcw } from 'lucide-react';
import { useSubscription } from '@trpc/tanstack-react-query';
import { isStatus, StatusBadge } from '../../../components/status-badge';
import { useToast } from '../../../components/toast';
import { errorMessage } from '../../../lib/errors';
import { duration, fullDate, plural, timeAgo } from '../../../lib/format';
import { useTRPC } from '../../../lib/trpc';

const TRIGGER_WORDS: Record<string, string> = {
  manual: 'Started by hand',
  webhook: 'Web request',
  schedule: 'Schedule',
  retry: 'Retried',
  cli: 'Command line',
  workflow: 'Called by another workflow',
};

export function triggerWords(kind: string): string {
  return TRIGGER_WORDS[kind] ?? kind;
}

interface RunsPanelProps {
  workflowId: string;
  openRunId: string | null;
  onOpen: (runId: string) => void;
  /** A retry started: its new run id. */
  onRetried: (runId: string) => void;
  /** Opens the saved version a run ran (History). */
  onOpenVersion?: (version: number) => void;
  /** The workflow is shared with this person to look at only: no Retry. */
  viewOnly?: boolean;
}

export function RunsPanel({ workflowId, openRunId, onOpen, onRetried, onOpenVersion, viewOnly = false }: RunsPanelProps) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const toast = useToast();
  const retry = useMutation(
    trpc.runs.retry.mutationOptions({
      onSuccess: ({ runId }) => {
        toast('Retrying: the run starts again with the same input and the same steps as before.', 'info');
        void queryClient.invalidateQueries({ queryKey: trpc.runs.list.queryKey() });
        onRetried(runId);
      },
      onError: (error) => toast(`The run could not be retried: ${errorMessage(error)}`, 'error'),
    }),
  );
  const runs = useQuery({ ...trpc.runs.list.queryOptions({ workflowId, limit: 50 }), staleTime: 0 });
  useSubscription(
    trpc.runs.events.subscriptionOptions(workflowId ? { workflowId } : skipToken, {
      onData: () => void queryClient.invalidateQueries({ queryKey: trpc.runs.list.queryKey() }),
    }),
  );

  if (runs.isPending) return <p className="p-3 text-sm text-slate-600">Loading runs…</p>;
  if (runs.isError) return <p className="p-3 text-sm text-red-700">The runs could not be loaded: {errorMessage(runs.error)}</p>;
  if (runs.data.length === 0) {
    return (
      <p className="p-3 text-sm text-slate-600">
        {viewOnly ? 'No runs yet.' : 'No runs yet. Click Run at the top right to try the workflow.'}
      </p>
    );
  }
  return (
    <div className="min-h-0 flex-1 relative overflow-y-auto p-2">
      <p className="px-1 pb-2 text-xs text-slate-500">Open a run to see what each step did in it.</p>
      <ul className="space-y-1" data-testid="runs-list">
        {runs.data.map((run) => (
          <li key={run.id} className="relative">
            <button
              type="button"
              onClick={() => onOpen(run.id)}
              aria-current={run.id === openRunId ? 'true' : undefined}
              className={`flex w-full flex-col gap-1 rounded-md border p-2 text-left ${run.id === openRunId ? 'border-indigo-500 bg-indigo-50' : 'border-slate-200 bg-white hover:border-slate-300'}`}
            >
              <span className="flex items-center justify-between gap-2">
                {isStatus(run.status) && <StatusBadge status={run.status} />}
                <span className="text-xs text-slate-600" title={fullDate(run.createdAt)}>
                  {timeAgo(run.createdAt)}
                </span>
              </span>
              <span className="flex justify-between text-xs text-slate-600">
                <span>
                  {triggerWords(run.triggerKind)}
                  {run.warningCount > 0 && <span className="ml-1 font-medium text-amber-900">· {plural(run.warningCount, 'warning')}</span>}
                </span>
                <span>{run.durationMs !== null ? duration(run.durationMs) : ''}</span>
              </span>
            </button>
            {onOpenVersion && run.workflowVersion !== null && (
              <button
                type="button"
                onClick={() => onOpenVersion(run.workflowVersion!)}
                className="mt-1 mr-1 inline-flex items-center rounded border border-slate-300 bg-white px-2 py-0.5 text-xs text-slate-700 hover:bg-slate-50"
                title="Show the version of the workflow this run ran"
              >
                Ran version {run.workflowVersion}
              </button>
            )}
            {!viewOnly && (run.status === 'failed' || run.status === 'cancelled') && (
              <button
                type="button"
                onClick={() => retry.mutate({ runId: run.id })}
                disabled={retry.isPending}
                aria-label={`Retry the run from ${timeAgo(run.createdAt)}`}
                title="Run it again with the same input and the same steps"
                className="mt-1 inline-flex items-center gap-1 rounded border border-slate-300 bg-white px-2 py-0.5 text-xs font-medium text-slate-700 hover:bg-slate-50 disabled:opacity-50"
              >
                <RotateCcw aria-hidden className="size-3" /> Retry
              </button>
            )}
          </li>
        ))}
      </ul>
    </div>
  );
}
