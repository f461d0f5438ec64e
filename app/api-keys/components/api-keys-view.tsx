'use client';
/** Each person's own API keys: make one (shown once), see when each was last used, revoke. */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import Link from 'next/link';
import { useState, type FormEvent } from 'react';
import { Button } from '../../components/button';
import { LoadError } from '../../components/load-error';
import { useToast } from '../../components/toast';
import { useMe } from '../../components/user-menu';
import { errorMessage } from '../../lib/errors';
import { fullDate, timeAgo } from '../../lib/format';
import { useTRPC } from '../../lib/trpc';
import { FeatureNote } from '../../components/feature-note';
import { FEATURE_OFF_TEXT, useSystemStatus } from '../../lib/system-status';

const SCOPES = [
  { id: 'read', label: 'Read', help: 'list and open workflows, runs, step outputs, credentials (names only), templates' },
  { id: 'run', label: 'Run', help: 'start and cancel runs (includes read)' },
  { id: 'write', label: 'Write', help: 'create, change, delete, import, activate workflows and credentials (includes read)' },
] as const;
type Scope = (typeof SCOPES)[number]['id'];

const EXPIRY = [
  { days: 0, label: 'Never (until revoked)' },
  { days: 7, label: 'In 7 days' },
  { days: 30, label: 'In 30 days' },
  { days: 90, label: 'In 90 days' },
  { days: 365, label: 'In a year' },
] as const;

export function ApiKeysView() {
  const trpc = useTRPC();
  const query = useQuery(trpc.apiKeys.list.queryOptions());
  const apiOff = useSystemStatus().data?.switches.publicApiEnabled === false;
  return (
    <div className="flex-1 overflow-y-auto">
      <div className="mx-auto max-w-4xl space-y-8 px-6 py-6">
        <div>
          <h1 className="text-xl font-semibold">API keys</h1>
          <p className="text-sm text-slate-600">
            Keys let scripts and the <code>taskmaster</code> command line use this TaskMaster as you, through the{' '}
            <Link href="/api-docs" className="text-indigo-700 underline">
              REST API
            </Link>
            . A key can never do more than your role allows.
          </p>
        </div>
        {apiOff && (
          <FeatureNote testId="feature-off-publicApiEnabled">
            {FEATURE_OFF_TEXT.publicApiEnabled} Keys made now work once it is on.
          </FeatureNote>
        )}
        <NewKeyForm />
        {query.isPending && <p className="text-sm text-slate-600">Loading your keys…</p>}
        {query.isError && <LoadError what="Your API keys" error={query.error} onRetry={() => query.refetch()} />}
        {query.data && <KeyTable keys={query.data} />}
      </div>
    </div>
  );
}

function useRefresh() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  return () => void queryClient.invalidateQueries({ queryKey: trpc.apiKeys.list.queryKey() });
}

function NewKeyForm() {
  const trpc = useTRPC();
  const refresh = useRefresh();
  const me = useMe();
  const create = useMutation(trpc.apiKeys.create.mutationOptions({ onSuccess: refresh }));
  const [made, setMade] = useState<string | null>(null);
  const viewer = me.data?.role === 'viewer';

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const days = Number(data.get('expiry') ?? 0);
    setMade(null);
    const result = await create
      .mutateAsync({
        name: String(data.get('name') ?? ''),
        scopes: data.getAll('scope').map(String) as Scope[],
        expiresAt: days > 0 ? new Date(Date.now() + days * 24 * 3600 * 1000) : null,
      })
      .catch(() => null);
    if (result) setMade(result.key);
  }

  return (
    <section aria-labelledby="new-key-title" className="rounded-lg border border-slate-200 bg-white p-4">
      <h2 id="new-key-title" className="font-medium">
        Make a key
      </h2>
      <form onSubmit={submit} className="mt-3 space-y-3">
        <div className="flex flex-wrap items-end gap-3">
          <div>
            <label htmlFor="key-name" className="block text-sm font-medium">
              Name
            </label>
            <input
              id="key-name"
              name="name"
              required
              maxLength={100}
              placeholder="e.g. Nightly export script"
              className="h-9 w-72 rounded-md border border-slate-300 px-3 text-sm"
            />
          </div>
          <div>
            <label htmlFor="key-expiry" className="block text-sm font-medium">
              Expires
            </label>
            <select id="key-expiry" name="expiry" defaultValue="90" className="h-9 rounded-md border border-slate-300 px-2 text-sm">
              {EXPIRY.map((e) => (
                <option key={e.days} value={e.days}>
                  {e.label}
                </option>
              ))}
            </select>
          </div>
        </div>
        <fieldset>
          <legend className="text-sm font-medium">What the key may do</legend>
          {SCOPES.map((scope) => (
            <label key={scope.id} className="mt-1 flex items-start gap-2 text-sm">
              <input type="checkbox" name="scope" value={scope.id} defaultChecked={scope.id === 'read'} className="mt-1" />
              <span>
                <span className="font-medium">{scope.label}</span>: {scope.help}
              </span>
            </label>
          ))}
          {viewer && (
            <p className="mt-1 text-sm text-slate-600">Your role is viewer, so your keys can only read, whatever you choose here.</p>
          )}
        </fieldset>
        <Button type="submit" variant="primary" disabled={create.isPending}>
          Make the key
        </Button>
      </form>
      {create.isError && (
        <p role="alert" className="mt-2 text-sm text-red-800">
          {errorMessage(create.error)}
        </p>
      )}
      {made && (
        <div className="mt-3 space-y-1 rounded-md border border-amber-300 bg-amber-50 p-3">
          <label htmlFor="new-key" className="block text-sm font-medium">
            Your new key. Copy it now: it is shown only this once.
          </label>
          <div className="flex gap-2">
            <input
              id="new-key"
              data-testid="new-key"
              readOnly
              value={made}
              className="h-9 flex-1 rounded-md border border-slate-300 bg-white px-3 font-mono text-xs"
            />
            <Button onClick={() => void navigator.clipboard?.writeText(made)}>Copy</Button>
          </div>
        </div>
      )}
    </section>
  );
}

