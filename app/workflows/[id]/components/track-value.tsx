'use client';
/**
 * "Track this value": pick a number field of this step's output (and a label); every later run
 * records it and the Results page charts it. Shown under a step's output in a saved workflow.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { ChartLine, X } from 'lucide-react';
import Link from 'next/link';
import { useState } from 'react';
import { Button } from '../../../components/button';
import { useToast } from '../../../components/toast';
import { errorMessage } from '../../../lib/errors';
import { useTRPC } from '../../../lib/trpc';

interface TrackValueProps {
  workflowId: string;
  nodeId: string;
  /** The step's first output item: its number fields are offered. */
  firstItem: Record<string, unknown> | undefined;
}

function numberFields(item: Record<string, unknown> | undefined, prefix = '', depth = 0): string[] {
  if (!item || depth > 2) return [];
  return Object.entries(item).flatMap(([key, value]) => {
    const path = `${prefix}${key}`;
    if (typeof value === 'number' || (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value)))) return [path];
    if (value && typeof value === 'object' && !Array.isArray(value))
      return numberFields(value as Record<string, unknown>, `${path}.`, depth + 1);
    return [];
  });
}

export function TrackValue({ workflowId, nodeId, firstItem }: TrackValueProps) {
  const trpc = useTRPC();
  const toast = useToast();
  const queryClient = useQueryClient();
  const tracked = useQuery(trpc.results.list.queryOptions({ workflowId }));
  const mine = tracked.data?.filter((t) => t.nodeId === nodeId) ?? [];
  const fields = numberFields(firstItem).filter((f) => !mine.some((t) => t.field === f));
  const [open, setOpen] = useState(false);
  const [field, setField] = useState('');
  const [label, setLabel] = useState('');
  const refresh = () => void queryClient.invalidateQueries({ queryKey: trpc.results.list.queryKey() });
  const track = useMutation(
    trpc.results.track.mutationOptions({
      onSuccess: () => {
        refresh();
        setOpen(false);
        setLabel('');
        toast('Tracked: every run now records this value. See it under Results.', 'success');
      },
      onError: (e) => toast(errorMessage(e), 'error'),
    }),
  );
  const untrack = useMutation(
    trpc.results.untrack.mutationOptions({ onSuccess: refresh, onError: (e) => toast(errorMessage(e), 'error') }),
  );
  const chosen = field && fields.includes(field) ? field : (fields[0] ?? '');

  return (
    <div className="flex flex-col gap-2 rounded-md border border-slate-200 bg-white p-3 text-sm" data-testid="track-value">
      {mine.map((t) => (
        <p key={t.id} className="flex items-center gap-2">
          <ChartLine aria-hidden className="size-4 text-indigo-600" />
          <span>
            Tracking <strong>{t.shownAs}</strong> on every run.{' '}
            <Link href="/results" className="rounded text-indigo-700 hover:underline">
              See results
            </Link>
          </span>
          <Button size="sm" variant="ghost" onClick={() => untrack.mutate({ id: t.id })} aria-label={`Stop tracking ${t.shownAs}`}>
            <X aria-hidden className="size-3.5" /> Stop
          </Button>
        </p>
      ))}
      {!open && (
        <div>
          <Button
            size="sm"
            onClick={() => setOpen(true)}
            disabled={fields.length === 0}
            title={fields.length === 0 ? 'This output has no number to track.' : undefined}
          >
            <ChartLine aria-hidden className="size-3.5" /> Track this value
          </Button>
          {fields.length === 0 && mine.length === 0 && (
            <span className="ml-2 text-xs text-slate-600">This output has no number to track.</span>
          )}
        </div>
      )}
      {open && (
        <form
          className="flex flex-wrap items-end gap-2"
          onSubmit={(e) => {
            e.preventDefault();
            track.mutate({ workflowId, nodeId, field: chosen, label });
          }}
        >
          <label className="flex flex-col gap-1 text-xs font-medium text-slate-600">
            Field
            <select
              className="h-8 rounded-md border border-slate-300 bg-white px-2 text-sm"
              value={chosen}
              onChange={(e) => setField(e.target.value)}
            >
              {fields.map((f) => (
                <option key={f} value={f}>
                  {f}
                </option>
              ))}
            </select>
          </label>
          <label className="flex flex-col gap-1 text-xs font-medium text-slate-600">
            Label (optional)
            <input
              className="h-8 rounded-md border border-slate-300 px-2 text-sm"
              value={label}
              onChange={(e) => setLabel(e.target.value)}
              placeholder="e.g. Price in EUR"
            />
          </label>
          <Button size="sm" variant="primary" type="submit" disabled={!chosen || track.isPending}>
            Track
          </Button>
          <Button size="sm" variant="ghost" onClick={() => setOpen(false)}>
            Cancel
          </Button>
        </form>
      )}
    </div>
  );
}
