/**
 * What trigger hosts read and write (server/triggers/): the workflows whose triggers should
 * listen, the state a trigger remembers between starts (trigger_state), and the times a schedule
 * has fired (schedule_fires). State writes compare and swap, so two processes (a trigger host
 * handing over to another) never both act on the same old state.
 */
import type { Sql, TransactionSql } from 'postgres';
import { z } from 'zod';

const activeRowSchema = z.object({ id: z.string(), name: z.string(), current_version: z.number(), document: z.unknown() });

export interface ActiveWorkflowRow {
  id: string;
  name: string;
  version: number;
  /** As stored: the caller parses it (a damaged document is reported, not thrown). */
  document: unknown;
}

/** Every active workflow (or just `onlyId`, when it is active) at its current version, oldest first. */
export async function listActiveWorkflowRows(sql: Sql, onlyId?: string): Promise<ActiveWorkflowRow[]> {
  const rows = await sql`
    select w.id, w.name, w.current_version, v.document
    from workflows w
    join workflow_versions v on v.workflow_id = w.id and v.version = w.current_version
    where w.active ${onlyId ? sql`and w.id = ${onlyId}` : sql``}
    order by w.created_at, w.id`;
  return rows.map((row) => {
    const r = activeRowSchema.parse(row);
    return { id: r.id, name: r.name, version: r.current_version, document: r.document };
  });
}

/** What the trigger remembered, or null when it has no row yet. */
export async function readTriggerState(sql: Sql, workflowId: string, nodeId: string): Promise<unknown> {
  const [row] = await sql`select state from trigger_state where workflow_id = ${workflowId} and node_id = ${nodeId}`;
  return row ? (row.state as unknown) : null;
}

/** Writes `next` if the stored state is still `expected` (null: no row yet); true when written. */
export async function swapTriggerState(
  sql: Sql | TransactionSql,
  workflowId: string,
  nodeId: string,
  expected: unknown,
  next: unknown,
): Promise<boolean> {
  if (expected === null || expected === undefined) {
    const rows = await sql`
      insert into trigger_state (workflow_id, node_id, state) values (${workflowId}, ${nodeId}, ${sql.json(next as never)})
      on conflict do nothing returning 1`;
    return rows.length === 1;
  }
  const rows = await sql`
    update trigger_state set state = ${sql.json(next as never)}, updated_at = now()
    where workflow_id = ${workflowId} and node_id = ${nodeId} and state = ${sql.json(expected as never)}
    returning 1`;
  return rows.length === 1;
}

/**
 * Claims a schedule's fire time: true for exactly one caller per (workflow, node, time), however
 * many processes race for it. Call in the transaction that stores the run.
 */
export async function claimScheduleFire(tx: TransactionSql, workflowId: string, nodeId: string, at: Date): Promise<boolean> {
  const claimed = await tx`
    insert into schedule_fires (workflow_id, node_id, fire_at) values (${workflowId}, ${nodeId}, ${at})
    on conflict do nothing returning 1`;
  return claimed.length === 1;
}

export interface ScheduleFireState {
  fingerprint: string;
  lastFireAt: string;
}

/**
 * After a claimed fire's run is stored (same transaction): links the fire to its run, remembers
 * the fire time in trigger_state unless a later one (of the same settings) is there already,
 * and prunes fire records older than `before`.
 */
export async function recordScheduleFire(
  tx: TransactionSql,
  fire: { workflowId: string; nodeId: string; at: Date; runId: string; state: ScheduleFireState; pruneBefore: Date },
): Promise<void> {
  const { workflowId, nodeId, at } = fire;
  await tx`update schedule_fires set run_id = ${fire.runId} where workflow_id = ${workflowId} and node_id = ${nodeId} and fire_at = ${at}`;
  await tx`
    insert into trigger_state (workflow_id, node_id, state) values (${workflowId}, ${nodeId}, ${tx.json({ ...fire.state })})
    on conflict (workflow_id, node_id) do update set state = excluded.state, updated_at = now()
    where trigger_state.state->>'lastFireAt' is null or trigger_state.state->>'lastFireAt' < excluded.state->>'lastFireAt'
      or trigger_state.state->>'fingerprint' is distinct from excluded.state->>'fingerprint'`;
  await tx`delete from schedule_fires where workflow_id = ${workflowId} and node_id = ${nodeId} and fire_at < ${fire.pruneBefore}`;
}
