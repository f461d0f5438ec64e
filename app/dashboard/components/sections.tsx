'use client';
/** The dashboard's boxes below the chart, each a plain list or table with its empty state. */
import { CircleAlert, TriangleAlert } from 'lucide-react';
import Link from 'next/link';
import type { RouterOutputs } from '../../lib/api-types';
import { explainError } from '../../lib/error-words';
import { duration, fullDate, plural, timeAgo } from '../../lib/format';
import { Card, Empty } from './card';

type Overview = RouterOutputs['dashboard']['overview'];

export function FailingCard({ failing }: { failing: Overview['failing'] }) {
  return (
    <Card title="Failing now" more={{ href: '/runs', label: 'Failed runs' }}>
      {failing.length === 0 ? (
        <Empty>
          Nothing is failing: the last run of every workflow succeeded.{' '}
          <Link href="/alerts" className="rounded text-indigo-700 hover:underline">
            Set up alerts
          </Link>{' '}
          to be told when one does.
        </Empty>
      ) : (
        <ul className="divide-y divide-slate-100" data-testid="failing-list">
          {failing.map((f) => {
            const help = explainError(f.message);
            return (
              <li key={f.workflowId} className="py-2 first:pt-0 last:pb-0">
                <div className="flex flex-wrap items-baseline gap-x-2">
                  <CircleAlert aria-hidden className="size-4 shrink-0 translate-y-0.5 text-red-600" />
                  <Link
                    href={`/workflows/${f.workflowId}?run=${encodeURIComponent(f.runId)}`}
                    className="rounded font-medium text-indigo-700 hover:underline"
                  >
                    {f.name}
                  </Link>
                  <span className="text-xs text-slate-600" title={fullDate(String(f.failedAt))}>
                    failed {timeAgo(String(f.failedAt))}
                    {f.failuresInARow > 1 ? `, ${f.failuresInARow} times in a row` : ''}
                  </span>
                </div>
                <p className="mt-0.5 text-sm text-slate-800">
                  {f.stepName ? <>In step “{f.stepName}”: </> : null}
                  {f.message}
                </p>
                {help && <p className="mt-0.5 text-xs text-slate-600">{help}</p>}
              </li>
            );
          })}
        </ul>
      )}
    </Card>
  );
}

