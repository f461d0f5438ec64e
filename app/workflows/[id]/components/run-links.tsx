'use client';
/**
 * Links between runs that call each other (Run another workflow, Repeat until): a step lists the
 * runs it started, and a called run says which run called it. Both open the other run's page.
 */
import { ArrowUpRight, CornerLeftUp } from 'lucide-react';
import Link from 'next/link';
import { useState } from 'react';
import { isStatus, StatusBadge } from '../../../components/status-badge';
import type { RunDetail } from '../../../lib/api-types';
import { plural } from '../../../lib/format';
import { roundSlices, type RoundSlice } from '../lib/round-slices';
import { OutputView } from './output-view';

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

function ChildRow({ child, index, slice }: { child: ChildLink; index: number; slice?: RoundSlice }) {
  const href = runHref(child.workflowId, child.runId);
  return (
    <div className="flex flex-wrap items-center gap-2">
      <span className="w-16 shrink-0 text-xs font-medium text-slate-700">{callLabel(child.key, index)}</span>
      {isStatus(child.status) && <StatusBadge status={child.status} />}
      {child.itemCount !== null && (
        <span className="text-xs text-slate-600">
          sent {plural(child.itemCount, 'item')}
          {slice && `, gave back ${slice.count.toLocaleString('en')}`}
        </span>
      )}
      {child.steps ? null : href ? (
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
    </div>
  );
}

/** One round with the items it gave back, loaded when opened (a loop may have 1,000 rounds). */
function RoundRow({
  child,
  index,
  slice,
  runId,
  nodeId,
}: {
  child: ChildLink;
  index: number;
  slice: RoundSlice;
  runId: string;
  nodeId: string;
}) {
  const [open, setOpen] = useState(false);
  return (
    <li data-testid="child-run">
      <ChildRow child={child} index={index} slice={slice} />
      {slice.count > 0 && (
        <details className="mt-1 ml-2" onToggle={(e) => setOpen(e.currentTarget.open)}>
          <summary className="cursor-pointer rounded text-xs text-indigo-700 underline">Items of round {slice.round}</summary>
          {open && (
            <div className="mt-1" data-testid="round-items">
              <OutputView runId={runId} nodeId={nodeId} counts={{ main: slice.count }} handleLabels={{}} range={slice} />
            </div>
          )}
        </details>
      )}
    </li>
  );
}

/**
 * The runs this step started, in the order it started them. For Repeat until, each round also
 * shows the items it gave back (`output`: the step's own output count, when it succeeded).
 */
export function ChildRuns({
  detail,
  nodeId,
  runId,
  output,
}: {
  detail: RunDetail | undefined;
  nodeId: string;
  runId: string;
  output?: number;
}) {
  const children = detail?.links.children[nodeId] ?? [];
  if (children.length === 0) return null;
  const names = [...new Set(children.map((c) => c.workflowName ?? 'a deleted workflow'))];
  const ownSteps = children.every((c) => c.steps);
  const rounds = children.some((c) => c.key?.startsWith('round-'));
  const slices = rounds && output !== undefined ? roundSlices(children, output) : null;
  return (
    <section aria-labelledby={`${nodeId}-children`} className="flex flex-col gap-1" data-testid="child-runs">
      <h3 id={`${nodeId}-children`} className="text-xs font-semibold tracking-wide text-slate-500 uppercase">
        {rounds ? 'Rounds' : 'Runs it started'}
      </h3>
      <p className="text-xs text-slate-600">
        {ownSteps
          ? `${plural(children.length, 'round')} of the steps it repeats. Open a round's items to see what it gave back.`
          : `${plural(children.length, 'run')} of “${names.join('”, “')}”. Open one to see each of its steps.`}
      </p>
      <ol className={`space-y-1 overflow-auto rounded-md border border-slate-200 bg-white p-2 ${slices ? 'max-h-[32rem]' : 'max-h-64'}`}>
        {children.map((child, i) =>
          slices ? (
            <RoundRow key={child.runId} child={child} index={i} slice={slices[i]} runId={runId} nodeId={nodeId} />
          ) : (
            <li key={child.runId} data-testid="child-run">
              <ChildRow child={child} index={i} />
            </li>
          ),
        )}
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
