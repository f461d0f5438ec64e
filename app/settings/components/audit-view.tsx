'use client';
/**
 * Settings → Audit log: sign-ins, changes to people, workflows, credentials and settings, share
 * links, API keys and every run that used a credential. Filter by person, action and time; older
 * entries page in with "Show older".
 */
import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { useState } from 'react';
import { Button } from '../../components/button';
import { LoadError } from '../../components/load-error';
import type { RouterOutputs } from '../../lib/api-types';
import { fullDate } from '../../lib/format';
import { useTRPC } from '../../lib/trpc';

type Entry = RouterOutputs['audit']['list']['entries'][number];

/** What each action means, in words. */
const ACTION_WORDS: Record<string, string> = {
  'auth.sign-in': 'Signed in',
  'auth.sign-in-failed': 'Failed to sign in',
  'auth.sign-out': 'Signed out',
  'auth.setup': 'Created the owner account',
  'user.invite': 'Invited someone',
  'user.invite-cancel': 'Cancelled an invitation',
  'user.join': 'Joined by invitation',
  'user.role': 'Changed a role',
  'user.deactivate': 'Deactivated someone',
  'user.reactivate': 'Reactivated someone',
  'user.sign-out-everywhere': 'Signed someone out everywhere',
  'workflow.create': 'Created a workflow',
  'workflow.save': 'Saved a workflow',
  'workflow.delete': 'Deleted a workflow',
  'workflow.activate': 'Turned a workflow on',
  'workflow.deactivate': 'Turned a workflow off',
  'workflow.share': 'Changed who a workflow is shared with',
  'workflow.import': 'Imported a workflow',
  'credential.create': 'Created a credential',
  'credential.update': 'Changed a credential',
  'credential.delete': 'Deleted a credential',
  'credential.share': 'Changed who may use a credential',
  'credential.use': 'A run used a credential',
  'profile.share': 'Changed who may use a browser profile',
  'settings.update': 'Changed settings',
  'share-link.create': 'Turned a share link on',
  'share-link.revoke': 'Turned a share link off',
  'api-key.create': 'Made an API key',
  'api-key.revoke': 'Revoked an API key',
};

const FAMILY_WORDS: Record<string, string> = {
  auth: 'Sign-ins',
  user: 'People',
  workflow: 'Workflows',
  credential: 'Credentials',
  profile: 'Browser profiles',
  settings: 'Settings',
  'share-link': 'Share links',
  'api-key': 'API keys',
};

/** A short line of what the entry's details say (never secrets: none are stored). */
function detailsText(entry: Entry): string {
  const d = entry.details;
  if (entry.action === 'credential.use' && typeof d.workflowName === 'string') return `in a run of “${d.workflowName}”`;
  if (entry.action === 'user.role') return `${String(d.from ?? '?')} → ${String(d.to ?? '?')}`;
  if (entry.action === 'workflow.save' && typeof d.version === 'number') return `version ${d.version}`;
  if (entry.action === 'workflow.share' && Array.isArray(d.shares)) {
    const list = d.shares as Array<{ name?: string; role?: string }>;
    return list.length
      ? list.map((s) => `${s.name ?? '?'} (${s.role === 'editor' ? 'can edit' : 'can view'})`).join(', ')
      : 'shared with nobody';
  }
  if ((entry.action === 'credential.share' || entry.action === 'profile.share') && Array.isArray(d.allowed))
    return d.allowed.length ? `allowed: ${d.allowed.join(', ')}` : 'allowed: nobody else';
  if (entry.action === 'settings.update' && Array.isArray(d.changed)) return d.changed.join(', ');
  if (entry.action === 'auth.sign-in-failed' && typeof d.email === 'string') return `as ${d.email}`;
  if (typeof d.role === 'string') return `as ${d.role}`;
  if (Array.isArray(d.scopes)) return `scopes: ${d.scopes.join(', ')}`;
  return '';
}

function targetLink(entry: Entry) {
  const name = entry.targetName ?? entry.targetId ?? '';
  if (entry.targetType === 'workflow' && entry.targetId && entry.action !== 'workflow.delete') {
    return (
      <Link href={`/workflows/${entry.targetId}`} className="rounded text-indigo-700 underline">
        {name}
      </Link>
    );
  }
  return name;
}

