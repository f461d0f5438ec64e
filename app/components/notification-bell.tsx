'use client';
/**
 * The bell in the top bar: entries posted by "Show a notification" steps, newest first. Kept
 * fresh by a live subscription (one small event per new entry, then the list is read again),
 * never by polling.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useSubscription } from '@trpc/tanstack-react-query';
import { Bell } from 'lucide-react';
import Link from 'next/link';
import { useEffect, useRef, useState, type MouseEvent } from 'react';
import type { RouterOutputs } from '../lib/api-types';
import { errorMessage } from '../lib/errors';
import { fullDate, timeAgo } from '../lib/format';
import { mayLeave } from '../lib/nav-guard';
import { useTRPC } from '../lib/trpc';

type Entry = RouterOutputs['notifications']['list']['entries'][number];

const LEVEL_STYLE: Record<Entry['level'], { dot: string; word: string }> = {
  info: { dot: 'bg-sky-500', word: 'Information' },
  success: { dot: 'bg-emerald-500', word: 'Success' },
  warning: { dot: 'bg-amber-500', word: 'Warning' },
  error: { dot: 'bg-red-600', word: 'Problem' },
};

export function NotificationBell() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const box = useRef<HTMLDivElement>(null);
  const list = useQuery({ ...trpc.notifications.list.queryOptions({ limit: 30 }), staleTime: 0 });
  const refresh = () => void queryClient.invalidateQueries({ queryKey: trpc.notifications.list.queryKey() });
  useSubscription(
    trpc.notifications.events.subscriptionOptions(undefined, {
      // Entries posted before the subscription started are picked up by reading the list again.
      onStarted: refresh,
      onData: refresh,
    }),
  );
  const markRead = useMutation(trpc.notifications.markRead.mutationOptions({ onSuccess: refresh }));

  // Closes on Escape and on a click outside, like any menu.
  useEffect(() => {
    if (!open) return;
    const onKey = (event: KeyboardEvent) => event.key === 'Escape' && setOpen(false);
    const onDown = (event: PointerEvent) => {
      if (box.current && !box.current.contains(event.target as Node)) setOpen(false);
    };
    window.addEventListener('keydown', onKey);
    window.addEventListener('pointerdown', onDown);
    return () => {
      window.removeEventListener('keydown', onKey);
      window.removeEventListener('pointerdown', onDown);
    };
  }, [open]);

  const unread = list.data?.unread ?? 0;
  const entries = list.data?.entries ?? [];
  const label = unread ? `Notifications, ${unread} unread` : 'Notifications';

  return (
    <div ref={box} className="relative">
      <button
        type="button"
        aria-label={label}
        title={label}
        aria-expanded={open}
        aria-haspopup="dialog"
        onClick={() => setOpen((o) => !o)}
        className="relative flex size-8 items-center justify-center rounded text-slate-300 hover:bg-slate-800 hover:text-white"
      >
        <Bell aria-hidden className="size-5" />
        {unread > 0 && (
          <span
            data-testid="notification-count"
            className="absolute -top-0.5 -right-0.5 min-w-4 rounded-full bg-red-600 px-1 text-center text-[10px] leading-4 font-semibold text-white"
          >
            {unread > 99 ? '99+' : unread}
          </span>
        )}
      </button>
      {open && (
        <div
          role="dialog"
          aria-label="Notifications"
          className="absolute top-10 right-0 z-50 flex max-h-[70vh] w-96 flex-col rounded-lg border border-slate-200 bg-white text-slate-900 shadow-xl"
        >
          <div className="flex items-center justify-between border-b border-slate-200 px-3 py-2">
            <h2 className="text-sm font-semibold">Notifications</h2>
            <button
              type="button"
              onClick={() => markRead.mutate({})}
              disabled={unread === 0 || markRead.isPending}
              className="rounded px-2 py-1 text-xs font-medium text-indigo-700 hover:bg-indigo-50 disabled:text-slate-400 disabled:hover:bg-transparent"
            >
              Mark all read
            </button>
          </div>
          {list.isError ? (
            <p className="p-3 text-sm text-red-700">The notifications could not be loaded: {errorMessage(list.error)}</p>
          ) : entries.length === 0 ? (
            <p className="p-3 text-sm text-slate-600">
              {list.isPending ? 'Loading…' : 'Nothing yet. Add a "Show a notification" step to a workflow to hear from it here.'}
            </p>
          ) : (
            <ul className="min-h-0 divide-y divide-slate-100 relative overflow-y-auto" data-testid="notification-list">
              {entries.map((entry) => (
                <NotificationRow
                  key={entry.id}
                  entry={entry}
                  onOpen={() => {
                    setOpen(false);
                    if (!entry.readAt) markRead.mutate({ ids: [entry.id] });
                  }}
                />
              ))}
            </ul>
          )}
        </div>
      )}
    </div>
  );
}

function NotificationRow({ entry, onOpen }: { entry: Entry; onOpen: () => void }) {
  const style = LEVEL_STYLE[entry.level];
  const href = entry.workflowId && entry.runId ? `/workflows/${entry.workflowId}?run=${encodeURIComponent(entry.runId)}` : null;
  const follow = (event: MouseEvent) => {
    if (!mayLeave()) {
      event.preventDefault();
      return;
    }
    onOpen();
  };
  return (
    <li
      data-testid="notification"
      data-unread={entry.readAt ? undefined : 'true'}
      className={`flex gap-2 px-3 py-2 ${entry.readAt ? '' : 'bg-indigo-50/60'}`}
    >
      <span aria-label={style.word} title={style.word} className={`mt-1.5 size-2 shrink-0 rounded-full ${style.dot}`} />
      <div className="min-w-0 flex-1">
        <p className="flex items-baseline justify-between gap-2">
          <span className="truncate text-sm font-semibold">{entry.title}</span>
          <span className="shrink-0 text-xs text-slate-600" title={fullDate(entry.createdAt)}>
            {timeAgo(entry.createdAt)}
          </span>
        </p>
        {entry.message && <p className="text-sm break-words whitespace-pre-line text-slate-700">{entry.message}</p>}
        {href ? (
          <Link href={href} onClick={follow} className="text-xs font-medium text-indigo-700 hover:underline">
            Open the run{entry.workflowName ? ` of “${entry.workflowName}”` : ''}
          </Link>
        ) : (
          <p className="text-xs text-slate-500">{entry.runId ? 'From a run of an unsaved workflow' : ''}</p>
        )}
      </div>
    </li>
  );
}
