'use client';
/**
 * Under the top bar on every signed-in page: what is down and what that affects (no worker,
 * the database away). Nothing shows while everything works.
 */
import { TriangleAlert } from 'lucide-react';
import { useSystemStatus } from '../lib/system-status';

const UNREACHABLE =
  'TaskMaster can’t reach its database right now, so pages may not load or save. It keeps trying; this note goes away once it is back.';

export function StatusBanner() {
  const status = useSystemStatus();
  // A failed status check (the database away makes even the sign-in check fail) says so too.
  const problems = status.isError ? [UNREACHABLE] : (status.data?.problems ?? []);
  if (problems.length === 0) return null;
  return (
    <div
      role="status"
      data-testid="status-banner"
      className="flex flex-col gap-0.5 border-b border-amber-300 bg-amber-50 px-4 py-1.5 text-sm text-amber-950"
    >
      {problems.map((problem) => (
        <p key={problem} className="flex items-start gap-1.5">
          <TriangleAlert aria-hidden className="mt-0.5 size-4 shrink-0" />
          {problem}
        </p>
      ))}
    </div>
  );
}
