/**
 * trigger_state rows: what a trigger remembers between starts. Writes compare and swap, so two
 * processes (a trigger host handing over to another) never both act on the same old state.
 */
import { createHash } from 'node:crypto';
import type { Sql, TransactionSql } from 'postgres';

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
 * A short hash of the settings a state belongs to: changed settings start fresh. Hashed, so
 * connection strings and URLs with tokens in them are not copied into trigger_state.
 */
export function settingsFingerprint(parts: unknown[]): string {
  return createHash('sha256').update(JSON.stringify(parts)).digest('base64url').slice(0, 22);
}
