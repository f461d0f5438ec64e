/**
 * Reading a workflow's saved versions with their documents, for the history and its diffs.
 * Saving stays in workflows.ts: every save (a restore included) is a new version there.
 */
import { and, desc, eq, isNotNull, lte, sql } from 'drizzle-orm';
import * as schema from '../../drizzle/schema';
import { workflowDocumentSchema, type WorkflowDocument } from '../../core/document';
import type { Db } from './workflows';

export interface VersionWithDocument {
  version: number;
  createdAt: Date;
  document: WorkflowDocument;
}

/** The newest `limit` versions at or below `upTo` (default: all), newest first. */
export async function versionDocuments(db: Db, workflowId: string, limit: number, upTo?: number): Promise<VersionWithDocument[]> {
  const { workflowVersions: v } = schema;
  const rows = await db
    .select({ version: v.version, createdAt: v.createdAt, document: v.document })
    .from(v)
    .where(upTo === undefined ? eq(v.workflowId, workflowId) : and(eq(v.workflowId, workflowId), lte(v.version, upTo)))
    .orderBy(desc(v.version))
    .limit(limit);
  return rows.map((row) => ({ ...row, document: workflowDocumentSchema.parse(row.document) }));
}

/** How many runs each version has had, for the history list. */
export async function runCountsByVersion(db: Db, workflowId: string): Promise<Map<number, number>> {
  const rows = await db
    .select({ version: schema.runs.workflowVersion, count: sql<number>`count(*)::int` })
    .from(schema.runs)
    .where(and(eq(schema.runs.workflowId, workflowId), isNotNull(schema.runs.workflowVersion)))
    .groupBy(schema.runs.workflowVersion);
  return new Map(rows.flatMap((row) => (row.version === null ? [] : [[row.version, row.count] as const])));
}
