import type { Metadata } from 'next';
import { AuthForm } from '../components/auth/auth-form';

export const metadata: Metadata = { title: 'Sign in · TaskMaster' };

/** Only a path on this site; anything else goes home (no open redirect). */
function safeNext(next: string | string[] | undefined): string {
  return typeof next === 'string' && next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/\\') ? next : '/';
}

export default async function SignInPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { next } = await searchParams;
  return (
    <AuthForm
      title="Sign in to TaskMaster"
      fields={[
        { name: 'email', label: 'E-mail', type: 'email', autoComplete: 'username' },
        { name: 'password', label: 'Password', type: 'password', autoComplete: 'current-password' },
      ]}
      submitLabel="Sign in"
      action="/api/auth/sign-in"
      then={safeNext(next)}
    />
  );
}
