'use client';
import { Workflow } from 'lucide-react';
import Link from 'next/link';
import { usePathname } from 'next/navigation';
import type { MouseEvent } from 'react';
import { mayLeave } from '../lib/nav-guard';
import { NotificationBell } from './notification-bell';
import { StatusBanner } from './status-banner';
import { useMe, UserMenu } from './user-menu';

/** Pages people see before signing in (or without an account): no navigation, no bell. */
const OPEN_PAGES = ['/sign-in', '/setup', '/invite/', '/share/'];

const NAV = [
  { href: '/', label: 'Dashboard' },
  { href: '/workflows', label: 'Workflows' },
  { href: '/runs', label: 'Runs' },
  { href: '/scheduled', label: 'Scheduled' },
  { href: '/results', label: 'Results' },
  { href: '/templates', label: 'Templates' },
  { href: '/nodes', label: 'Steps' },
  { href: '/profiles', label: 'Browser profiles' },
  { href: '/credentials', label: 'Credentials' },
  { href: '/users', label: 'Users', adminOnly: true },
  { href: '/settings', label: 'Settings', adminOnly: true },
] as const;

function guard(event: MouseEvent) {
  if (!mayLeave()) event.preventDefault();
}

export function TopBar() {
  const pathname = usePathname();
  const open = OPEN_PAGES.some((page) => pathname === page || pathname.startsWith(page.endsWith('/') ? page : `${page}/`));
  if (open) {
    return (
      <header className="flex h-12 shrink-0 items-center border-b border-slate-800 bg-slate-900 px-4 text-white">
        <span className="flex items-center gap-2 font-semibold tracking-tight">
          <Workflow aria-hidden className="size-5 text-indigo-300" />
          TaskMaster
        </span>
      </header>
    );
  }
  return <SignedInBar pathname={pathname} />;
}

function SignedInBar({ pathname }: { pathname: string }) {
  const me = useMe();
  const admin = me.data?.role === 'owner' || me.data?.role === 'admin';
  const nav = NAV.filter((item) => !('adminOnly' in item) || admin);
  return (
    <>
      <header className="flex h-12 shrink-0 items-center gap-3 border-b border-slate-800 bg-slate-900 px-4 text-white">
        {/* On a phone the name gives way to the page links (they scroll sideways); the icon stays the home link. */}
        <Link
          href="/"
          onClick={guard}
          aria-label="TaskMaster home"
          className="flex shrink-0 items-center gap-2 rounded font-semibold tracking-tight"
        >
          <Workflow aria-hidden className="size-5 text-indigo-300" />
          <span className="hidden sm:inline">TaskMaster</span>
        </Link>
        <nav aria-label="Main" className="flex min-w-0 flex-1 items-center gap-0.5 overflow-x-auto text-sm">
          {nav.map((item) => {
            const current = pathname === item.href || (item.href !== '/' && pathname.startsWith(`${item.href}/`));
            return (
              <Link
                key={item.href}
                href={item.href}
                onClick={guard}
                aria-current={current ? 'page' : undefined}
                className={`rounded px-1.5 py-1.5 whitespace-nowrap ${current ? 'bg-slate-700 font-medium text-white' : 'text-slate-300 hover:bg-slate-800 hover:text-white'}`}
              >
                {item.label}
              </Link>
            );
          })}
        </nav>
        <div className="flex shrink-0 items-center gap-2">
          <NotificationBell />
          <UserMenu />
        </div>
      </header>
      <StatusBanner />
    </>
  );
}