export function AuditView() {
  const trpc = useTRPC();
  const [actorId, setActorId] = useState('');
  const [action, setAction] = useState('');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const choices = useQuery(trpc.audit.choices.queryOptions());
  const filter = {
    actorId: actorId || undefined,
    action: action || undefined,
    from: from ? new Date(`${from}T00:00:00`) : undefined,
    // "To" is the whole day chosen.
    to: to ? new Date(new Date(`${to}T00:00:00`).getTime() + 24 * 3600 * 1000) : undefined,
    limit: 100,
  };
  const list = useInfiniteQuery(trpc.audit.list.infiniteQueryOptions(filter, { getNextPageParam: (page) => page.nextBefore ?? undefined }));
  const entries: Entry[] = (list.data?.pages ?? []).flatMap((p) => p.entries);
  const filtered = Boolean(actorId || action || from || to);

  return (
    <div className="relative flex-1 overflow-y-auto">
      <div className="mx-auto max-w-6xl px-6 py-6">
        <p className="text-sm">
          <Link href="/settings" className="rounded text-indigo-700 underline">
            Settings
          </Link>{' '}
          / Audit log
        </p>
        <h1 className="mt-1 text-xl font-semibold">Audit log</h1>
        <p className="text-sm text-slate-600">
          Who signed in, and who changed people, workflows, credentials, settings, share links and API keys; also every run that used a
          saved credential. Entries are kept as long as runs are (Settings → “The days to keep runs”).
        </p>
        <form
          className="mt-4 flex flex-wrap items-end gap-3 text-sm"
          onSubmit={(e) => e.preventDefault()}
          aria-label="Filter the audit log"
        >
          <label className="flex flex-col gap-1">
            <span className="font-medium">Person</span>
            <select value={actorId} onChange={(e) => setActorId(e.target.value)} className="h-9 rounded-md border border-slate-300 px-2">
              <option value="">Everyone</option>
              {(choices.data?.actors ?? []).map((a) => (
                <option key={a.id} value={a.id}>
                  {a.name}
                </option>
              ))}
            </select>
          </label>
          <label className="flex flex-col gap-1">
            <span className="font-medium">Action</span>
            <select value={action} onChange={(e) => setAction(e.target.value)} className="h-9 rounded-md border border-slate-300 px-2">
              <option value="">All actions</option>
              {Object.entries(choices.data?.actions ?? {}).map(([family, actions]) => (
                <optgroup key={family} label={FAMILY_WORDS[family] ?? family}>
                  <option value={family}>All: {FAMILY_WORDS[family] ?? family}</option>
                  {actions.map((a) => (
                    <option key={a} value={a}>
                      {ACTION_WORDS[a] ?? a}
                    </option>
                  ))}
                </optgroup>
              ))}
            </select>
          </label>
          <label className="flex flex-col gap-1">
            <span className="font-medium">From</span>
            <input
              type="date"
              value={from}
              onChange={(e) => setFrom(e.target.value)}
              className="h-9 rounded-md border border-slate-300 px-2"
            />
          </label>
          <label className="flex flex-col gap-1">
            <span className="font-medium">To</span>
            <input type="date" value={to} onChange={(e) => setTo(e.target.value)} className="h-9 rounded-md border border-slate-300 px-2" />
          </label>
          {filtered && (
            <Button
              onClick={() => {
                setActorId('');
                setAction('');
                setFrom('');
                setTo('');
              }}
            >
              Clear filters
            </Button>
          )}
        </form>
        <div className="mt-4">
          {list.isPending && <p className="text-sm text-slate-600">Loading the audit log…</p>}
          {list.isError && <LoadError what="The audit log" error={list.error} onRetry={() => list.refetch()} />}
          {list.data && entries.length === 0 && (
            <p className="rounded-md border border-dashed border-slate-300 p-6 text-center text-sm text-slate-700">
              {filtered ? 'No entries match these filters.' : 'Nothing has been recorded yet.'}
            </p>
          )}
          {entries.length > 0 && (
            <table className="w-full border-collapse text-left text-sm" data-testid="audit-table">
              <caption className="sr-only">Audit log entries, newest first</caption>
              <thead>
                <tr className="border-b border-slate-300 text-slate-700">
                  <th scope="col" className="py-2 pr-3 font-medium">
                    When
                  </th>
                  <th scope="col" className="py-2 pr-3 font-medium">
                    Who
                  </th>
                  <th scope="col" className="py-2 pr-3 font-medium">
                    What
                  </th>
                  <th scope="col" className="py-2 pr-3 font-medium">
                    Which
                  </th>
                  <th scope="col" className="py-2 pr-3 font-medium">
                    Details
                  </th>
                  <th scope="col" className="py-2 font-medium">
                    Address
                  </th>
                </tr>
              </thead>
              <tbody>
                {entries.map((e) => (
                  <tr key={e.id} className="border-b border-slate-200 align-top">
                    <td className="py-2 pr-3 whitespace-nowrap">{fullDate(new Date(e.at).toISOString())}</td>
                    <td className="py-2 pr-3">{e.actorName || 'TaskMaster'}</td>
                    <td className={`py-2 pr-3 ${e.action === 'auth.sign-in-failed' ? 'font-medium text-red-800' : ''}`}>
                      {ACTION_WORDS[e.action] ?? e.action}
                    </td>
                    <td className="py-2 pr-3">{targetLink(e)}</td>
                    <td className="py-2 pr-3 text-slate-700">{detailsText(e)}</td>
                    <td className="py-2 font-mono text-xs text-slate-700">{e.ip ?? ''}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          {list.hasNextPage && (
            <div className="mt-3">
              <Button onClick={() => void list.fetchNextPage()} disabled={list.isFetchingNextPage}>
                Show older entries
              </Button>
            </div>
          )}
        </div>
      </div>
    </div>
  );
}
