'use client';
/** /nodes: every kind of step, grouped as in the palette, with its settings and an example. */
import { useQuery } from '@tanstack/react-query';
import { groupCatalog } from '../../lib/catalog-groups';
import { errorMessage } from '../../lib/errors';
import { useTRPC } from '../../lib/trpc';
import { NodeCard } from './node-card';
import { FeatureNote } from '../../components/feature-note';
import { FEATURE_OFF_TEXT, offSwitchOf, useSystemStatus } from '../../lib/system-status';

export function NodeCatalogue() {
  const trpc = useTRPC();
  const catalog = useQuery({ ...trpc.nodes.catalog.queryOptions(), staleTime: Infinity });
  const groups = catalog.data ? groupCatalog(catalog.data) : [];
  const status = useSystemStatus().data;

  return (
    <div className="flex-1 relative overflow-y-auto">
      <div className="mx-auto flex max-w-6xl gap-8 px-6 py-6">
        <nav aria-label="Step groups" className="sticky top-0 hidden w-44 shrink-0 self-start pt-1 lg:block">
          <p className="mb-2 text-xs font-semibold tracking-wide text-slate-500 uppercase">Groups</p>
          <ul className="space-y-1 text-sm">
            {groups.map(([group, entries]) => (
              <li key={group}>
                <a href={`#group-${group}`} className="flex justify-between rounded px-2 py-1 text-slate-700 hover:bg-slate-100">
                  {group} <span className="text-slate-600">{entries.length}</span>
                </a>
              </li>
            ))}
          </ul>
        </nav>
        <div className="min-w-0 flex-1">
          <h1 className="text-xl font-semibold">Steps</h1>
          <p className="mt-1 max-w-2xl text-sm text-slate-600">
            Every kind of step you can add to a workflow: what it does, what you can set, and an example. Triggers start a workflow; the
            other steps work on the items that reach them.
          </p>
          {catalog.isPending && <p className="mt-6 text-sm text-slate-600">Loading the steps…</p>}
          {catalog.isError && <p className="mt-6 text-sm text-red-700">The steps could not be loaded: {errorMessage(catalog.error)}</p>}
          {groups.map(([group, entries]) => (
            <section key={group} id={`group-${group}`} aria-labelledby={`heading-${group}`} className="mt-8 scroll-mt-4">
              <h2
                id={`heading-${group}`}
                className="mb-3 border-b border-slate-200 pb-1 text-sm font-semibold tracking-wide text-slate-500 uppercase"
              >
                {group}
              </h2>
              {[...new Set(entries.map((e) => offSwitchOf(e, status)).filter((k) => k !== null))].map((key) => (
                <div key={key} className="mb-3">
                  <FeatureNote testId={`feature-off-${key}`}>{FEATURE_OFF_TEXT[key]}</FeatureNote>
                </div>
              ))}
              {group === 'Browser' && status?.browser && (
                <div className="mb-3">
                  <FeatureNote kind="missing">{status.browser}</FeatureNote>
                </div>
              )}
              <div className="flex flex-col gap-4">
                {entries.map((entry) => (
                  <NodeCard key={entry.id} entry={entry} />
                ))}
              </div>
            </section>
          ))}
        </div>
      </div>
    </div>
  );
}
