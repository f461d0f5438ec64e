'use client';
/** The Users page (owner and admins): who can sign in, with which role; invitations by link. */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Button } from '../../components/button';
import { LoadError } from '../../components/load-error';
import { useToast } from '../../components/toast';
import { useMe } from '../../components/user-menu';
import { errorMessage } from '../../lib/errors';
import { fullDate } from '../../lib/format';
import { useTRPC } from '../../lib/trpc';

const ROLES = ['owner', 'admin', 'editor', 'viewer'] as const;
type Role = (typeof ROLES)[number];
const ROLE_HELP: Record<Role, string> = {
  owner: 'everything, including owners',
  admin: 'people, settings and every workflow',
  editor: 'makes workflows; edits their own and those shared with them',
  viewer: 'opens workflows and runs shared with them, read-only',
};

export function UsersView() {
  const trpc = useTRPC();
  const query = useQuery(trpc.users.list.queryOptions());
  return (
    <div className="flex-1 overflow-y-auto">
      <div className="mx-auto max-w-4xl space-y-8 px-6 py-6">
        <div>
          <h1 className="text-xl font-semibold">Users</h1>
          <p className="text-sm text-slate-600">Who can sign in to this TaskMaster, and what each role may do.</p>
        </div>
        <InviteForm />
        {query.isPending && <p className="text-sm text-slate-600">Loading the users…</p>}
        {query.isError && <LoadError what="The users" error={query.error} onRetry={() => query.refetch()} />}
        {query.data && <UserTable users={query.data.users} />}
        {query.data && query.data.invites.length > 0 && <InviteTable invites={query.data.invites} />}
      </div>
    </div>
  );
}

function useRefresh() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  return () => void queryClient.invalidateQueries({ queryKey: trpc.users.list.queryKey() });
}

function InviteForm() {
  const trpc = useTRPC();
  const refresh = useRefresh();
  const me = useMe();
  const invite = useMutation(trpc.users.invite.mutationOptions({ onSuccess: refresh }));
  const [made, setMade] = useState<{ url: string; email: string; mail: InviteMail } | null>(null);
  const roles = ROLES.filter((r) => r !== 'owner' || me.data?.role === 'owner');

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    setMade(null);
    const answer = await invite
      .mutateAsync({ email: String(data.get('email') ?? ''), role: String(data.get('role')) as Role })
      .catch(() => null);
    if (answer) setMade(answer);
  }

  return (
    <section aria-labelledby="invite-title" className="rounded-lg border border-slate-200 bg-white p-4">
      <h2 id="invite-title" className="font-medium">
        Invite someone
      </h2>
      <p className="text-sm text-slate-600">
        They get a link to make their account (valid for 7 days). It is e-mailed to them when Settings has a default mail server; you can
        also send it yourself.
      </p>
      <form onSubmit={submit} className="mt-3 flex flex-wrap items-end gap-3">
        <div>
          <label htmlFor="invite-email" className="block text-sm font-medium">
            E-mail
          </label>
          <input
            id="invite-email"
            name="email"
            type="email"
            required
            className="h-9 w-72 rounded-md border border-slate-300 px-3 text-sm"
          />
        </div>
        <div>
          <label htmlFor="invite-role" className="block text-sm font-medium">
            Role
          </label>
          <select id="invite-role" name="role" defaultValue="editor" className="h-9 rounded-md border border-slate-300 px-2 text-sm">
            {roles.map((role) => (
              <option key={role} value={role}>
                {role}: {ROLE_HELP[role]}
              </option>
            ))}
          </select>
        </div>
        <Button type="submit" variant="primary" disabled={invite.isPending}>
          Make an invitation link
        </Button>
      </form>
      {invite.isError && (
        <p role="alert" className="mt-2 text-sm text-red-800">
          {errorMessage(invite.error)}
        </p>
      )}
      {made && (
        <div className="mt-3 space-y-1">
          <MailNote email={made.email} mail={made.mail} />
          <label htmlFor="invite-link" className="block text-sm font-medium">
            Invitation link (shown once)
          </label>
          <div className="flex gap-2">
            <input
              id="invite-link"
              readOnly
              value={made.url}
              className="h-9 flex-1 rounded-md border border-slate-300 bg-slate-50 px-3 font-mono text-xs"
            />
            <Button onClick={() => void navigator.clipboard?.writeText(made.url)}>Copy</Button>
          </div>
        </div>
      )}
    </section>
  );
}

type InviteMail = { status: 'sent' } | { status: 'off' } | { status: 'failed'; problem: string };

