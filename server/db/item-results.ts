/**
 * Results of single items of a step that runs once per incoming item (Browser: open page, "for
 * each item"). Each is stored, with a synchronous commit, as soon as its item is done: a run
 * resumed after a crash reads them back and browses only the items not stored.
 */
import type { Sql } from 'postgres';
import { z } from 'zod';

const itemSchema = z.record(z.string(), z.unknown());
const logSchema = z.object({
  level: z.enum(['info', 'warn', 'error']),
  message: z.string(),
  data: z.unknown().optional(),
  at: z.string(),
});

/** What one item left behind, per step of the chain (by step id). */
export const itemResultSchema = z.object({
  outputs: z.record(z.string(), z.record(z.string(), z.array(itemSchema))),
  logs: z.record(z.string(), z.array(logSchema)),
  warnings: z.record(z.string(), z.array(z.object({ message: z.string() }))).default({}),
});
export type ItemResult = z.infer<typeof itemResultSchema>;

/** The items of this run's step stored so far, by item index (0-based). */
export async function loadItemResults(sql: Sql, runId: string, nodeId: string): Promise<Map<number, ItemResult>> {
  const rows = await sql`
    select item_index, result::text as result from step_item_results
    where run_id = ${runId} and node_id = ${nodeId}`;
  const results = new Map<number, ItemResult>();
  for (const row of rows) {
    const parsed = z.object({ item_index: z.number(), result: z.string() }).parse(row);
    results.set(parsed.item_index, itemResultSchema.parse(JSON.parse(parsed.result)));
  }
  return results;
}

/** Stores one item's result; storing the same item again keeps the first (a late duplicate changes nothing). */
export async function saveItemResult(sql: Sql, runId: string, nodeId: string, index: number, result: ItemResult): Promise<void> {
  await sql`
    insert into step_item_results (run_id, node_id, item_index, result)
    values (${runId}, ${nodeId}, ${index}, ${sql.json(result as never)})
    on conflict do nothing`;
}
