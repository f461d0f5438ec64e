'use client';
import { useEffect, useState } from 'react';
import { AuthForm, type Field } from '../components/auth/auth-form';

const FIELDS: Field[] = [
  { name: 'name', label: 'Your name', autoComplete: 'name' },
  { name: 'email', label: 'E-mail', type: 'email', autoComplete: 'username' },
  { name: 'password', label: 'Password', type: 'password', autoComplete: 'new-password', help: 'At least 8 characters.' },
];

const CODE: Field = {
  name: 'code',
  label: 'Setup code',
  autoComplete: 'off',
  help: 'TaskMaster printed this code in its log when it started ("enter this setup code: …").',
};

/** The first visit: the owner account, and the setup code when TaskMaster is reachable from the network. */
export function SetupForm() {
  const [needsCode, setNeedsCode] = useState<boolean | null>(null);
  useEffect(() => {
    fetch('/api/auth/state')
      .then((res) => res.json() as Promise<{ setupCodeRequired: boolean }>)
      .then((state) => setNeedsCode(state.setupCodeRequired))
      .catch(() => setNeedsCode(true));
  }, []);
  if (needsCode === null) return <p className="p-8 text-sm text-slate-600">Loading…</p>;
  return (
    <AuthForm
      title="Create the owner account"
      intro={<p>You are the first person here. The owner manages people, settings and every workflow.</p>}
      fields={needsCode ? [CODE, ...FIELDS] : FIELDS}
      submitLabel="Create the owner account"
      action="/api/auth/setup"
      then="/"
    />
  );
}
