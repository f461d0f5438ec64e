'use client';
import { useQuery } from '@tanstack/react-query';
import { FileUp, Plus } from 'lucide-react';
import { useState } from 'react';
import { Button } from '../../components/button';
import { useToast } from '../../components/toast';
import type { WorkflowSummary } from '../../lib/api-types';
import { useTRPC } from '../../lib/trpc';
import { useWorkflowActions } from '../lib/use-workflow-actions';
import { DeleteDialog } from './delete-dialog';
import { EmptyState } from './empty-state';
import { ImportDialog } from './import-dialog';
import { RenameDialog } from './rename-dialog';
import { SaveTemplateDialog } from './save-template-dialog';
import { ShareDialog } from './share-dialog';
import { WorkflowTable } from './workflow-table';
import { LoadError } from '../../components/load-error';
import { useMe } from '../../components/user-menu';

type Open = { kind: 'rename' | 'delete' | 'template' | 'share'; wf: WorkflowSummary } | { kind: 'import' } | null;

export function WorkflowsView() {
  const trpc = useTRPC();
  const toast = useToast();
  const list = useQuery(trpc.workflows.list.queryOptions());
  const actions = useWorkflowActions();
  const [open, setOpen] = useState<Open>(null);
  const close = () => setOpen(null);
  // Viewers open what is shared with them; they make no workflows of their own.
  const mayCreate = useMe().data?.role !== 'viewer';

  return (
    <div className="flex-1 relative overflow-y-auto">
      <div className="mx-auto max-w-6xl px-6 py-6">
        <div className="flex items-center justify-between gap-4">
          <div>
            <h1 className="text-xl font-semibold">Workflows</h1>
            <p className="text-sm text-slate-600">Each workflow is a chain of steps that runs for you.</p>
          </div>
          {mayCreate && (
            <div className="flex gap-2">
              <Button onClick={() => setOpen({ kind: 'import' })}>
                <FileUp aria-hidden className="size-4" /> Import
              </Button>
              <Button variant="primary" onClick={actions.createBlank} disabled={actions.creating}>
                <Plus aria-hidden className="size-4" /> New workflow
              </Button>
            </div>
          )}
        </div>

        <div className="mt-6">
          {list.isPending && <p className="text-sm text-slate-600">Loading your workflows…</p>}
          {list.isError && <LoadError what="Your workflows" error={list.error} onRetry={() => list.refetch()} />}
          {list.data && list.data.length === 0 && mayCreate && (
            <EmptyState onBlank={actions.createBlank} onExample={actions.createExample} busy={actions.creating} />
          )}
          {list.data && list.data.length === 0 && !mayCreate && (
            <p className="rounded-lg border border-dashed border-slate-300 bg-white p-6 text-center text-sm text-slate-600">
              Nothing is shared with you yet. When someone shares a workflow with you, it appears here.
            </p>
          )}
          {list.data && list.data.length > 0 && (
            <>
              <WorkflowTable
                workflows={list.data}
                onRename={(wf) => setOpen({ kind: 'rename', wf })}
                onDelete={(wf) => setOpen({ kind: 'delete', wf })}
                onDuplicate={(wf) => actions.duplicate(wf.id)}
                onExport={(wf) => void actions.exportFile(wf.id, 'json')}
                onSetActive={(wf, active) => actions.setActive(wf.id, active)}
                onSaveAsTemplate={(wf) => setOpen({ kind: 'template', wf })}
                onShare={(wf) => setOpen({ kind: 'share', wf })}
                mayCreate={mayCreate}
              />
              {mayCreate && (
                <p className="mt-3 text-sm text-slate-600">
                  New here?{' '}
                  <button type="button" className="rounded text-indigo-700 underline" onClick={actions.createExample}>
                    Open an example workflow
                  </button>{' '}
                  to see how steps connect.
                </p>
              )}
            </>
          )}
        </div>
      </div>

      {open?.kind === 'rename' && (
        <RenameDialog name={open.wf.name} onClose={close} onRename={(name) => actions.rename(open.wf.id, name)} />
      )}
      {open?.kind === 'delete' && <DeleteDialog name={open.wf.name} onClose={close} onDelete={() => actions.remove(open.wf.id)} />}
      {open?.kind === 'template' && (
        <SaveTemplateDialog workflowId={open.wf.id} name={open.wf.name} description={open.wf.description} onClose={close} />
      )}
      {open?.kind === 'share' && <ShareDialog workflowId={open.wf.id} name={open.wf.name} onClose={close} />}
      {open?.kind === 'import' && (
        <ImportDialog
          onClose={close}
          onImported={() => {
            close();
            toast('Workflow imported. It is at the top of the list.', 'success');
            void actions.refresh();
          }}
        />
      )}
    </div>
  );
}
