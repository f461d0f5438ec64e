/**
 * Reading the workflows whose triggers should be listening: the active ones, at their current
 * version. Documents that no longer parse are reported, not thrown, so one broken workflow does
 * not keep the others' triggers from starting.
 */
import type { Sql } from 'postgres';
import { workflowDocumentSchema, type WorkflowDocument } from '../../core/document';
import { listActiveWorkflowRows } from '../db/triggers';

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
  const rows = await listActiveWorkflowRows(sql, onlyId);
  return rows.map(({ document, ...base }) => {
    const parsed = workflowDocumentSchema.safeParse(document);
    return parsed.success
      ? { ...base, document: parsed.data }
      : { ...base, document: null, problem: `its saved document is damaged (${parsed.error.issues[0]?.message ?? 'unreadable'})` };
  });
}