/** Whether the link went out by e-mail; without a mail server that is no problem, just a hint. */
function MailNote({ email, mail }: { email: string; mail: InviteMail }) {
  if (mail.status === 'sent')
    return (
      <p className="text-sm text-green-800" data-testid="invite-mail">
        E-mailed to {email}. You can also copy the link below.
      </p>
    );
  if (mail.status === 'off') {
    return (
      <p className="text-sm text-slate-600" data-testid="invite-mail">
        Copy the link and send it to {email}. (To have it e-mailed, choose a default mail server under Settings.)
      </p>
    );
  }
  return (
    <p role="alert" className="text-sm text-amber-900" data-testid="invite-mail">
      The e-mail could not be sent: {mail.problem} Copy the link and send it to {email} yourself.
    </p>
  );
}

interface UserItem {
  id: string;
  name: string;
  email: string;
  role: Role;
  deactivatedAt: Date | string | null;
}

function UserTable({ users }: { users: UserItem[] }) {
  const trpc = useTRPC();
  const toast = useToast();
  const refresh = useRefresh();
  const me = useMe();
  const fail = (error: unknown) => toast(errorMessage(error), 'error');
  const setRole = useMutation(trpc.users.setRole.mutationOptions({ onSuccess: refresh, onError: fail }));
  const setActive = useMutation(trpc.users.setActive.mutationOptions({ onSuccess: refresh, onError: fail }));
  const signOut = useMutation(trpc.users.signOutEverywhere.mutationOptions({ onError: fail }));
  return (
    <section aria-labelledby="people-title">
      <h2 id="people-title" className="mb-2 font-medium">
        People
      </h2>
      <table className="w-full text-left text-sm">
        <thead className="border-b border-slate-200 text-slate-600">
          <tr>
            <th className="py-2 font-medium">Name</th>
            <th className="py-2 font-medium">E-mail</th>
            <th className="py-2 font-medium">Role</th>
            <th className="py-2 font-medium">Status</th>
            <th className="py-2 font-medium">
              <span className="sr-only">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {users.map((user) => {
            const off = user.deactivatedAt !== null;
            const self = user.id === me.data?.id;
            return (
              <tr key={user.id} data-testid="user-row" data-email={user.email} className="border-b border-slate-100">
                <td className="py-2">{user.name}</td>
                <td className="py-2">{user.email}</td>
                <td className="py-2">
                  <select
                    aria-label={`Role of ${user.name}`}
                    value={user.role}
                    disabled={self}
                    onChange={(e) => setRole.mutate({ userId: user.id, role: e.target.value as Role })}
                    className="h-8 rounded-md border border-slate-300 px-2 text-sm"
                  >
                    {ROLES.map((role) => (
                      <option key={role} value={role}>
                        {role}
                      </option>
                    ))}
                  </select>
                </td>
                <td className="py-2">
                  {off ? <span className="text-red-800">Deactivated {fullDate(String(user.deactivatedAt))}</span> : 'Active'}
                </td>
                <td className="space-x-2 py-2 text-right">
                  {!self && (
                    <Button
                      size="sm"
                      variant={off ? 'secondary' : 'danger'}
                      onClick={() => setActive.mutate({ userId: user.id, active: off })}
                    >
                      {off ? 'Reactivate' : 'Deactivate'}
                    </Button>
                  )}
                  {!off && (
                    <Button
                      size="sm"
                      onClick={() =>
                        signOut.mutate(
                          { userId: user.id },
                          { onSuccess: (r) => toast(`Signed ${user.name} out of ${r.ended} session(s).`, 'success') },
                        )
                      }
                    >
                      Sign out everywhere
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

function InviteTable({ invites }: { invites: Array<{ id: string; email: string; role: Role; expiresAt: Date | string }> }) {
  const trpc = useTRPC();
  const refresh = useRefresh();
  const cancel = useMutation(trpc.users.cancelInvite.mutationOptions({ onSuccess: refresh }));
  return (
    <section aria-labelledby="invites-title">
      <h2 id="invites-title" className="mb-2 font-medium">
        Open invitations
      </h2>
      <ul className="divide-y divide-slate-100 text-sm">
        {invites.map((invite) => (
          <li key={invite.id} className="flex items-center justify-between py-2">
            <span>
              {invite.email} as {invite.role}, until {fullDate(String(invite.expiresAt))}
            </span>
            <Button size="sm" onClick={() => cancel.mutate({ inviteId: invite.id })}>
              Cancel invitation
            </Button>
          </li>
        ))}
      </ul>
    </section>
  );
}
