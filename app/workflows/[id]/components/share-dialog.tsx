'use client';
/**
 * "Share": who may open this workflow (Can view) or also change and run it (Can edit), besides
 * its owner. Only the owner and admins change the list; others see it read-only.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Trash2 } from 'lucide-react';
import { useEffect, useState } from 'react';
import { Button } from '../../../components/button';
import { Dialog } from '../../../components/dialog';
import { useToast } from '../../../components/toast';
import { errorMessage } from '../../../lib/errors';
import { useTRPC } from '../../../lib/trpc';

type ShareRole = 'editor' | 'viewer';
interface Row {
  userId: string;
  name: string;
  email: string;
  role: ShareRole;
}

const ROLE_WORDS: Record<ShareRole, string> = { editor: 'Can edit', viewer: 'Can view' };

export function ShareDialog({ workflowId, onClose }: { workflowId: string; onClose: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const toast = useToast();
  const sharing = useQuery(trpc.workflows.sharing.queryOptions({ id: workflowId }));
  const save = useMutation(trpc.workflows.setSharing.mutationOptions());
  const [rows, setRows] = useState<Row[] | null>(null);
  const [pick, setPick] = useState('');
  const [pickRole, setPickRole] = useState<ShareRole>('viewer');
  useEffect(() => {
    if (sharing.data && rows === null) setRows(sharing.data.shares);
  }, [sharing.data, rows]);

  const data = sharing.data;
  const canManage = data?.canManage ?? false;
  const list = rows ?? [];
  const candidates = (data?.people ?? []).filter((p) => !list.some((r) => r.userId === p.userId));
  const chosen = candidates.find((p) => p.userId === pick);
  const onlyViews = (userId: string) => data?.people.find((p) => p.userId === userId)?.role === 'viewer';

  const add = () => {
    if (!chosen) return;
    setRows([
      ...list,
      { userId: chosen.userId, name: chosen.name, email: chosen.email, role: chosen.role === 'viewer' ? 'viewer' : pickRole },
    ]);
    setPick('');
  };
  const submit = async () => {
    try {
      await save.mutateAsync({ id: workflowId, shares: list.map((r) => ({ userId: r.userId, role: r.role })) });
      await queryClient.invalidateQueries({ queryKey: trpc.workflows.sharing.queryKey({ id: workflowId }) });
      toast(
        list.length
          ? `Shared with ${list.length === 1 ? list[0].name : `${list.length} people`}.`
          : 'Only the owner and admins can open it now.',
        'success',
      );
      onClose();
    } catch (error) {
      toast(`Sharing was not changed: ${errorMessage(error)}`, 'error');
    }
  };

  return (
    <Dialog
      open
      onClose={onClose}
      title="Share this workflow"
      description="People you share with see it in their list. Owners and admins can always open every workflow."
      footer={
        canManage ? (
          <>
            <Button onClick={onClose}>Cancel</Button>
            <Button variant="primary" onClick={() => void submit()} disabled={save.isPending || rows === null}>
              Save sharing
            </Button>
          </>
        ) : (
          <Button onClick={onClose}>Close</Button>
        )
      }
    >
      {sharing.isError && (
        <p role="alert" className="text-sm text-red-800">
          {errorMessage(sharing.error)}
        </p>
      )}
      {data && (
        <div className="space-y-4 text-sm">
          <p>
            Owner: <strong>{data.owner ? `${data.owner.name} (${data.owner.email})` : 'the instance (owners and admins)'}</strong>
          </p>
          {!canManage && <p className="text-slate-700">Only the workflow’s owner or an admin can change who it is shared with.</p>}
          {canManage && (
            <div className="flex flex-wrap items-end gap-2">
              <label className="flex min-w-0 flex-1 flex-col gap-1">
                <span className="font-medium">Person</span>
                <select value={pick} onChange={(e) => setPick(e.target.value)} className="h-9 rounded-md border border-slate-300 px-2">
                  <option value="">{candidates.length ? 'Choose someone…' : 'Everyone is on the list'}</option>
                  {candidates.map((p) => (
                    <option key={p.userId} value={p.userId}>
                      {p.name} ({p.email})
                    </option>
                  ))}
                </select>
              </label>
              <label className="flex flex-col gap-1">
                <span className="font-medium">Access</span>
                <select
                  value={chosen?.role === 'viewer' ? 'viewer' : pickRole}
                  disabled={chosen?.role === 'viewer'}
                  onChange={(e) => setPickRole(e.target.value === 'editor' ? 'editor' : 'viewer')}
                  className="h-9 rounded-md border border-slate-300 px-2"
                >
                  <option value="viewer">{ROLE_WORDS.viewer}</option>
                  <option value="editor">{ROLE_WORDS.editor}</option>
                </select>
              </label>
              <Button onClick={add} disabled={!chosen}>
                Add
              </Button>
            </div>
          )}
          {list.length === 0 ? (
            <p className="text-slate-700">Not shared with anyone yet.</p>
          ) : (
            <ul aria-label="Shared with" className="divide-y divide-slate-200 rounded-md border border-slate-200">
              {list.map((r) => (
                <li key={r.userId} className="flex items-center gap-2 px-3 py-2">
                  <span className="min-w-0 flex-1 truncate">
                    {r.name} <span className="text-slate-600">({r.email})</span>
                  </span>
                  {canManage && !onlyViews(r.userId) ? (
                    <select
                      aria-label={`Access for ${r.name}`}
                      value={r.role}
                      onChange={(e) =>
                        setRows(
                          list.map((x) => (x.userId === r.userId ? { ...x, role: e.target.value === 'editor' ? 'editor' : 'viewer' } : x)),
                        )
                      }
                      className="h-8 rounded-md border border-slate-300 px-2"
                    >
                      <option value="viewer">{ROLE_WORDS.viewer}</option>
                      <option value="editor">{ROLE_WORDS.editor}</option>
                    </select>
                  ) : (
                    <span className="text-slate-700">{ROLE_WORDS[r.role]}</span>
                  )}
                  {canManage && (
                    <Button
                      variant="ghost"
                      size="sm"
                      aria-label={`Stop sharing with ${r.name}`}
                      onClick={() => setRows(list.filter((x) => x.userId !== r.userId))}
                    >
                      <Trash2 aria-hidden className="size-4" />
                    </Button>
                  )}
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
    </Dialog>
  );
}
