'use client';
/**
 * A run's state for the canvas: live node events over SSE, with the stored run (runs.get) as the
 * source of truth. The stored run is re-read when the subscription starts (events sent before it
 * connected are not lost), when the run ends, and every few seconds while it is open in case an
 * event is missed.
 */
import { skipToken, useQuery, useQueryClient } from '@tanstack/react-query';
import { useSubscription } from '@trpc/tanstack-react-query';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { NodeRunView, RunDetail, RunEvent } from '../../../lib/api-types';
import { useTRPC } from '../../../lib/trpc';
import type { NodeRunState } from './types';

const FINAL = new Set(['succeeded', 'failed', 'cancelled']);

export function isFinal(status: string | undefined): boolean {
  return status !== undefined && FINAL.has(status);
}

function fromView(view: NodeRunView): NodeRunState {
  // "Run from here" copies earlier results into the new run with this note in the step's log.
  const reused = view.logs.some((entry) => entry.message.startsWith('Result reused from run'));
  const warnings = view.warnings.length;
  return {
    status: view.status,
    attempt: view.attempt,
    outputCounts: view.outputCounts,
    durationMs: view.durationMs,
    ...(reused ? { reused } : {}),
    ...(warnings ? { warnings } : {}),
  };
}

/** The newer of the stored and the live state; at the same attempt a finished state wins. */
function pick(stored: NodeRunState | undefined, live: NodeRunState | undefined): NodeRunState | undefined {
  if (!stored) return live;
  if (!live) return stored;
  const a = stored.attempt ?? 0;
  const b = live.attempt ?? 0;
  if (b > a) return live;
  if (a > b) return stored;
  return stored.status === 'running' ? live : stored;
}

export function mergeRunStates(
  detail: RunDetail | undefined,
  live: Record<string, NodeRunState>,
  nodeIds: string[],
): Record<string, NodeRunState> {
  const open = !detail || !isFinal(detail.status);
  const states: Record<string, NodeRunState> = {};
  for (const id of nodeIds) {
    const stored = detail?.nodes[id];
    const state = pick(stored ? fromView(stored) : undefined, live[id]);
    if (state) states[id] = state;
    else if (open) states[id] = { status: 'queued' };
  }
  return states;
}

export function useRunState(runId: string | null) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const detail = useQuery({
    ...trpc.runs.get.queryOptions({ runId: runId ?? '' }),
    enabled: runId !== null,
    staleTime: 0,
    refetchInterval: (query) => (isFinal(query.state.data?.status) ? false : 2000),
  });
  const [live, setLive] = useState<{ runId: string | null; nodes: Record<string, NodeRunState> }>({ runId: null, nodes: {} });
  const finished = isFinal(detail.data?.status);

  // A finished step's output lives in the stored run: re-read it, at most twice a second.
  const refetchTimer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const { refetch } = detail;
  const refetchSoon = useCallback(() => {
    if (refetchTimer.current) return;
    refetchTimer.current = setTimeout(() => {
      refetchTimer.current = null;
      void refetch();
    }, 500);
  }, [refetch]);
  useEffect(
    () => () => {
      if (refetchTimer.current) clearTimeout(refetchTimer.current);
    },
    [],
  );

  useSubscription(
    trpc.runs.events.subscriptionOptions(runId && !finished ? { runId } : skipToken, {
      onStarted: () => void refetch(),
      onData: (event: RunEvent) => {
        if (event.type === 'node') {
          const state: NodeRunState = {
            status: event.status,
            attempt: event.attempt,
            outputCounts: event.outputCounts,
            durationMs: event.durationMs,
          };
          setLive((prev) =>
            prev.runId === event.runId
              ? { runId: prev.runId, nodes: { ...prev.nodes, [event.nodeId]: state } }
              : { runId: event.runId, nodes: { [event.nodeId]: state } },
          );
          if (event.status !== 'running') refetchSoon();
        } else if (event.type === 'run' && isFinal(event.status)) {
          void refetch();
          void queryClient.invalidateQueries({ queryKey: trpc.runs.list.queryKey() });
          void queryClient.invalidateQueries({ queryKey: trpc.workflows.list.queryKey() });
        }
      },
    }),
  );

  const liveNodes = useMemo(() => (live.runId === runId ? live.nodes : {}), [live, runId]);
  return { detail: runId ? detail.data : undefined, liveNodes, loading: runId !== null && detail.isPending };
}
