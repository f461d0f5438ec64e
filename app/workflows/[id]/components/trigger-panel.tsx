'use client';
/**
 * What a trigger step offers, in its settings: a webhook's address (with copy and "Listen for a
 * test request"), a schedule's next five times, and whether the workflow is Active.
 */
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { CalendarClock, Zap } from 'lucide-react';
import type { ReactNode } from 'react';
import type { CatalogEntry } from '../../../lib/api-types';
import { errorMessage } from '../../../lib/errors';
import { fullDate } from '../../../lib/format';
import { useTRPC } from '../../../lib/trpc';
import type { StepNode } from '../lib/types';
import { WebhookInfo } from './webhook-info';

interface TriggerPanelProps {
  workflowId: string;
  node: StepNode | undefined;
  catalog: Map<string, CatalogEntry>;
  dirty: boolean;
  /** The workflow's time zone as set in the editor (saved or not): a schedule without its own reads it. */
  timezone?: string;
}

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <section
      aria-label={title}
      className="flex flex-col gap-2 rounded-md border border-amber-200 bg-amber-50/60 p-3 text-sm"
      data-testid="trigger-panel"
    >
      <h3 className="flex items-center gap-1.5 text-xs font-semibold tracking-wide text-amber-900 uppercase">
        <Zap aria-hidden className="size-3.5" /> {title}
      </h3>
      {children}
    </section>
  );
}

function SchedulePreview({ config, timezone }: { config: Record<string, unknown>; timezone: string | undefined }) {
  const trpc = useTRPC();
  const preview = useQuery({
    ...trpc.workflows.schedulePreview.queryOptions({ config, count: 5, timezone }),
    placeholderData: keepPreviousData,
  });
  if (preview.isError) return <p className="text-red-700">The times could not be worked out: {errorMessage(preview.error)}</p>;
  if (!preview.data) return <p className="text-slate-600">Working out the next times…</p>;
  if (preview.data.problem) return <p className="text-red-700">{preview.data.problem}</p>;
  return (
    <div>
      <p className="mb-1 font-medium text-slate-800">Next five times (your clock)</p>
      <ol className="space-y-0.5" data-testid="schedule-times">
        {preview.data.times.map((t) => (
          <li key={t} className="flex items-center gap-1.5 text-slate-700">
            <CalendarClock aria-hidden className="size-3.5 text-slate-500" />
            <time dateTime={t}>{fullDate(t)}</time>
          </li>
        ))}
      </ol>
    </div>
  );
}

export function TriggerPanel({ workflowId, node, catalog, dirty, timezone }: TriggerPanelProps) {
  const trpc = useTRPC();
  const type = node ? catalog.get(node.data.type) : undefined;
  const isTrigger = type?.category === 'trigger' && type.id !== 'manual-trigger';
  const info = useQuery({ ...trpc.workflows.triggerInfo.queryOptions({ id: workflowId }), enabled: isTrigger, staleTime: 0 });
  if (!node || !isTrigger) return null;

  const activeLine = info.data ? (
    <p className="text-slate-700">
      {info.data.active ? (
        <>
          <span className="font-medium">Active:</span> this step starts the workflow by itself.
        </>
      ) : (
        <>
          <span className="font-medium">Not active:</span> this step starts the workflow by itself only once you turn on “Active” at the
          top. Until then, use Run to try it.
        </>
      )}
    </p>
  ) : null;

  if (type.id === 'webhook-trigger') {
    return (
      <Section title="Web address">
        <WebhookInfo
          workflowId={workflowId}
          node={node}
          hook={info.data?.webhooks.find((w) => w.nodeId === node.id)}
          dirty={dirty}
          loading={info.isPending}
          publicUrl={info.data?.publicUrl ?? null}
        />
        {activeLine}
      </Section>
    );
  }
  if (type.id === 'schedule-trigger') {
    return (
      <Section title="When it runs">
        <SchedulePreview config={node.data.config} timezone={timezone} />
        {activeLine}
      </Section>
    );
  }
  return <Section title="Starting automatically">{activeLine ?? <p className="text-slate-600">Loading…</p>}</Section>;
}
