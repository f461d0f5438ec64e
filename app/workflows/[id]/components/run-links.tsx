'use client';
/**
 * Links between runs that call each other (Run another workflow, Repeat until): a step lists the
 * runs it started, and a called run says which run called it. Both open the other run's page.
 */
import { ArrowUpRight, CornerLeftUp } from 'lucide-react';
import Link from 'next/link';
import { isStatus, StatusBadge } from '../../../components/status-badge';
import type { RunDetail } from '../../../lib/api-types';
import { plural } from '../../../lib/format';

type ChildLink = RunDetail['links']['children'][string][number];

function runHref(workflowId: string | null, runId: string): string | null {
  return workflowId ? `/workflows/${workflowId}?run=${encodeURIComponent(runId)}` : null;
}

/** "Round 2", "Item 3", "Run": the call's name as a person reads it. */
export function callLabel(key: string | null, index: number): string {
  const round = key?.match(/^round-(\d+)$/);
  if (round) return `Round ${Number(round[1])}`;
  const item = key?.match(/^item-(\d+)$/);
  if (item) return `Item ${Number(item[1]) + 1}`;
  return `Run ${index + 1}`;
}

function ChildRow({ child, index }: { child: ChildLink; index: number }) {
  const href = runHref(child.workflowId, child.runId);
  return (
    <li className="flex flex-wrap items-center gap-2" data-testid="child-run">
      <span className="w-16 shrink-0 text-xs font-medium text-slate-700">{callLabel(child.key, index)}</span>
      {isStatus(child.status) && <StatusBadge status={child.status} />}
      {child.itemCount !== null && <span className="text-xs text-slate-600">sent {plural(child.itemCount, 'item')}</span>}
      {href ? (
        <Link href={href} className="inline-flex items-center gap-0.5 rounded text-xs text-indigo-700 underline">
          Open this run{' '}
          <span className="sr-only">
            ({callLabel(child.key, index)} of {child.workflowName ?? 'the called workflow'})
          </span>
          <ArrowUpRight aria-hidden className="size-3" />
        </Link>
      ) : (
        <span className="text-xs text-slate-500">(its workflow was deleted)</span>
      )}
    </li>
  );
}

/** The runs this step started, in the order it started them. */
export function ChildRuns({ detail, nodeId }: { detail: RunDetail | undefined; nodeId: string }) {
  const children = detail?.links.children[nodeId] ?? [];
  if (children.length === 0) return null;
  const names = [...new Set(children.map((c) => c.workflowName ?? 'a deleted workflow'))];
  const rounds = children.some((c) => c.key?.startsWith('round-'));
  return (
    <section aria-labelledby={`${nodeId}-children`} className="flex flex-col gap-1" data-testid="child-runs">
      <h3 id={`${nodeId}-children`} className="text-xs font-semibold tracking-wide text-slate-500 uppercase">
        {rounds ? 'Rounds' : 'Runs it started'}
      </h3>
      <p className="text-xs text-slate-600">
        {plural(children.length, 'run')} of “{names.join('”, “')}”. Open one to see each of its steps.
      </p>
      <ol className="max-h-64 space-y-1 overflow-auto rounded-md border border-slate-200 bg-white p-2">
        {children.map((child, i) => (
          <ChildRow key={child.runId} child={child} index={i} />
        ))}
      </ol>
    </section>
  );
}

/** "Called by <workflow> run …": shown on a run another workflow started. */
export function CalledBy({ detail }: { detail: RunDetail }) {
  const by = detail.links.calledBy;
  if (!by) return null;
  const href = runHref(by.workflowId, by.runId);
  const what = `“${by.workflowName ?? 'a deleted workflow'}”${by.nodeName ? `, step “${by.nodeName}”` : ''}`;
  return (
    <p
      className="flex items-start gap-1.5 rounded-md border border-indigo-200 bg-indigo-50 p-2 text-sm text-indigo-950"
      data-testid="called-by"
    >
      <CornerLeftUp aria-hidden className="mt-0.5 size-4 shrink-0" />
      <span>
        Called by {what}, run{' '}
        {href ? (
          <Link href={href} className="rounded font-mono text-xs text-indigo-800 underline">
            {by.runId}
          </Link>
        ) : (
          <span className="font-mono text-xs">{by.runId}</span>
        )}
      </span>
    </p>
  );
}