interface KeyItem {
  id: string;
  name: string;
  prefix: string;
  scopes: string[];
  createdAt: Date | string;
  expiresAt: Date | string | null;
  lastUsedAt: Date | string | null;
  revokedAt: Date | string | null;
}

function statusOf(key: KeyItem): { text: string; off: boolean } {
  if (key.revokedAt) return { text: `Revoked ${fullDate(String(key.revokedAt))}`, off: true };
  if (key.expiresAt && new Date(key.expiresAt).getTime() <= Date.now())
    return { text: `Expired ${fullDate(String(key.expiresAt))}`, off: true };
  return { text: key.expiresAt ? `Active until ${fullDate(String(key.expiresAt))}` : 'Active, no expiry', off: false };
}

function KeyTable({ keys }: { keys: KeyItem[] }) {
  const trpc = useTRPC();
  const toast = useToast();
  const refresh = useRefresh();
  const revoke = useMutation(
    trpc.apiKeys.revoke.mutationOptions({
      onSuccess: () => (refresh(), toast('The key was revoked; it stops working at once.', 'success')),
      onError: (e) => toast(errorMessage(e), 'error'),
    }),
  );
  if (keys.length === 0)
    return <p className="text-sm text-slate-600">You have no API keys yet. Make one above when a script or the command line needs one.</p>;
  return (
    <section aria-labelledby="keys-title">
      <h2 id="keys-title" className="mb-2 font-medium">
        Your keys
      </h2>
      <table className="w-full text-left text-sm">
        <thead className="border-b border-slate-200 text-slate-600">
          <tr>
            <th className="py-2 font-medium">Name</th>
            <th className="py-2 font-medium">Starts with</th>
            <th className="py-2 font-medium">Scopes</th>
            <th className="py-2 font-medium">Last used</th>
            <th className="py-2 font-medium">Status</th>
            <th className="py-2 font-medium">
              <span className="sr-only">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {keys.map((key) => {
            const status = statusOf(key);
            return (
              <tr
                key={key.id}
                data-testid="key-row"
                data-name={key.name}
                className={`border-b border-slate-100 ${status.off ? 'text-slate-600' : ''}`}
              >
                <td className="py-2">{key.name}</td>
                <td className="py-2 font-mono text-xs">{key.prefix}…</td>
                <td className="py-2">{key.scopes.join(', ')}</td>
                <td className="py-2" title={key.lastUsedAt ? fullDate(String(key.lastUsedAt)) : undefined}>
                  {key.lastUsedAt ? timeAgo(String(key.lastUsedAt)) : 'Never'}
                </td>
                <td className="py-2">{status.text}</td>
                <td className="py-2 text-right">
                  {!key.revokedAt && (
                    <Button size="sm" variant="danger" onClick={() => revoke.mutate({ id: key.id })} aria-label={`Revoke ${key.name}`}>
                      Revoke
                    </Button>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </section>
  );
}
