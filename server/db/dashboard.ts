/**
 * The reads behind the home dashboard and the Scheduled page: run counts per time bucket and
 * status, per-workflow success and durations, workflows failing now, current documents of all
 * workflows, each trigger's last run, and what service steps last heard about rate limits.
 * Each is one statement over the runs indexes (runs_created_idx, runs_workflow_created_idx).
 */
import type { Sql } from 'postgres';
import { z } from 'zod';
import { workflowDocumentSchema, type WorkflowDocument } from '../../core/document';

export const DASHBOARD_RANGES = {
  '24h': { hours: 24, bucket: 'hour' },
  '7d': { hours: 168, bucket: 'day' },
  '30d': { hours: 720, bucket: 'day' },
} as const;
export type DashboardRange = keyof typeof DASHBOARD_RANGES;

export interface StatusBucket {
  /** Start of the hour or day. */
  at: Date;
  succeeded: number;
  failed: number;
  cancelled: number;
  /** Waiting or running. */
  active: number;
}

/** Runs started in the range, counted per hour (24 h) or day (7 d, 30 d) and status; empty buckets included. */
export async function runsByStatus(sql: Sql, range: DashboardRange, now = new Date(), workflowIds?: string[]): Promise<StatusBucket[]> {
  const { hours, bucket } = DASHBOARD_RANGES[range];
  // Only the workflows the person reaches (undefined: all runs).
  const only = workflowIds === undefined ? sql`` : workflowIds.length ? sql`and workflow_id in ${sql(workflowIds)}` : sql`and false`;
  const rows = await sql`
    with b as (
      select generate_series(date_trunc(${bucket}, ${now}::timestamptz - make_interval(hours => ${hours - 1})),
                             date_trunc(${bucket}, ${now}::timestamptz), make_interval(hours => ${bucket === 'hour' ? 1 : 24})) as at),
    c as (
      select date_trunc(${bucket}, created_at) as at,
             count(*) filter (where status = 'succeeded')::int as succeeded,
             count(*) filter (where status = 'failed')::int as failed,
             count(*) filter (where status = 'cancelled')::int as cancelled,
             count(*) filter (where status in ('queued', 'running'))::int as active
      from runs where created_at >= date_trunc(${bucket}, ${now}::timestamptz - make_interval(hours => ${hours - 1})) ${only}
      group by 1)
    select b.at, coalesce(c.succeeded, 0) as succeeded, coalesce(c.failed, 0) as failed,
           coalesce(c.cancelled, 0) as cancelled, coalesce(c.active, 0) as active
    from b left join c on c.at = b.at order by b.at`;
  return rows.map((r) => ({
    at: r.at as Date,
    succeeded: Number(r.succeeded),
    failed: Number(r.failed),
    cancelled: Number(r.cancelled),
    active: Number(r.active),
  }));
}

export interface WorkflowStats {
  workflowId: string;
  name: string;
  runs: number;
  succeeded: number;
  failed: number;
  /** Succeeded / (succeeded + failed), 0–1; null when none finished. */
  successRate: number | null;
  p50Ms: number | null;
  p95Ms: number | null;
}

/** Per workflow with runs in the range: counts, success rate, median and 95th-percentile run time. */
export async function workflowStats(sql: Sql, range: DashboardRange, now = new Date()): Promise<WorkflowStats[]> {
  const rows = await sql`
    select r.workflow_id, w.name, count(*)::int as runs,
           count(*) filter (where r.status = 'succeeded')::int as succeeded,
           count(*) filter (where r.status = 'failed')::int as failed,
           percentile_cont(0.5) within group (order by extract(epoch from r.finished_at - r.started_at) * 1000)
             filter (where r.finished_at is not null and r.started_at is not null) as p50,
           percentile_cont(0.95) within group (order by extract(epoch from r.finished_at - r.started_at) * 1000)
             filter (where r.finished_at is not null and r.started_at is not null) as p95
    from runs r join workflows w on w.id = r.workflow_id
    where r.created_at >= ${now}::timestamptz - make_interval(hours => ${DASHBOARD_RANGES[range].hours})
    group by r.workflow_id, w.name
    order by count(*) desc, w.name
    limit 100`;
  return rows.map((r) => {
    const succeeded = Number(r.succeeded);
    const failed = Number(r.failed);
    return {
      workflowId: String(r.workflow_id),
      name: String(r.name),
      runs: Number(r.runs),
      succeeded,
      failed,
      successRate: succeeded + failed > 0 ? succeeded / (succeeded + failed) : null,
      p50Ms: r.p50 === null ? null : Number(r.p50),
      p95Ms: r.p95 === null ? null : Number(r.p95),
    };
  });
}

export interface FailingWorkflow {
  workflowId: string;
  name: string;
  runId: string;
  failedAt: Date;
  message: string;
  /** The step it failed in, by name (as the run's document named it). */
  stepName: string | null;
  /** Failed runs since the last one that succeeded. */
  failuresInARow: number;
}

const errorSchema = z.object({ message: z.string().optional(), nodeId: z.string().optional() }).passthrough().nullable();

