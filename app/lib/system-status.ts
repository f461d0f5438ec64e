'use client';
/**
 * What the pages say about switched-off features and missing parts (server/services/system-status.ts).
 * Polled every 15 s: a worker or the database going away is no database change to be notified of.
 */
import { useQuery } from '@tanstack/react-query';
import { FEATURE_OFF_TEXT, isStepOff, stepSwitchOf, type StepSwitch } from '@/core/features';
import type { CatalogEntry } from './api-types';
import { useTRPC } from './trpc';

export function useSystemStatus() {
  const trpc = useTRPC();
  return useQuery({ ...trpc.system.status.queryOptions(), refetchInterval: 15_000, retry: false });
}

/** The switch a step needs when it is off now, else null. */
export function offSwitchOf(
  entry: Pick<CatalogEntry, 'id' | 'group' | 'plugin'>,
  status: ReturnType<typeof useSystemStatus>['data'],
): StepSwitch | null {
  if (!status) return null;
  const needs = stepSwitchOf(entry);
  return isStepOff(needs, status.switches) ? needs : null;
}

export { FEATURE_OFF_TEXT };
