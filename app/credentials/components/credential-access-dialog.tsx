'use client';
/**
 * "Who may use it" for a saved credential: the people who may pick it in their steps, besides
 * its owner. Nobody sees the secret through this.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { WhoMayUseDialog } from '../../components/who-may-use-dialog';
import { useTRPC } from '../../lib/trpc';

export function CredentialAccessDialog({ id, name, onClose }: { id: string; name: string; onClose: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const sharing = useQuery(trpc.credentials.sharing.queryOptions({ id }));
  const save = useMutation(trpc.credentials.setSharing.mutationOptions());
  return (
    <WhoMayUseDialog
      name={name}
      description="People ticked here may choose this credential in their steps. Nobody can read its secret back, not even them. Owners and admins may always use it."
      sharing={sharing}
      saving={save.isPending}
      onSave={async (userIds) => {
        await save.mutateAsync({ id, userIds });
        await queryClient.invalidateQueries({ queryKey: trpc.credentials.sharing.queryKey({ id }) });
      }}
      onClose={onClose}
    />
  );
}
