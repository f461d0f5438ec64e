'use client';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Plus } from 'lucide-react';
import { useState } from 'react';
import { Button } from '../../components/button';
import { useToast } from '../../components/toast';
import { errorMessage } from '../../lib/errors';
import { useTRPC } from '../../lib/trpc';
import { DeleteProfileDialog } from './delete-profile-dialog';
import { ProfileAccessDialog } from './profile-access-dialog';
import { ProfileFormDialog } from './profile-form-dialog';
import { ProfileTable } from './profile-table';
import { TestPageDialog } from './test-page-dialog';
import type { Profile } from './types';
import { LoadError } from '../../components/load-error';
import { useMe } from '../../components/user-menu';

type Open = { kind: 'new' } | { kind: 'edit' | 'delete' | 'test' | 'access'; profile: Profile } | null;

export function ProfilesView() {
  const trpc = useTRPC();
  const toast = useToast();
  const queryClient = useQueryClient();
  const list = useQuery(trpc.profiles.list.queryOptions());
  const [open, setOpen] = useState<Open>(null);
  const close = () => setOpen(null);
  // Viewers make and change nothing: the list is all they get.
  const viewer = useMe().data?.role === 'viewer';
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.profiles.list.queryKey() });
  const duplicate = useMutation(
    trpc.profiles.duplicate.mutationOptions({
      onSuccess: (copy) => {
        toast(`Made "${copy.name}". It starts with an empty browser: no cookies or logins.`, 'success');
        void refresh();
      },
      onError: (error) => toast(errorMessage(error), 'error'),
    }),
  );
  const remove = useMutation(trpc.profiles.delete.mutationOptions({ onSuccess: () => void refresh() }));

  return (
    <div className="flex-1 relative overflow-y-auto">
      <div className="mx-auto max-w-6xl px-6 py-6">
        <div className="flex items-center justify-between gap-4">
          <div>
            <h1 className="text-xl font-semibold">Browser profiles</h1>
            <p className="max-w-2xl text-sm text-slate-600">
              A profile is a browser that remembers: cookies and logins stay between runs, with its own window size, language, time zone and
              proxy. Choose one in a “Browser: open page” step.
            </p>
          </div>
          {!viewer && (
            <Button variant="primary" onClick={() => setOpen({ kind: 'new' })}>
              <Plus aria-hidden className="size-4" /> New profile
            </Button>
          )}
        </div>

        <div className="mt-6">
          {list.isPending && <p className="text-sm text-slate-600">Loading the profiles…</p>}
          {list.isError && <LoadError what="The profiles" error={list.error} onRetry={() => list.refetch()} />}
          {list.data && list.data.length === 0 && (
            <div className="rounded-lg border border-dashed border-slate-300 p-8 text-center text-sm text-slate-600">
              <p>No profiles yet. Without one, Browser steps use a fresh browser that forgets everything after the run.</p>
              {!viewer && (
                <Button className="mt-4" variant="primary" onClick={() => setOpen({ kind: 'new' })}>
                  <Plus aria-hidden className="size-4" /> Make the first profile
                </Button>
              )}
            </div>
          )}
          {list.data && list.data.length > 0 && (
            <ProfileTable
              profiles={list.data}
              onEdit={(profile) => setOpen({ kind: 'edit', profile })}
              onDuplicate={(profile) => duplicate.mutate({ id: profile.id })}
              onTest={(profile) => setOpen({ kind: 'test', profile })}
              onDelete={(profile) => setOpen({ kind: 'delete', profile })}
              onAccess={(profile) => setOpen({ kind: 'access', profile })}
              readOnly={viewer}
            />
          )}
        </div>
      </div>

      {(open?.kind === 'new' || open?.kind === 'edit') && (
        <ProfileFormDialog
          profile={open.kind === 'edit' ? open.profile : null}
          onClose={close}
          onSaved={(saved) => {
            close();
            toast(`Saved "${saved.name}".`, 'success');
            void refresh();
          }}
        />
      )}
      {open?.kind === 'test' && <TestPageDialog profile={open.profile} onClose={close} />}
      {open?.kind === 'access' && <ProfileAccessDialog id={open.profile.id} name={open.profile.name} onClose={close} />}
      {open?.kind === 'delete' && (
        <DeleteProfileDialog
          name={open.profile.name}
          onClose={close}
          onDelete={async () => {
            await remove.mutateAsync({ id: open.profile.id });
            toast(`Deleted "${open.profile.name}".`, 'success');
          }}
        />
      )}
    </div>
  );
}
