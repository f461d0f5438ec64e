'use client';
/** An invitation link: the person picks their name and password; e-mail and role come from the invitation. */
import { useEffect, useState } from 'react';
import { AuthForm } from '../../components/auth/auth-form';

type State = { kind: 'loading' } | { kind: 'open'; email: string; role: string } | { kind: 'closed'; message: string };

export function InviteForm({ token }: { token: string }) {
  const [state, setState] = useState<State>({ kind: 'loading' });
  useEffect(() => {
    fetch(`/api/auth/invite?token=${encodeURIComponent(token)}`)
      .then(async (res) => {
        const body = (await res.json()) as { email?: string; role?: string; error?: { message: string } };
        setState(
          res.ok && body.email
            ? { kind: 'open', email: body.email, role: body.role ?? '' }
            : { kind: 'closed', message: body.error?.message ?? 'This invitation link does not work.' },
        );
      })
      .catch(() => setState({ kind: 'closed', message: 'TaskMaster could not be reached. Try again.' }));
  }, [token]);
  if (state.kind === 'loading') return <p className="p-8 text-sm text-slate-600">Loading…</p>;
  if (state.kind === 'closed') {
    return (
      <div className="mx-auto max-w-sm px-4 py-12">
        <h1 className="text-xl font-semibold">This invitation can't be used</h1>
        <p className="mt-2 text-sm text-slate-600">{state.message}</p>
      </div>
    );
  }
  return (
    <AuthForm
      title="Join TaskMaster"
      intro={
        <p>
          You are invited as <strong>{state.role}</strong> with the e-mail <strong>{state.email}</strong>. Choose your name and a password.
        </p>
      }
      fields={[
        { name: 'name', label: 'Your name', autoComplete: 'name' },
        { name: 'password', label: 'Password', type: 'password', autoComplete: 'new-password', help: 'At least 8 characters.' },
      ]}
      hidden={{ token }}
      submitLabel="Create my account"
      action="/api/auth/accept-invite"
      then="/"
    />
  );
}
