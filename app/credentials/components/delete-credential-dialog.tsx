'use client';
/** Deleting a credential: first says which workflows use it, since their steps stop working. */
import { useMutation, useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { useState } from 'react';
import { Button } from '../../components/button';
import { Dialog } from '../../components/dialog';
import { errorMessage } from '../../lib/errors';
import { useTRPC } from '../../lib/trpc';
import type { CredentialSummary } from '../lib/types';

interface DeleteCredentialDialogProps {
  credential: CredentialSummary;
  onClose: () => void;
  onDeleted: () => void;
}

export function DeleteCredentialDialog({ credential, onClose, onDeleted }: DeleteCredentialDialogProps) {
  const trpc = useTRPC();
  const usage = useQuery(trpc.credentials.usage.queryOptions({ id: credential.id }));
  const remove = useMutation(trpc.credentials.delete.mutationOptions());
  const [error, setError] = useState<string | null>(null);
  const users = usage.data ?? [];

  const confirm = async () => {
    setError(null);
    try {
      // The list above is what the user agreed to break; force only then.
      await remove.mutateAsync({ id: credential.id, force: users.length > 0 });
      onDeleted();
    } catch (e) {
      setError(errorMessage(e));
    }
  };

  return (
    <Dialog
      open
      onClose={onClose}
      title={`Delete "${credential.name}"?`}
      width="sm"
      footer={
        <>
          <Button onClick={onClose} autoFocus>
            Keep it
          </Button>
          <Button variant="danger" onClick={confirm} disabled={remove.isPending || usage.isPending}>
            {users.length ? 'Delete anyway' : 'Delete credential'}
          </Button>
        </>
      }
    >
      {usage.isPending && <p className="text-sm text-slate-600">Checking which workflows use it…</p>}
      {usage.isError && <p className="text-sm text-red-700">{errorMessage(usage.error)}</p>}
      {usage.data && users.length === 0 && (
        <p className="text-sm text-slate-700">No workflow uses it. Its saved values are removed for good.</p>
      )}
      {users.length > 0 && (
        <div className="text-sm text-slate-700">
          <p>These workflows use it. Their steps will stop working until you choose another credential in them:</p>
          <ul className="mt-2 list-disc space-y-1 pl-5" data-testid="credential-users">
            {users.map((wf) => (
              <li key={wf.id}>
                <Link href={`/workflows/${wf.id}`} className="font-medium text-indigo-700 hover:underline">
                  {wf.name}
                </Link>{' '}
                <span className="text-slate-500">({wf.steps.join(', ')})</span>
              </li>
            ))}
          </ul>
        </div>
      )}
      {error && (
        <p role="alert" className="mt-2 text-sm text-red-700">
          {error}
        </p>
      )}
    </Dialog>
  );
}
