'use client';
/** Who is signed in, and the way out. */
import { useQuery } from '@tanstack/react-query';
import { KeyRound, LogOut } from 'lucide-react';
import Link from 'next/link';
import { useTRPC } from '../lib/trpc';

export function useMe() {
  const trpc = useTRPC();
  return useQuery({ ...trpc.auth.me.queryOptions(), staleTime: 60_000 });
}

export function UserMenu() {
  const me = useMe();
  async function signOut() {
    await fetch('/api/auth/sign-out', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' }).catch(() => {});
    window.location.assign('/sign-in');
  }
  if (!me.data) return null;
  return (
    <div className="flex items-center gap-2 text-sm">
      {/* The role and e-mail on hover: the bar must keep room for every page's link. */}
      <span className="hidden whitespace-nowrap text-slate-300 md:inline" title={`${me.data.email} (${me.data.role})`}>
        {me.data.name}
      </span>
      <Link
        href="/api-keys"
        aria-label="API keys"
        title="API keys"
        className="inline-flex items-center rounded p-1.5 text-slate-300 hover:bg-slate-800 hover:text-white"
      >
        <KeyRound aria-hidden className="size-4" />
      </Link>
      <button
        type="button"
        onClick={signOut}
        aria-label="Sign out"
        title={`Sign out (${me.data.name})`}
        className="inline-flex items-center rounded p-1.5 text-slate-300 hover:bg-slate-800 hover:text-white"
      >
        <LogOut aria-hidden className="size-4" />
      </button>
    </div>
  );
}
