'use client';
/**
 * The home dashboard: runs over time by status, how each workflow is doing, what is failing now,
 * what runs next, and the resources automations use. Fresh by live run events.
 */
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { StatusBars } from '../../components/charts/status-bars';
import { LoadError } from '../../components/load-error';
import { useTRPC } from '../../lib/trpc';
import { useLiveRefresh } from '../../lib/use-live-refresh';
import { Card } from './card';
import { CredentialsCard, FailingCard, NextRunsCard, ProfilesCard, TriggersCard, WorkflowStatsCard } from './sections';

const RANGES = [
  { value: '24h', label: 'Last 24 hours', by: 'hour' },
  { value: '7d', label: 'Last 7 days', by: 'day' },
  { value: '30d', label: 'Last 30 days', by: 'day' },
] as const;
type Range = (typeof RANGES)[number]['value'];

export function DashboardView() {
  const trpc = useTRPC();
  const [range, setRange] = useState<Range>('24h');
  const overview = useQuery(trpc.dashboard.overview.queryOptions({ range }));
  useLiveRefresh([trpc.dashboard.overview.queryKey()], 2000);
  const chosen = RANGES.find((r) => r.value === range)!;
  const data = overview.data;
  const total = data?.buckets.reduce((n, b) => n + b.succeeded + b.failed + b.cancelled + b.active, 0) ?? 0;

  return (
    <div className="flex-1 overflow-y-auto">
      <div className="mx-auto max-w-6xl space-y-4 px-4 py-6 sm:px-6">
        <div className="flex flex-wrap items-end justify-between gap-3">
          <div>
            <h1 className="text-xl font-semibold">Dashboard</h1>
            <p className="text-sm text-slate-600">How your automations are doing.</p>
          </div>
          <div role="radiogroup" aria-label="Time range" className="flex rounded-md border border-slate-300 bg-white p-0.5 text-sm">
            {RANGES.map((r) => (
              <button
                key={r.value}
                type="button"
                role="radio"
                aria-checked={range === r.value}
                onClick={() => setRange(r.value)}
                className={`rounded px-3 py-1 ${range === r.value ? 'bg-indigo-600 font-medium text-white' : 'text-slate-700 hover:bg-slate-100'}`}
              >
                {r.label}
              </button>
            ))}
          </div>
        </div>
        {overview.isPending && <p className="text-sm text-slate-600">Loading the dashboard…</p>}
        {overview.isError && <LoadError what="The dashboard" error={overview.error} onRetry={() => overview.refetch()} />}
        {data && (
          <>
            <Card title={`Runs, ${chosen.label.toLowerCase()}`} more={{ href: '/runs', label: 'All runs' }}>
              {total === 0 ? (
                <p className="text-sm text-slate-600">No runs in this time. Runs appear here as workflows run.</p>
              ) : (
                <StatusBars
                  data={data.buckets.map((b) => ({ ...b, at: String(b.at) }))}
                  by={chosen.by}
                  label={`Runs per ${chosen.by} by status`}
                />
              )}
            </Card>
            <div className="grid gap-4 lg:grid-cols-2">
              <FailingCard failing={data.failing} />
              <NextRunsCard nextRuns={data.nextRuns} />
            </div>
            <WorkflowStatsCard stats={data.workflows} rangeLabel={chosen.label.toLowerCase()} />
            <div className="grid gap-4 lg:grid-cols-3">
              <TriggersCard triggers={data.triggers} />
              <ProfilesCard profiles={data.profiles} />
              <CredentialsCard credentials={data.credentials} />
            </div>
          </>
        )}
      </div>
    </div>
  );
}
