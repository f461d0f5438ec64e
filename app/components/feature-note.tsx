/** A plain note (a span, so it fits inside labels too) where a switched-off feature or a missing part would appear. */
import { CircleSlash, TriangleAlert } from 'lucide-react';
import type { ReactNode } from 'react';

export function FeatureNote({ children, kind = 'off', testId }: { children: ReactNode; kind?: 'off' | 'missing'; testId?: string }) {
  const Icon = kind === 'off' ? CircleSlash : TriangleAlert;
  return (
    <span
      data-testid={testId}
      className={`flex gap-1.5 rounded-md border px-3 py-2 text-xs leading-snug ${kind === 'off' ? 'border-slate-300 bg-slate-50 text-slate-800' : 'border-amber-200 bg-amber-50 text-amber-950'}`}
    >
      <Icon aria-hidden className="mt-0.5 size-3.5 shrink-0" />
      <span>{children}</span>
    </span>
  );
}