export function NextRunsCard({ nextRuns }: { nextRuns: Overview['nextRuns'] }) {
  return (
    <Card title="Next scheduled runs" more={{ href: '/scheduled', label: 'All schedules' }}>
      {nextRuns.length === 0 ? (
        <Empty>No schedule is on. Add a Schedule trigger to a workflow and turn the workflow on.</Empty>
      ) : (
        <ul className="divide-y divide-slate-100">
          {nextRuns.map((n) => (
            <li
              key={`${n.workflowId}/${n.stepName}`}
              className="flex flex-wrap items-baseline justify-between gap-x-3 py-2 first:pt-0 last:pb-0"
            >
              <span>
                <Link href={`/workflows/${n.workflowId}`} className="rounded font-medium text-indigo-700 hover:underline">
                  {n.workflowName}
                </Link>
                <span className="block text-xs text-slate-600">
                  {n.stepName}: {n.when}
                </span>
              </span>
              <span className="text-sm whitespace-nowrap text-slate-800" title={fullDate(String(n.at))}>
                {timeAgo(String(n.at))}
              </span>
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}

export function WorkflowStatsCard({ stats, rangeLabel }: { stats: Overview['workflows']; rangeLabel: string }) {
  return (
    <Card title={`Workflows, ${rangeLabel}`} more={{ href: '/workflows', label: 'All workflows' }}>
      {stats.length === 0 ? (
        <Empty>No workflow ran in this time.</Empty>
      ) : (
        <div className="overflow-x-auto">
          <table className="w-full text-left text-sm">
            <thead className="text-xs text-slate-600">
              <tr>
                <th scope="col" className="py-1.5 pr-3 font-medium">
                  Workflow
                </th>
                <th scope="col" className="py-1.5 pr-3 text-right font-medium">
                  Runs
                </th>
                <th scope="col" className="py-1.5 pr-3 text-right font-medium">
                  Succeeded
                </th>
                <th scope="col" className="py-1.5 pr-3 text-right font-medium" title="Half of the runs took less than this">
                  Typical time
                </th>
                <th scope="col" className="py-1.5 text-right font-medium" title="95 of 100 runs took less than this">
                  Slow runs
                </th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {stats.map((s) => (
                <tr key={s.workflowId}>
                  <td className="max-w-48 truncate py-1.5 pr-3">
                    <Link href={`/workflows/${s.workflowId}`} className="rounded text-indigo-700 hover:underline">
                      {s.name}
                    </Link>
                  </td>
                  <td className="py-1.5 pr-3 text-right tabular-nums">{s.runs.toLocaleString('en')}</td>
                  <td
                    className={`py-1.5 pr-3 text-right tabular-nums ${s.successRate !== null && s.successRate < 0.9 ? 'font-medium text-red-700' : ''}`}
                  >
                    {s.successRate === null ? '—' : `${Math.round(s.successRate * 100)} %`}
                  </td>
                  <td className="py-1.5 pr-3 text-right whitespace-nowrap tabular-nums">{duration(s.p50Ms)}</td>
                  <td className="py-1.5 text-right whitespace-nowrap tabular-nums">{duration(s.p95Ms)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Card>
  );
}

export function TriggersCard({ triggers }: { triggers: Overview['triggers'] }) {
  return (
    <Card title="Active triggers" more={{ href: '/scheduled', label: 'Scheduled' }}>
      {triggers.length === 0 ? (
        <Empty>No workflow is on, so nothing starts by itself.</Empty>
      ) : (
        <ul className="space-y-1 text-sm">
          {triggers.map((t) => (
            <li key={t.type} className="flex justify-between gap-2">
              <span>{t.name}</span>
              <span className="font-medium tabular-nums">{t.count}</span>
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}

export function ProfilesCard({ profiles }: { profiles: Overview['profiles'] }) {
  return (
    <Card title="Browser profiles" more={{ href: '/profiles', label: 'Manage' }}>
      {profiles.length === 0 ? (
        <Empty>No browser profiles. Browser steps then use a fresh browser each run.</Empty>
      ) : (
        <ul className="space-y-1.5 text-sm">
          {profiles.map((p) => (
            <li key={p.id}>
              <span className="font-medium">{p.name}</span>
              {p.openNow && <span className="ml-2 rounded-full bg-sky-100 px-2 py-0.5 text-xs text-sky-900">open in a run now</span>}
              <span className="block text-xs text-slate-600">
                {p.workflows.length ? `Used by ${p.workflows.join(', ')}` : 'Not used by any workflow'}
              </span>
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}

export function CredentialsCard({ credentials }: { credentials: Overview['credentials'] }) {
  return (
    <Card title="Credentials" more={{ href: '/credentials', label: 'Manage' }}>
      {credentials.length === 0 ? (
        <Empty>No saved credentials.</Empty>
      ) : (
        <ul className="space-y-1.5 text-sm" data-testid="credential-usage">
          {credentials.map((c) => (
            <li key={c.id}>
              <span className="font-medium">{c.name}</span>
              <span className="block text-xs text-slate-600">
                {c.steps === 0 ? 'Not used by any step' : `${plural(c.steps, 'step')}, ran ${plural(c.callsToday, 'time')} in 24 hours`}
                {c.tokensToday > 0 ? `, ${c.tokensToday.toLocaleString('en')} tokens` : ''}
              </span>
              {c.rateLimit && (
                <span className={`mt-0.5 flex items-center gap-1 text-xs ${c.nearLimit ? 'font-medium text-amber-800' : 'text-slate-600'}`}>
                  {c.nearLimit && <TriangleAlert aria-hidden className="size-3.5" />}
                  {c.nearLimit ? 'Near its limit: ' : 'Limit: '}
                  {c.rateLimit.remaining.toLocaleString('en')}
                  {c.rateLimit.limit !== null ? ` of ${c.rateLimit.limit.toLocaleString('en')}` : ''} requests left
                  {c.rateLimit.resetsAt ? `, resets ${timeAgo(c.rateLimit.resetsAt)}` : ''}
                </span>
              )}
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}
