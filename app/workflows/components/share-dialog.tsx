'use client';
/** Turns a read-only link to a workflow on or off, and shows it to copy. */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Copy, Link2 } from 'lucide-react';
import { Button } from '../../components/button';
import { Dialog } from '../../components/dialog';
import { useToast } from '../../components/toast';
import { errorMessage } from '../../lib/errors';
import { useTRPC } from '../../lib/trpc';
import { FeatureNote } from '../../components/feature-note';
import { FEATURE_OFF_TEXT, useSystemStatus } from '../../lib/system-status';

interface ShareDialogProps {
  workflowId: string;
  name: string;
  onClose: () => void;
}

export function ShareDialog({ workflowId, name, onClose }: ShareDialogProps) {
  const trpc = useTRPC();
  const toast = useToast();
  const queryClient = useQueryClient();
  const status = useQuery({ ...trpc.workflows.shareStatus.queryOptions({ id: workflowId }), staleTime: 0 });
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.workflows.shareStatus.queryKey({ id: workflowId }) });
  const onError = (error: unknown) => toast(errorMessage(error), 'error');
  const share = useMutation(trpc.workflows.share.mutationOptions({ onSuccess: () => void refresh(), onError }));
  const revoke = useMutation(
    trpc.workflows.revokeShare.mutationOptions({
      onSuccess: () => {
        toast('The link is turned off. Anyone who opens it now sees "This link was turned off".', 'success');
        void refresh();
      },
      onError,
    }),
  );
  // The public address (TASKMASTER_PUBLIC_URL or Settings) when set: behind a proxy the browser's may be an inside one.
  const off = useSystemStatus().data?.switches.shareLinksEnabled === false;
  const link = status.data && !off ? `${status.data.publicUrl ?? window.location.origin}${status.data.url}` : null;

  const copy = async () => {
    if (!link) return;
    try {
      await navigator.clipboard.writeText(link);
      toast('Link copied.', 'success');
    } catch {
      toast('Copying is not allowed here: select the link and copy it by hand.', 'error');
    }
  };

  return (
    <Dialog
      open
      onClose={onClose}
      title={`Share "${name}"`}
      description="Anyone with the link can see the workflow's steps (read only), download it and copy it into their own TaskMaster. Passwords and sample data are not shown."
      footer={<Button onClick={onClose}>Done</Button>}
    >
      {status.isPending && <p className="text-sm text-slate-600">Checking for a link…</p>}
      {status.isError && <p className="text-sm text-red-700">{errorMessage(status.error)}</p>}
      {off && <FeatureNote testId="feature-off-shareLinksEnabled">{FEATURE_OFF_TEXT.shareLinksEnabled}</FeatureNote>}
      {status.data === null && !off && (
        <Button variant="primary" onClick={() => share.mutate({ id: workflowId })} disabled={share.isPending}>
          <Link2 aria-hidden className="size-4" /> Turn on a link
        </Button>
      )}
      {link && (
        <div className="flex flex-col gap-3">
          <label className="flex flex-col gap-1 text-sm font-medium">
            Link
            <span className="flex gap-2">
              <input
                readOnly
                value={link}
                onFocus={(e) => e.target.select()}
                className="h-9 flex-1 rounded-md border border-slate-300 px-2.5 font-mono text-xs"
                data-testid="share-link"
              />
              <Button onClick={() => void copy()}>
                <Copy aria-hidden className="size-4" /> Copy
              </Button>
            </span>
          </label>
          <div>
            <Button variant="danger" size="sm" onClick={() => revoke.mutate({ id: workflowId })} disabled={revoke.isPending}>
              Turn the link off
            </Button>
          </div>
        </div>
      )}
    </Dialog>
  );
}
