/** Run and node states, always with an icon and a word (never colour alone). */
import { Ban, CircleCheck, CircleMinus, CircleX, Clock, LoaderCircle, type LucideIcon } from 'lucide-react';

export type Status = 'queued' | 'running' | 'succeeded' | 'failed' | 'skipped' | 'cancelled';

const LOOKS: Record<Status, { label: string; Icon: LucideIcon; className: string }> = {
  queued: { label: 'Waiting', Icon: Clock, className: 'border-slate-300 bg-slate-100 text-slate-700' },
  running: { label: 'Running', Icon: LoaderCircle, className: 'border-sky-300 bg-sky-50 text-sky-800' },
  succeeded: { label: 'Succeeded', Icon: CircleCheck, className: 'border-emerald-300 bg-emerald-50 text-emerald-800' },
  failed: { label: 'Failed', Icon: CircleX, className: 'border-red-300 bg-red-50 text-red-800' },
  skipped: { label: 'Skipped', Icon: CircleMinus, className: 'border-slate-300 bg-white text-slate-600 border-dashed' },
  cancelled: { label: 'Cancelled', Icon: Ban, className: 'border-amber-300 bg-amber-50 text-amber-900' },
};

export function isStatus(value: string): value is Status {
  return value in LOOKS;
}

export function statusLabel(status: Status): string {
  return LOOKS[status].label;
}

export function StatusBadge({ status, children }: { status: Status; children?: React.ReactNode }) {
  const { label, Icon, className } = LOOKS[status];
  return (
    <span
      data-status={status}
      className={`inline-flex items-center gap-1 rounded-full border px-2 py-0.5 text-xs font-medium whitespace-nowrap ${className}`}
    >
      <Icon aria-hidden className={`size-3.5 ${status === 'running' ? 'tm-spin' : ''}`} />
      {label}
      {children}
    </span>
  );
}
