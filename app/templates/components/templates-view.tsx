'use client';
/** The template gallery: search, filter by category and step type, and start a workflow from one. */
import { FeatureNote } from '../../components/feature-note';
import { FEATURE_OFF_TEXT, useSystemStatus } from '../../lib/system-status';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Search } from 'lucide-react';
import { useRouter } from 'next/navigation';
import { useMemo, useState } from 'react';
import { ConfirmDialog } from '../../components/confirm-dialog';
import { useToast } from '../../components/toast';
import { errorMessage } from '../../lib/errors';
import { plural } from '../../lib/format';
import { useTRPC } from '../../lib/trpc';
import { ANY, matches, type TemplateEntry, type TemplateFilter } from '../lib/filter';
import { TemplateCard } from './template-card';
import { UseTemplateDialog } from './use-template-dialog';
import { LoadError } from '../../components/load-error';

const SELECT = 'h-9 rounded-md border border-slate-300 bg-white px-2 text-sm';

export function TemplatesView() {
  const trpc = useTRPC();
  const router = useRouter();
  const toast = useToast();
  const queryClient = useQueryClient();
  const templates = useQuery(trpc.templates.list.queryOptions());
  const catalogQuery = useQuery({ ...trpc.nodes.catalog.queryOptions(), staleTime: Infinity });
  const catalog = useMemo(() => new Map((catalogQuery.data ?? []).map((c) => [c.id, c])), [catalogQuery.data]);
  const status = useSystemStatus();
  const [filter, setFilter] = useState<TemplateFilter>({ search: '', category: ANY, nodeType: ANY });
  const [usingId, setUsingId] = useState<string | null>(null);
  const [deleting, setDeleting] = useState<TemplateEntry | null>(null);
  // A template that asks for saved credentials: chosen in a dialog before the workflow is made.
  const [asking, setAsking] = useState<TemplateEntry | null>(null);

  const use = useMutation(
    trpc.templates.use.mutationOptions({
      onSuccess: ({ id, copied, needsCredential, samplesOff }) => {
        const samples = copied.length
          ? ` Sample data copied to the data folder: ${copied.join(', ')}.`
          : samplesOff
            ? ' Sample data is turned off here, so no sample files were copied: point its steps at your own files.'
            : '';
        const waiting = [...new Set(needsCredential.map((p) => p.nodeId))].length;
        const later = waiting
          ? ` Choose the saved credential in the ${waiting === 1 ? 'step' : `${waiting} steps`} marked on the canvas.`
          : '';
        toast(`Workflow created.${samples}${later}`, waiting ? 'info' : 'success');
        void queryClient.invalidateQueries({ queryKey: trpc.workflows.list.queryKey() });
        router.push(`/workflows/${id}`);
      },
      onError: (error) => {
        setUsingId(null);
        toast(errorMessage(error), 'error');
      },
    }),
  );
  const remove = useMutation(
    trpc.templates.delete.mutationOptions({
      onSuccess: () => {
        toast('Template deleted.', 'success');
        void queryClient.invalidateQueries({ queryKey: trpc.templates.list.queryKey() });
      },
    }),
  );

  const all = templates.data ?? [];
  const categories = [...new Set(all.map((t) => t.category))].sort();
  const usedTypes = [...new Set(all.flatMap((t) => t.document.nodes.map((n) => n.type)))].sort((a, b) =>
    (catalog.get(a)?.displayName ?? a).localeCompare(catalog.get(b)?.displayName ?? b),
  );
  const typeName = (type: string) => catalog.get(type)?.displayName ?? type;
  const shown = all.filter((t) => matches(t, filter, typeName));

  return (
    <div className="flex-1 relative overflow-y-auto">
      <div className="mx-auto max-w-6xl px-6 py-6">
        <h1 className="text-xl font-semibold">Templates</h1>
        <p className="text-sm text-slate-600">Ready-made workflows to start from. Using one makes a copy you can change freely.</p>
        {status.data && !status.data.switches.templateSamplesEnabled && (
          <div className="mt-3 max-w-3xl">
            <FeatureNote testId="feature-off-templateSamplesEnabled">{FEATURE_OFF_TEXT.templateSamplesEnabled}</FeatureNote>
          </div>
        )}

        <div role="search" className="mt-5 flex flex-wrap items-end gap-3">
          <label className="flex min-w-64 flex-1 flex-col gap-1 text-sm font-medium">
            Search
            <span className="relative">
              <Search aria-hidden className="pointer-events-none absolute top-2.5 left-2.5 size-4 text-slate-400" />
              <input
                type="search"
                value={filter.search}
                onChange={(e) => setFilter((f) => ({ ...f, search: e.target.value }))}
                placeholder="CSV, email, webhook…"
                className="h-9 w-full rounded-md border border-slate-300 pr-2 pl-8 text-sm font-normal"
              />
            </span>
          </label>
          <label className="flex flex-col gap-1 text-sm font-medium">
            Category
            <select className={SELECT} value={filter.category} onChange={(e) => setFilter((f) => ({ ...f, category: e.target.value }))}>
              <option value={ANY}>All categories</option>
              {categories.map((c) => (
                <option key={c} value={c}>
                  {c}
                </option>
              ))}
            </select>
          </label>
          <label className="flex flex-col gap-1 text-sm font-medium">
            Uses the step
            <select className={SELECT} value={filter.nodeType} onChange={(e) => setFilter((f) => ({ ...f, nodeType: e.target.value }))}>
              <option value={ANY}>Any step</option>
              {usedTypes.map((type) => (
                <option key={type} value={type}>
                  {typeName(type)}
                </option>
              ))}
            </select>
          </label>
        </div>

        <div className="mt-6">
          {templates.isPending && <p className="text-sm text-slate-600">Loading the templates…</p>}
          {templates.isError && <LoadError what="The templates" error={templates.error} onRetry={() => templates.refetch()} />}
          {templates.data && (
            <p className="mb-3 text-sm text-slate-600" aria-live="polite">
              {shown.length === all.length ? plural(all.length, 'template') : `${plural(shown.length, 'template')} of ${all.length} match.`}
            </p>
          )}
          {templates.data && shown.length === 0 && (
            <p className="rounded-md border border-dashed border-slate-300 p-6 text-center text-sm text-slate-600">
              No template matches.{' '}
              <button
                type="button"
                className="text-indigo-700 underline"
                onClick={() => setFilter({ search: '', category: ANY, nodeType: ANY })}
              >
                Show all templates
              </button>
            </p>
          )}
          <div className="grid grid-cols-1 gap-4 md:grid-cols-2 lg:grid-cols-3">
            {shown.map((t) => (
              <TemplateCard
                key={t.id}
                template={t}
                catalog={catalog}
                busy={use.isPending && usingId === t.id}
                onUse={() => {
                  if (t.credentials.length) return setAsking(t);
                  setUsingId(t.id);
                  use.mutate({ id: t.id });
                }}
                onDelete={t.builtIn ? undefined : () => setDeleting(t)}
              />
            ))}
          </div>
        </div>
      </div>
      {asking && (
        <UseTemplateDialog
          template={asking}
          busy={use.isPending}
          onClose={() => setAsking(null)}
          onUse={(credentials) => {
            setUsingId(asking.id);
            use.mutate({ id: asking.id, credentials });
          }}
        />
      )}
      {deleting && (
        <ConfirmDialog
          title={`Delete the template "${deleting.name}"?`}
          action="Delete template"
          variant="danger"
          onClose={() => setDeleting(null)}
          onConfirm={() => remove.mutateAsync({ id: deleting.id })}
        >
          Workflows already made from it stay as they are.
        </ConfirmDialog>
      )}
    </div>
  );
}
