'use client';
/**
 * "Who may use" a browser profile: the people who may pick it in their steps and open its test
 * page, besides its owner. They use its cookies, logins and proxy; they can't change, copy or
 * delete it, and nobody reads its proxy password back.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { WhoMayUseDialog } from '../../components/who-may-use-dialog';
import { useTRPC } from '../../lib/trpc';

export function ProfileAccessDialog({ id, name, onClose }: { id: string; name: string; onClose: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const sharing = useQuery(trpc.profiles.sharing.queryOptions({ id }));
  const save = useMutation(trpc.profiles.setSharing.mutationOptions());
  return (
    <WhoMayUseDialog
      name={name}
      description="People ticked here may choose this profile in their Browser steps, signed in to whatever it is signed in to. They can’t change, copy or delete it, or read its proxy password. Owners and admins may always use it."
      sharing={sharing}
      saving={save.isPending}
      onSave={async (userIds) => {
        await save.mutateAsync({ id, userIds });
        await queryClient.invalidateQueries({ queryKey: trpc.profiles.sharing.queryKey({ id }) });
      }}
      onClose={onClose}
    />
  );
}
