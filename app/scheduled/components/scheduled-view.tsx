'use client';
/**
 * Every schedule, API poll, database and file trigger: what it waits for, its next times, the
 * last run it started, the workflow's on/off switch and "Run now". Fresh by live run events.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Play } from 'lucide-react';
import Link from 'next/link';
import { Button } from '../../components/button';
import { LoadError } from '../../components/load-error';
import { isStatus, StatusBadge } from '../../components/status-badge';
import { Switch } from '../../components/switch';
import { useToast } from '../../components/toast';
import { errorMessage } from '../../lib/errors';
import { fullDate, timeAgo } from '../../lib/format';
import { useTRPC } from '../../lib/trpc';
import { useLiveRefresh } from '../../lib/use-live-refresh';

export function ScheduledView() {
  const trpc = useTRPC();
  const toast = useToast();
  const queryClient = useQueryClient();
  const list = useQuery(trpc.dashboard.scheduled.queryOptions());
  useLiveRefresh([trpc.dashboard.scheduled.queryKey()]);
  const refresh = () => void queryClient.invalidateQueries({ queryKey: trpc.dashboard.scheduled.queryKey() });
  const setActive = useMutation(
    trpc.workflows.setActive.mutationOptions({ onSuccess: refresh, onError: (e) => toast(errorMessage(e), 'error') }),
  );
  const runNow = useMutation(
    trpc.runs.start.mutationOptions({
      onSuccess: () => toast('Started. It shows under Last run when it ends.', 'success'),
      onError: (e) => toast(errorMessage(e), 'error'),
    }),
  );

  return (
    <div className="flex-1 overflow-y-auto">
      <div className="mx-auto max-w-6xl space-y-4 px-4 py-6 sm:px-6">
        <div>
          <h1 className="text-xl font-semibold">Scheduled</h1>
          <p className="text-sm text-slate-600">
            Every trigger that starts a workflow by itself: schedules, API checks, database rows and files.
          </p>
        </div>
        {list.isPending && <p className="text-sm text-slate-600">Loading triggers…</p>}
        {list.isError && <LoadError what="The triggers" error={list.error} onRetry={() => list.refetch()} />}
        {list.data && list.data.length === 0 && (
          <p className="rounded-lg border border-dashed border-slate-300 bg-white p-6 text-center text-sm text-slate-600">
            No workflow has a schedule or another automatic trigger yet. Add one as the first step of a workflow.
          </p>
        )}
        {list.data && list.data.length > 0 && (
          <ul className="divide-y divide-slate-100 rounded-lg border border-slate-200 bg-white shadow-sm">
            {list.data.map((t) => (
              <li
                key={`${t.workflowId}/${t.nodeId}`}
                data-testid="scheduled-trigger"
                className="grid gap-3 p-4 md:grid-cols-[1.4fr_1fr_1fr_auto] md:items-center"
              >
                <div>
                  <Link href={`/workflows/${t.workflowId}`} className="rounded font-medium text-indigo-700 hover:underline">
                    {t.workflowName}
                  </Link>
                  <p className="text-sm text-slate-700">
                    {t.stepName}: {t.when}
                  </p>
                </div>
                <div className="text-sm">
                  <p className="text-xs font-medium text-slate-600">Next</p>
                  {!t.active ? (
                    <p className="text-slate-600">Off</p>
                  ) : t.nextTimes.length ? (
                    <ul>
                      {t.nextTimes.map((at) => (
                        <li key={String(at)} title={fullDate(String(at))}>
                          {fullDate(String(at))} <span className="text-xs text-slate-500">({timeAgo(String(at))})</span>
                        </li>
                      ))}
                    </ul>
                  ) : (
                    <p className="text-slate-700">Whenever something new arrives</p>
                  )}
                </div>
                <div className="text-sm">
                  <p className="text-xs font-medium text-slate-600">Last run</p>
                  {t.lastRun ? (
                    <div className="flex flex-wrap items-center gap-2">
                      {isStatus(t.lastRun.status) && <StatusBadge status={t.lastRun.status} />}
                      <Link
                        href={`/workflows/${t.workflowId}?run=${encodeURIComponent(t.lastRun.runId)}`}
                        className="rounded text-xs text-indigo-700 hover:underline"
                      >
                        {timeAgo(String(t.lastRun.createdAt))}
                      </Link>
                      {t.lastRun.error && <p className="w-full text-xs text-red-800">{t.lastRun.error}</p>}
                    </div>
                  ) : (
                    <p className="text-slate-600">Not run yet</p>
                  )}
                </div>
                <div className="flex items-center gap-3">
                  <Switch
                    checked={t.active}
                    label={`${t.workflowName} on`}
                    onChange={(active) => setActive.mutate({ id: t.workflowId, active })}
                    disabled={setActive.isPending}
                  />
                  <Button
                    size="sm"
                    onClick={() => runNow.mutate({ workflowId: t.workflowId, triggerNodeId: t.nodeId })}
                    disabled={runNow.isPending}
                  >
                    <Play aria-hidden className="size-3.5" /> Run now
                  </Button>
                </div>
              </li>
            ))}
          </ul>
        )}
      </div>
    </div>
  );
}
