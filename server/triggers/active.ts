/**
 * Reading the workflows whose triggers should be listening: the active ones, at their current
 * version. Documents that no longer parse are reported, not thrown, so one broken workflow does
 * not keep the others' triggers from starting.
 */
import type { Sql } from 'postgres';
import { workflowDocumentSchema, type WorkflowDocument } from '../../core/document';

export interface ActiveWorkflow {
  id: string;
  name: string;
  version: number;
  /** Null when the stored document does not parse (see `problem`). */
  document: WorkflowDocument | null;
  problem?: string;
}

/** Every active workflow (or just `onlyId`, when it is active), oldest first. */
export async function loadActiveWorkflows(sql: Sql, onlyId?: string): Promise<ActiveWorkflow[]> {
  const rows = await sql`
    select w.id, w.name, w.current_version, v.document
    from workflows w
    join workflow_versions v on v.workflow_id = w.id and v.version = w.current_version
    where w.active ${onlyId ? sql`and w.id = ${onlyId}` : sql``}
    order by w.created_at, w.id`;
  return rows.map((row) => {
    const parsed = workflowDocumentSchema.safeParse(row.document);
    const base = { id: String(row.id), name: String(row.name), version: Number(row.current_version) };
    return parsed.success
      ? { ...base, document: parsed.data }
      : { ...base, document: null, problem: `its saved document is damaged (${parsed.error.issues[0]?.message ?? 'unreadable'})` };
  });
}
