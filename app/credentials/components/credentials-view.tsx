'use client';
/** The Credentials page: saved sign-ins (tokens, passwords, keys) that steps use by name. */
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { CircleCheck, CircleX, KeyRound, Pencil, Plus, Trash2, TriangleAlert, Users } from 'lucide-react';
import { useEffect, useState } from 'react';
import { Button } from '../../components/button';
import { useToast } from '../../components/toast';
import { fullDate, timeAgo } from '../../lib/format';
import { useTRPC } from '../../lib/trpc';
import type { CredentialSummary } from '../lib/types';
import { CredentialDialog } from './credential-dialog';
import { CredentialIcon } from './credential-icon';
import { DeleteCredentialDialog } from './delete-credential-dialog';
import { TestButton } from './test-button';
import { CredentialAccessDialog } from './credential-access-dialog';
import { useMe } from '../../components/user-menu';
import { LoadError } from '../../components/load-error';

type Open =
  | { kind: 'create'; type?: string }
  | { kind: 'edit'; id: string }
  | { kind: 'delete'; credential: CredentialSummary }
  | { kind: 'access'; id: string; name: string }
  | null;

export function CredentialsView() {
  const trpc = useTRPC();
  const toast = useToast();
  const queryClient = useQueryClient();
  const types = useQuery(trpc.credentials.types.queryOptions());
  const list = useQuery(trpc.credentials.list.queryOptions());
  const [open, setOpen] = useState<Open>(null);
  const close = () => setOpen(null);
  // Viewers run no steps, so they save no credentials.
  const viewer = useMe().data?.role === 'viewer';
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.credentials.list.queryKey() });
  const typeOf = (id: string) => types.data?.find((t) => t.id === id);

  // A step's "Create new…" link opens this page as /credentials?new=<type>.
  useEffect(() => {
    const wanted = new URLSearchParams(window.location.search).get('new');
    if (wanted !== null) setOpen({ kind: 'create', type: wanted || undefined });
  }, []);

  return (
    <div className="flex-1 relative overflow-y-auto">
      <div className="mx-auto max-w-6xl px-6 py-6">
        <div className="flex items-center justify-between gap-4">
          <div>
            <h1 className="text-xl font-semibold">Credentials</h1>
            <p className="text-sm text-slate-600">
              Tokens, passwords and keys your steps sign in with. They are stored encrypted and never shown again.
            </p>
          </div>
          {!viewer && (
            <Button variant="primary" onClick={() => setOpen({ kind: 'create' })} disabled={!types.data}>
              <Plus aria-hidden className="size-4" /> New credential
            </Button>
          )}
        </div>

        <div className="mt-6">
          {list.isPending && <p className="text-sm text-slate-600">Loading your credentials…</p>}
          {list.isError && <LoadError what="Your credentials" error={list.error} onRetry={() => list.refetch()} />}
          {list.data?.length === 0 && (
            <div className="rounded-lg border border-dashed border-slate-300 bg-white p-10 text-center">
              <KeyRound aria-hidden className="mx-auto size-8 text-slate-400" />
              <p className="mt-2 font-medium">No saved credentials yet</p>
              <p className="mt-1 text-sm text-slate-600">
                Save a token or password once, then pick it by name in any step that calls a service.
              </p>
            </div>
          )}
          {list.data && list.data.length > 0 && (
            <div className="overflow-hidden rounded-lg border border-slate-200 bg-white shadow-sm">
              <table className="w-full text-left text-sm">
                <thead className="border-b border-slate-200 bg-slate-50 text-xs font-medium whitespace-nowrap text-slate-600">
                  <tr>
                    <th scope="col" className="px-4 py-2.5">
                      Name
                    </th>
                    <th scope="col" className="px-4 py-2.5">
                      Type
                    </th>
                    <th scope="col" className="px-4 py-2.5">
                      Last test
                    </th>
                    <th scope="col" className="px-4 py-2.5">
                      Last changed
                    </th>
                    <th scope="col" className="px-4 py-2.5 text-right">
                      <span className="sr-only">Actions</span>
                    </th>
                  </tr>
                </thead>
                <tbody className="divide-y divide-slate-100">
                  {list.data.map((cred) => (
                    <tr key={cred.id} className="hover:bg-slate-50/70" data-testid="credential-row">
                      <td className="max-w-72 px-4 py-3">
                        <button
                          type="button"
                          onClick={() => setOpen({ kind: 'edit', id: cred.id })}
                          className="rounded text-left font-medium text-indigo-700 hover:underline"
                        >
                          {cred.name}
                        </button>
                        {!cred.readable && (
                          <p className="mt-0.5 flex items-center gap-1 text-xs text-red-700">
                            <TriangleAlert aria-hidden className="size-3.5" /> Can’t be read with the current encryption key: save it again
                            or delete it.
                          </p>
                        )}
                      </td>
                      <td className="px-4 py-3 whitespace-nowrap text-slate-700">
                        <span className="flex items-center gap-1.5">
                          <CredentialIcon icon={typeOf(cred.type)?.icon ?? ''} className="size-4 text-slate-500" /> {cred.typeName}
                        </span>
                      </td>
                      <td className="max-w-80 px-4 py-3 text-xs">
                        {cred.lastTest ? (
                          <span
                            className={`flex items-start gap-1 ${cred.lastTest.ok ? 'text-emerald-800' : 'text-red-800'}`}
                            title={cred.lastTest.message}
                          >
                            {cred.lastTest.ok ? (
                              <CircleCheck aria-hidden className="size-3.5 shrink-0" />
                            ) : (
                              <CircleX aria-hidden className="size-3.5 shrink-0" />
                            )}
                            <span className="line-clamp-2">
                              {cred.lastTest.ok ? 'Worked' : 'Failed'} {timeAgo(cred.lastTest.at)}
                              {cred.lastTest.ok ? '' : `: ${cred.lastTest.message}`}
                            </span>
                          </span>
                        ) : (
                          <span className="text-slate-500">{typeOf(cred.type)?.testable ? 'Not tested yet' : 'Can’t be tested here'}</span>
                        )}
                      </td>
                      <td className="px-4 py-3 whitespace-nowrap text-slate-600" title={fullDate(cred.updatedAt)}>
                        {timeAgo(cred.updatedAt)}
                      </td>
                      <td className="px-4 py-3">
                        <div className="flex items-center justify-end gap-1">
                          {typeOf(cred.type)?.testable && cred.readable && <TestButton id={cred.id} size="sm" className="max-w-72" />}
                          {cred.canManage && (
                            <>
                              <Button
                                variant="ghost"
                                size="sm"
                                onClick={() => setOpen({ kind: 'access', id: cred.id, name: cred.name })}
                                aria-label={`Who may use ${cred.name}`}
                              >
                                <Users aria-hidden className="size-3.5" /> Who may use it
                              </Button>
                              <Button
                                variant="ghost"
                                size="sm"
                                onClick={() => setOpen({ kind: 'edit', id: cred.id })}
                                aria-label={`Edit ${cred.name}`}
                              >
                                <Pencil aria-hidden className="size-3.5" /> Edit
                              </Button>
                              <Button
                                variant="ghost"
                                size="sm"
                                className="text-red-700 hover:bg-red-50"
                                onClick={() => setOpen({ kind: 'delete', credential: cred })}
                                aria-label={`Delete ${cred.name}`}
                              >
                                <Trash2 aria-hidden className="size-3.5" /> Delete
                              </Button>
                            </>
                          )}
                        </div>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </div>
      </div>

      {types.data && (open?.kind === 'create' || open?.kind === 'edit') && (
        <CredentialDialog
          types={types.data}
          editId={open.kind === 'edit' ? open.id : undefined}
          initialType={open.kind === 'create' ? open.type : undefined}
          onClose={close}
          onSaved={(_id, created) => {
            close();
            toast(created ? 'Credential saved. Choose it in a step’s settings.' : 'Changes saved.', 'success');
            void refresh();
          }}
        />
      )}
      {open?.kind === 'access' && <CredentialAccessDialog id={open.id} name={open.name} onClose={close} />}
      {open?.kind === 'delete' && (
        <DeleteCredentialDialog
          credential={open.credential}
          onClose={close}
          onDeleted={() => {
            close();
            toast(`"${open.credential.name}" deleted.`, 'success');
            void refresh();
          }}
        />
      )}
    </div>
  );
}