/** Workflows whose newest finished run failed, newest failure first. */
export async function failingWorkflows(sql: Sql): Promise<FailingWorkflow[]> {
  const rows = await sql`
    select w.id, w.name, last.id as run_id, last.finished_at, last.error,
           (select n.value->>'name' from jsonb_array_elements(last.document->'nodes') n
            where n.value->>'id' = last.error->>'nodeId' limit 1) as step_name,
           (select count(*)::int from runs x
            where x.workflow_id = w.id and x.status = 'failed'
              and x.created_at > coalesce((select y.created_at from runs y where y.workflow_id = w.id and y.status = 'succeeded'
                                           order by y.created_at desc limit 1), '-infinity')) as streak
    from workflows w
    cross join lateral (
      select r.id, r.finished_at, r.error, r.document, r.status from runs r
      where r.workflow_id = w.id and r.status in ('succeeded', 'failed')
      order by r.created_at desc limit 1) last
    where last.status = 'failed'
    order by last.finished_at desc nulls last
    limit 50`;
  return rows.map((r) => {
    const error = errorSchema.parse(r.error);
    return {
      workflowId: String(r.id),
      name: String(r.name),
      runId: String(r.run_id),
      failedAt: r.finished_at as Date,
      message: error?.message ?? 'The run failed.',
      stepName: r.step_name === null ? null : String(r.step_name),
      failuresInARow: Number(r.streak),
    };
  });
}

export interface CurrentWorkflow {
  id: string;
  name: string;
  active: boolean;
  document: WorkflowDocument;
}

/** Every workflow with its current (newest saved) document; unreadable documents are left out. */
export async function currentWorkflows(sql: Sql): Promise<CurrentWorkflow[]> {
  const rows = await sql`
    select w.id, w.name, w.active, v.document from workflows w
    join workflow_versions v on v.workflow_id = w.id and v.version = w.current_version
    order by w.name`;
  return rows.flatMap((r) => {
    const parsed = workflowDocumentSchema.safeParse(r.document);
    return parsed.success ? [{ id: String(r.id), name: String(r.name), active: Boolean(r.active), document: parsed.data }] : [];
  });
}

export interface TriggerLastRun {
  runId: string;
  status: string;
  createdAt: Date;
  error: string | null;
}

/** The newest run each (workflow, trigger step) started. */
export async function lastRunsOfTriggers(
  sql: Sql,
  pairs: Array<{ workflowId: string; nodeId: string }>,
): Promise<Map<string, TriggerLastRun>> {
  const out = new Map<string, TriggerLastRun>();
  if (pairs.length === 0) return out;
  const rows = await sql`
    select p.workflow_id, p.node_id, last.id, last.status, last.created_at, last.error->>'message' as message
    from json_to_recordset(${JSON.stringify(pairs.map((p) => ({ workflow_id: p.workflowId, node_id: p.nodeId })))}::text::json)
         as p(workflow_id text, node_id text)
    cross join lateral (
      select r.id, r.status, r.created_at, r.error from runs r
      where r.workflow_id = p.workflow_id and r.trigger_node_id = p.node_id
      order by r.created_at desc limit 1) last`;
  for (const r of rows) {
    out.set(`${r.workflow_id}/${r.node_id}`, {
      runId: String(r.id),
      status: String(r.status),
      createdAt: r.created_at as Date,
      error: r.message === null ? null : String(r.message),
    });
  }
  return out;
}

export interface StepUsage {
  workflowId: string;
  nodeId: string;
  /** Times the step ran in the last 24 hours. */
  calls: number;
  /** The rate limit the service reported last (`_rateLimit` of the step's first item), if any. */
  rateLimit: unknown;
  /** Tokens the service reported as used in the last 24 hours (OpenAI's `usage.total_tokens` of stored items). */
  tokens: number;
}

/** How often the given steps ran in the last 24 hours and what their service last said about limits. */
export async function stepUsage(sql: Sql, steps: Array<{ workflowId: string; nodeId: string }>, now = new Date()): Promise<StepUsage[]> {
  if (steps.length === 0) return [];
  const rows = await sql`
    select p.workflow_id, p.node_id,
           (select count(*)::int from runs r join node_runs nr on nr.run_id = r.id
            where r.workflow_id = p.workflow_id and r.created_at >= ${now}::timestamptz - interval '1 day'
              and nr.node_id = p.node_id) as calls,
           (select coalesce(sum((item->'usage'->>'total_tokens')::numeric), 0)
            from runs r join node_runs nr on nr.run_id = r.id,
                 json_array_elements(case when json_typeof(nr.output_preview->'main') = 'array' then nr.output_preview->'main' else '[]'::json end) item
            where r.workflow_id = p.workflow_id and r.created_at >= ${now}::timestamptz - interval '1 day'
              and nr.node_id = p.node_id and json_typeof(item->'usage') = 'object') as tokens,
           (select nr.output_preview->'main'->0->'_rateLimit' from runs r join node_runs nr on nr.run_id = r.id
            where r.workflow_id = p.workflow_id and nr.node_id = p.node_id and nr.status = 'succeeded'
              and json_typeof(nr.output_preview->'main'->0->'_rateLimit') = 'object'
            order by r.created_at desc limit 1) as rate_limit
    from json_to_recordset(${JSON.stringify(steps.map((p) => ({ workflow_id: p.workflowId, node_id: p.nodeId })))}::text::json)
         as p(workflow_id text, node_id text)`;
  return rows.map((r) => ({
    workflowId: String(r.workflow_id),
    nodeId: String(r.node_id),
    calls: Number(r.calls),
    tokens: Number(r.tokens),
    rateLimit: r.rate_limit ?? null,
  }));
}
