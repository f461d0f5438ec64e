'use client';
import { useMutation, useQuery } from '@tanstack/react-query';
import { CopyPlus, Download, Eye } from 'lucide-react';
import { useRouter } from 'next/navigation';
import { useMemo } from 'react';
import { Button } from '../../../components/button';
import { ReadonlyGraph } from '../../../components/graph/readonly-graph';
import { useToast } from '../../../components/toast';
import { downloadText } from '../../../lib/download';
import { errorMessage } from '../../../lib/errors';
import { plural } from '../../../lib/format';
import { useTRPC } from '../../../lib/trpc';

export function SharedView({ token }: { token: string }) {
  const trpc = useTRPC();
  const router = useRouter();
  const toast = useToast();
  const shared = useQuery({ ...trpc.share.get.queryOptions({ token }), retry: false });
  const catalogQuery = useQuery({ ...trpc.nodes.catalog.queryOptions(), staleTime: Infinity });
  const catalog = useMemo(() => new Map((catalogQuery.data ?? []).map((c) => [c.id, c])), [catalogQuery.data]);
  const copy = useMutation(
    trpc.share.copy.mutationOptions({
      onSuccess: ({ id }) => {
        toast('Copied to your workflows.', 'success');
        router.push(`/workflows/${id}`);
      },
      onError: (error) => toast(errorMessage(error), 'error'),
    }),
  );

  if (shared.isError) {
    return (
      <div className="mx-auto mt-16 max-w-lg rounded-xl border border-slate-200 bg-white p-6 text-center shadow-sm">
        <h1 className="text-lg font-semibold">This workflow can't be shown</h1>
        <p className="mt-2 text-sm text-slate-600">{errorMessage(shared.error)}</p>
      </div>
    );
  }
  if (!shared.data || !catalogQuery.data) return <p className="p-6 text-sm text-slate-600">Opening the shared workflow…</p>;
  const wf = shared.data;

  return (
    <div className="flex min-h-0 flex-1 flex-col">
      <div className="flex flex-wrap items-start justify-between gap-4 border-b border-slate-200 bg-white px-6 py-4">
        <div className="min-w-0">
          <p className="flex items-center gap-1.5 text-xs font-medium text-slate-500">
            <Eye aria-hidden className="size-3.5" /> Shared with you · read only
          </p>
          <h1 className="text-xl font-semibold">{wf.name}</h1>
          {wf.description && <p className="mt-1 max-w-3xl text-sm text-slate-600">{wf.description}</p>}
          <p className="mt-1 text-xs text-slate-500">{plural(wf.document.nodes.length, 'step')}</p>
        </div>
        <div className="flex gap-2">
          <Button onClick={() => downloadText(wf.fileName, wf.text)}>
            <Download aria-hidden className="size-4" /> Download
          </Button>
          <Button variant="primary" onClick={() => copy.mutate({ token })} disabled={copy.isPending}>
            <CopyPlus aria-hidden className="size-4" /> Copy to my workflows
          </Button>
        </div>
      </div>
      <div className="relative min-h-0 flex-1">
        <ReadonlyGraph document={wf.document} catalog={catalog} label={`The steps of ${wf.name}`} />
      </div>
    </div>
  );
}
