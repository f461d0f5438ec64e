/** One box of the dashboard: a heading, what it shows, and an empty-state sentence. */
import Link from 'next/link';
import type { ReactNode } from 'react';

interface CardProps {
  title: string;
  /** A link to the full page, like "All runs". */
  more?: { href: string; label: string };
  className?: string;
  children: ReactNode;
}

export function Card({ title, more, className = '', children }: CardProps) {
  return (
    <section className={`rounded-lg border border-slate-200 bg-white p-4 shadow-sm ${className}`} aria-label={title}>
      <div className="mb-3 flex items-baseline justify-between gap-2">
        <h2 className="text-sm font-semibold text-slate-800">{title}</h2>
        {more && (
          <Link href={more.href} className="rounded text-xs font-medium text-indigo-700 hover:underline">
            {more.label}
          </Link>
        )}
      </div>
      {children}
    </section>
  );
}

export function Empty({ children }: { children: ReactNode }) {
  return <p className="text-sm text-slate-600">{children}</p>;
}
