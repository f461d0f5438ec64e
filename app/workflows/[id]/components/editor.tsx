'use client';
/** Loads the workflow and the step catalogue, then opens the editor on them. */
import { useQuery } from '@tanstack/react-query';
import { ReactFlowProvider } from '@xyflow/react';
import Link from 'next/link';
import { useEffect } from 'react';
import { useToast } from '../../../components/toast';
import { buttonClass } from '../../../components/button';
import { errorMessage } from '../../../lib/errors';
import { useTRPC } from '../../../lib/trpc';
import { EditorShell } from './editor-shell';

export function Editor({ workflowId, openRunId }: { workflowId: string; openRunId?: string }) {
  const trpc = useTRPC();
  // Read fresh each time the editor opens (gcTime 0), and never behind the user's back while open.
  const workflow = useQuery({ ...trpc.workflows.get.queryOptions({ id: workflowId }), staleTime: Infinity, gcTime: 0, retry: false });
  const catalog = useQuery({ ...trpc.nodes.catalog.queryOptions(), staleTime: Infinity });
  // Steps saved with an older version of their type were upgraded on opening: say which.
  const toast = useToast();
  const upgradeNote = workflow.data?.upgradeNote;
  useEffect(() => {
    if (upgradeNote) toast(upgradeNote, 'info');
  }, [upgradeNote, toast]);

  const error = workflow.error ?? catalog.error;
  if (error) {
    return (
      <div className="mx-auto mt-16 max-w-lg rounded-xl border border-slate-200 bg-white p-6 text-center shadow-sm">
        <h1 className="text-lg font-semibold">This workflow could not be opened</h1>
        <p className="mt-2 text-sm text-slate-600">{errorMessage(error)}</p>
        <Link href="/workflows" className={`${buttonClass('primary')} mt-4`}>
          Back to workflows
        </Link>
      </div>
    );
  }
  if (!workflow.data || !catalog.data) {
    return <p className="p-6 text-sm text-slate-600">Opening the workflow…</p>;
  }
  return (
    <ReactFlowProvider>
      <EditorShell key={workflow.data.id} initial={workflow.data} catalogList={catalog.data} openRunId={openRunId} />
    </ReactFlowProvider>
  );
}
