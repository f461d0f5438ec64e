'use client';
/**
 * One saved version on a read-only canvas, with what changed marked on the steps (Added,
 * Removed, Changed, in words as well as colour), and "Restore this version".
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { ArrowLeft, History, RotateCcw } from 'lucide-react';
import { useMemo, useState } from 'react';
import { Button } from '../../../components/button';
import { ConfirmDialog } from '../../../components/confirm-dialog';
import { ReadonlyGraph } from '../../../components/graph/readonly-graph';
import type { CatalogEntry } from '../../../lib/api-types';
import { errorMessage } from '../../../lib/errors';
import { fullDate } from '../../../lib/format';
import { useTRPC } from '../../../lib/trpc';
import { changeLine, marksOf, type VersionComparison } from '../lib/version-marks';

interface VersionAreaProps {
  workflowId: string;
  version: number;
  catalog: Map<string, CatalogEntry>;
  /** The editor has unsaved changes: restoring would throw them away, so it waits. */
  dirty: boolean;
  onBack: () => void;
  /** Called with the new version's number once the old one is saved again. */
  onRestored: (version: number) => void;
}

const LEGEND = [
  { label: 'Added', className: 'border-emerald-600 bg-emerald-50' },
  { label: 'Removed', className: 'border-dashed border-slate-400 bg-white' },
  { label: 'Changed', className: 'border-amber-500 bg-amber-50' },
  { label: 'Moved', className: 'border-slate-400 bg-slate-50' },
];

export function VersionArea({ workflowId, version, catalog, dirty, onBack, onRestored }: VersionAreaProps) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [against, setAgainst] = useState<'previous' | 'current'>('previous');
  const [confirming, setConfirming] = useState(false);
  const history = useQuery(trpc.workflows.history.queryOptions({ id: workflowId }));
  const current = history.data?.[0]?.version ?? null;
  const isCurrent = current === version;
  const base = against === 'current' && current !== null && !isCurrent ? current : undefined;
  const compared = useQuery(trpc.workflows.compare.queryOptions({ id: workflowId, version, against: base }));
  const marks = useMemo(() => (compared.data ? marksOf(compared.data) : undefined), [compared.data]);
  const entry = history.data?.find((h) => h.version === version);
  const restore = useMutation(
    trpc.workflows.restore.mutationOptions({
      onSuccess: ({ version: restored }) => {
        void queryClient.invalidateQueries({ queryKey: trpc.workflows.history.queryKey({ id: workflowId }) });
        onRestored(restored);
      },
    }),
  );

  const comparedWith = compared.data?.against;
  return (
    <section aria-label={`Version ${version}`} className="flex min-w-0 flex-1 flex-col">
      <div
        role="status"
        className="flex flex-wrap items-center gap-3 border-b border-amber-200 bg-amber-50 px-4 py-2 text-sm text-amber-950"
      >
        <History aria-hidden className="size-4 shrink-0" />
        <p className="min-w-64 flex-1">
          <span className="font-medium">Viewing version {version} (read only)</span>
          {entry ? `, saved ${fullDate(entry.createdAt)}` : ''}.{' '}
          {!comparedWith
            ? 'This is the first version.'
            : comparedWith < version
              ? `Marked: what changed since version ${comparedWith}.`
              : `Marked: how it differs from version ${comparedWith}; restoring it makes these changes.`}
        </p>
        {!isCurrent && (
          <label className="flex items-center gap-1.5 text-xs">
            Compare with
            <select
              value={against}
              onChange={(e) => setAgainst(e.target.value === 'current' ? 'current' : 'previous')}
              className="h-7 rounded border border-amber-300 bg-white px-1 text-xs"
            >
              <option value="previous">the version before it</option>
              <option value="current">the current version</option>
            </select>
          </label>
        )}
        <Button size="sm" onClick={onBack}>
          <ArrowLeft aria-hidden className="size-3.5" /> Back to editing
        </Button>
        <Button
          size="sm"
          variant="primary"
          disabled={isCurrent || dirty}
          title={isCurrent ? 'This is the current version.' : dirty ? 'Save or undo your changes first.' : undefined}
          onClick={() => setConfirming(true)}
        >
          <RotateCcw aria-hidden className="size-3.5" /> Restore this version
        </Button>
      </div>
      <div className="flex items-center gap-3 border-b border-slate-200 bg-white px-4 py-1.5 text-xs text-slate-600">
        <span>{compared.data?.diff.summary}</span>
        <ul className="ml-auto flex gap-3" aria-label="Legend">
          {LEGEND.map((l) => (
            <li key={l.label} className="flex items-center gap-1">
              <span aria-hidden className={`inline-block h-3 w-4 rounded-sm border-2 ${l.className}`} />
              {l.label}
            </li>
          ))}
        </ul>
      </div>
      {compared.data && <SettingChanges comparison={compared.data} />}
      <div className="relative min-h-0 flex-1">
        {compared.isError && <p className="p-4 text-sm text-red-700">This version could not be loaded: {errorMessage(compared.error)}</p>}
        {compared.data && (
          <ReadonlyGraph
            key={`${version}:${comparedWith ?? 'none'}`}
            document={compared.data.document}
            catalog={catalog}
            marks={marks}
            label={`Version ${version} of the workflow`}
          />
        )}
      </div>
      {confirming && (
        <ConfirmDialog
          title={`Restore version ${version}?`}
          action={`Restore version ${version}`}
          onClose={() => setConfirming(false)}
          onConfirm={() => restore.mutateAsync({ id: workflowId, version })}
        >
          Version {version} is saved again as a new version{current ? ` (version ${current + 1})` : ''}. Nothing is deleted: the current
          version stays in the history and can be restored too.
        </ConfirmDialog>
      )}
    </section>
  );
}

/** Which settings of the changed steps differ, from what to what (the marks only say "Changed"). */
function SettingChanges({ comparison }: { comparison: VersionComparison }) {
  const changed = comparison.diff.nodesChanged.filter((c) => !c.positionOnly && c.changes.length > 0);
  if (changed.length === 0) return null;
  const nameOf = (id: string) => comparison.document.nodes.find((n) => n.id === id)?.name ?? 'A step';
  return (
    <details open className="border-b border-slate-200 bg-white px-4 py-1.5 text-xs text-slate-700" data-testid="setting-changes">
      <summary className="cursor-pointer font-medium text-slate-800">Changed settings</summary>
      <ul className="relative mt-1 max-h-36 space-y-1 overflow-y-auto">
        {changed.map((c) => (
          <li key={c.id}>
            <span className="font-medium">“{nameOf(c.id)}”</span>
            <ul className="ml-4 list-disc pl-3">
              {c.changes.map((change) => (
                <li key={change.setting} className="break-words">
                  {changeLine(change)}
                </li>
              ))}
            </ul>
          </li>
        ))}
      </ul>
    </details>
  );
}
