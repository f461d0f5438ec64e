'use client';
/**
 * Keeps a page's lists fresh from the live run events (Postgres NOTIFY, through the
 * `runs.changes` subscription) instead of polling. Bursts (a thousand webhook runs a second)
 * are coalesced: at most one refresh per `everyMs`.
 */
import { useQueryClient, type QueryKey } from '@tanstack/react-query';
import { useSubscription } from '@trpc/tanstack-react-query';
import { useEffect, useRef } from 'react';
import { useTRPC } from './trpc';

export function useLiveRefresh(queryKeys: QueryKey[], everyMs = 1000): void {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const keys = useRef(queryKeys);
  keys.current = queryKeys;
  useEffect(
    () => () => {
      if (timer.current) clearTimeout(timer.current);
    },
    [],
  );
  const refresh = () => {
    if (timer.current) return;
    timer.current = setTimeout(() => {
      timer.current = null;
      for (const queryKey of keys.current) void queryClient.invalidateQueries({ queryKey });
    }, everyMs);
  };
  useSubscription(trpc.runs.changes.subscriptionOptions(undefined, { onData: refresh }));
}
