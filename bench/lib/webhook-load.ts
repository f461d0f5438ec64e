/**
 * The webhook workload shared by throughput and scale-out: webhook → set fields, answered when
 * done (with the set fields) or at once (202); and the checks that every answered request has
 * exactly one stored run whose nodes each succeeded once.
 */
import postgres, { type Sql } from 'postgres';
import type { WorkflowDocument } from '../../core/document';
import { WorkflowBuilder } from '../../server/sdk/builder';
import { until } from './taskmaster';

export function webhookSetDoc(path: string, respond: 'whenDone' | 'immediately'): WorkflowDocument {
  const wf = new WorkflowBuilder(`bench ${path}`);
  const hook = wf.add('webhook-trigger', { path, method: 'POST', respond });
  const set = wf.add('set-fields', {
    fields: [
      { name: 'name', value: '{{ $json.body.name }}' },
      { name: 'processed', value: '{{ true }}' },
    ],
    keepOtherFields: false,
  });
  wf.connect(hook, set);
  return wf.toDocument();
}

export function benchSql(databaseUrl: string): Sql {
  return postgres(databaseUrl, { max: 2, onnotice: () => {} });
}

export async function countRuns(sql: Sql, workflowId: string): Promise<number> {
  const [row] = await sql`select count(*)::int as n from runs where workflow_id = ${workflowId}`;
  return Number(row.n);
}

/** Waits until no run of the workflow is queued or running; returns when the last one finished. */
export async function drained(sql: Sql, workflowId: string, timeoutMs = 300_000): Promise<Date | null> {
  await until(
    async () => {
      const [row] = await sql`select count(*)::int as n from runs where workflow_id = ${workflowId} and status in ('queued', 'running')`;
      return Number(row.n) === 0;
    },
    timeoutMs,
    100,
  );
  const [row] = await sql`select max(finished_at) as t from runs where workflow_id = ${workflowId}`;
  return (row.t as Date | null) ?? null;
}

export interface RunChecks {
  stored: number;
  /** Runs that did not succeed. */
  notSucceeded: number;
  /** (run, node) pairs with more than one succeeded result: work done twice. */
  doubled: number;
  /** Runs that lack a succeeded result for one of their nodes. */
  incomplete: number;
}

export async function checkRuns(sql: Sql, workflowId: string, nodesPerRun: number): Promise<RunChecks> {
  const [a] = await sql`
    select count(*)::int as stored, count(*) filter (where status <> 'succeeded')::int as bad
    from runs where workflow_id = ${workflowId}`;
  const [d] = await sql`
    select count(*)::int as n from (
      select nr.run_id, nr.node_id from node_runs nr join runs r on r.id = nr.run_id
      where r.workflow_id = ${workflowId} and nr.status = 'succeeded'
      group by nr.run_id, nr.node_id having count(*) > 1) x`;
  const [i] = await sql`
    select count(*)::int as n from (
      select r.id from runs r left join node_runs nr on nr.run_id = r.id and nr.status = 'succeeded'
      where r.workflow_id = ${workflowId}
      group by r.id having count(distinct nr.node_id) <> ${nodesPerRun}) x`;
  return { stored: Number(a.stored), notSucceeded: Number(a.bad), doubled: Number(d.n), incomplete: Number(i.n) };
}
