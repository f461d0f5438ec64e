'use client';
/**
 * Every run of every workflow: filters, a page at a time ("Show more" continues where the
 * list ended), and retry / cancel / delete for the runs selected. Fresh by live run events.
 */
import { useInfiniteQuery, useMutation, useQuery } from '@tanstack/react-query';
import { Ban, RotateCcw, Trash2 } from 'lucide-react';
import { useMemo, useState } from 'react';
import { Button } from '../../components/button';
import { ConfirmDialog } from '../../components/confirm-dialog';
import { LoadError } from '../../components/load-error';
import { useToast } from '../../components/toast';
import { errorMessage } from '../../lib/errors';
import { plural } from '../../lib/format';
import { useTRPC } from '../../lib/trpc';
import { useLiveRefresh } from '../../lib/use-live-refresh';
import { NO_FILTERS, searchInput, type RunFilters } from '../lib/filters';
import { RunFiltersBar } from './run-filters';
import { RunsTable } from './runs-table';

type BulkOutcome = { done: number; skipped: Array<{ runId: string; reason: string }> };

export function RunsView() {
  const trpc = useTRPC();
  const toast = useToast();
  const [filters, setFilters] = useState<RunFilters>(NO_FILTERS);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [confirmDelete, setConfirmDelete] = useState(false);
  const input = searchInput(filters);
  const pages = useInfiniteQuery(
    trpc.runs.search.infiniteQueryOptions(input, { getNextPageParam: (last) => last.nextCursor ?? undefined }),
  );
  const workflows = useQuery(trpc.workflows.list.queryOptions());
  const kinds = useQuery(trpc.runs.triggerKinds.queryOptions());
  useLiveRefresh([trpc.runs.search.infiniteQueryKey(), trpc.runs.triggerKinds.queryKey()]);

  const runs = useMemo(() => pages.data?.pages.flatMap((p) => p.runs) ?? [], [pages.data]);
  const chosen = runs.filter((r) => selected.has(r.id));
  const report = (verb: string, outcome: BulkOutcome) => {
    setSelected(new Set());
    void pages.refetch();
    const first = outcome.skipped[0];
    const rest = first ? ` ${plural(outcome.skipped.length, 'run was', 'runs were')} left alone: ${first.reason}` : '';
    toast(`${plural(outcome.done, 'run')} ${verb}.${rest}`, outcome.skipped.length ? 'info' : 'success');
  };
  const onError = (e: unknown) => toast(errorMessage(e), 'error');
  const retry = useMutation(trpc.runs.retryMany.mutationOptions({ onSuccess: (o) => report('started again', o), onError }));
  const cancel = useMutation(trpc.runs.cancelMany.mutationOptions({ onSuccess: (o) => report('asked to stop', o), onError }));
  const remove = useMutation(trpc.runs.deleteMany.mutationOptions({ onSuccess: (o) => report('deleted', o), onError }));
  const busy = retry.isPending || cancel.isPending || remove.isPending;
  const ids = chosen.map((r) => r.id);

  const changeFilters = (next: RunFilters) => {
    setFilters(next);
    setSelected(new Set());
  };

  return (
    <div className="flex-1 overflow-y-auto">
      <div className="mx-auto max-w-6xl space-y-4 px-4 py-6 sm:px-6">
        <div>
          <h1 className="text-xl font-semibold">Runs</h1>
          <p className="text-sm text-slate-600">Every run of every workflow. Open one to see what each step did.</p>
        </div>
        <RunFiltersBar filters={filters} onChange={changeFilters} workflows={workflows.data ?? []} triggerKinds={kinds.data ?? []} />
        <div className="flex min-h-9 flex-wrap items-center gap-2" aria-live="polite">
          {chosen.length > 0 ? (
            <>
              <span className="text-sm font-medium">{plural(chosen.length, 'run')} selected</span>
              <Button size="sm" onClick={() => retry.mutate({ runIds: ids })} disabled={busy}>
                <RotateCcw aria-hidden className="size-3.5" /> Run again
              </Button>
              <Button size="sm" onClick={() => cancel.mutate({ runIds: ids })} disabled={busy}>
                <Ban aria-hidden className="size-3.5" /> Stop
              </Button>
              <Button size="sm" variant="danger" onClick={() => setConfirmDelete(true)} disabled={busy}>
                <Trash2 aria-hidden className="size-3.5" /> Delete
              </Button>
              <Button size="sm" variant="ghost" onClick={() => setSelected(new Set())}>
                Clear selection
              </Button>
            </>
          ) : runs.some((r) => r.canChange) ? (
            <span className="text-sm text-slate-600">Select runs to run them again, stop or delete them.</span>
          ) : runs.length > 0 ? (
            <span className="text-sm text-slate-600">You can view these runs. Their workflows are shared with you to look at only.</span>
          ) : null}
        </div>
        {pages.isPending && <p className="text-sm text-slate-600">Loading runs…</p>}
        {pages.isError && <LoadError what="The runs" error={pages.error} onRetry={() => pages.refetch()} />}
        {pages.data && runs.length === 0 && (
          <p className="rounded-lg border border-dashed border-slate-300 bg-white p-6 text-center text-sm text-slate-600">
            {JSON.stringify({ ...filters, timeSetAt: 0 }) === JSON.stringify(NO_FILTERS)
              ? 'No runs yet. Runs appear here when a workflow runs, by hand or by its trigger.'
              : 'No run matches these filters.'}
          </p>
        )}
        {runs.length > 0 && (
          <RunsTable
            runs={runs}
            selected={selected}
            onToggle={(id) =>
              setSelected((s) => {
                const next = new Set(s);
                if (!next.delete(id)) next.add(id);
                return next;
              })
            }
            onToggleAll={(on) => setSelected(on ? new Set(runs.filter((r) => r.canChange).map((r) => r.id)) : new Set())}
          />
        )}
        {pages.hasNextPage && (
          <Button onClick={() => void pages.fetchNextPage()} disabled={pages.isFetchingNextPage}>
            {pages.isFetchingNextPage ? 'Loading…' : 'Show more runs'}
          </Button>
        )}
      </div>
      {confirmDelete && (
        <ConfirmDialog
          title={`Delete ${plural(chosen.length, 'run')}?`}
          action="Delete"
          variant="danger"
          cancel="Keep them"
          onClose={() => setConfirmDelete(false)}
          onConfirm={() => remove.mutateAsync({ runIds: ids })}
        >
          Their step results and outputs are deleted too. Runs still waiting or running are left alone.
        </ConfirmDialog>
      )}
    </div>
  );
}
