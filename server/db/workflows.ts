/**
 * Workflows and their versions. Every save writes a new version; the document is stored as
 * JSON and parsed again wherever it is read.
 */
import { and, desc, eq, sql as dsql } from 'drizzle-orm';
import * as schema from '../../drizzle/schema';
import type { Database } from './client';
import type { Sql } from 'postgres';
import { workflowDocumentSchema, type WorkflowDocument } from '../../core/document';
import { newId } from '../ids';
import { TRIGGERS_CHANNEL } from './channels';
import { EVENTS_CHANNEL } from '../../core/run-events';

export type Db = Database;

export interface WorkflowSummary {
  id: string;
  name: string;
  description: string;
  active: boolean;
  currentVersion: number;
  /** null: the instance's. */
  ownerId: string | null;
  createdAt: Date;
  updatedAt: Date;
  lastRun: { id: string; status: string; createdAt: Date } | null;
  /** The current version carries the import's "check before use" mark. */
  checkBeforeUse: boolean;
}

export interface StoredWorkflow {
  id: string;
  name: string;
  active: boolean;
  version: number;
  document: WorkflowDocument;
  createdAt: Date;
  updatedAt: Date;
}

export async function listWorkflows(db: Db): Promise<WorkflowSummary[]> {
  const { workflows, runs } = schema;
  const lastRun = db
    .selectDistinctOn([runs.workflowId], {
      workflowId: runs.workflowId,
      id: runs.id,
      status: runs.status,
      createdAt: runs.createdAt,
    })
    .from(runs)
    .orderBy(runs.workflowId, desc(runs.createdAt))
    .as('last_run');
  const rows = await db
    .select({
      id: workflows.id,
      name: workflows.name,
      description: workflows.description,
      active: workflows.active,
      currentVersion: workflows.currentVersion,
      ownerId: workflows.ownerId,
      createdAt: workflows.createdAt,
      updatedAt: workflows.updatedAt,
      lastRunId: lastRun.id,
      lastRunStatus: lastRun.status,
      lastRunAt: lastRun.createdAt,
      // One primary-key lookup per workflow: its current version's document has the mark.
      checkBeforeUse: dsql<boolean>`exists (select 1 from workflow_versions v where v.workflow_id = ${workflows.id} and v.version = ${workflows.currentVersion} and v.document ? 'checkBeforeUse')`,
    })
    .from(workflows)
    .leftJoin(lastRun, eq(lastRun.workflowId, workflows.id))
    .orderBy(desc(workflows.updatedAt));
  return rows.map(({ lastRunId, lastRunStatus, lastRunAt, ...w }) => ({
    ...w,
    lastRun: lastRunId && lastRunStatus && lastRunAt ? { id: lastRunId, status: lastRunStatus, createdAt: lastRunAt } : null,
  }));
}

export async function getWorkflow(db: Db, id: string, version?: number): Promise<StoredWorkflow | null> {
  const { workflows, workflowVersions } = schema;
  const [row] = await db
    .select({
      id: workflows.id,
      name: workflows.name,
      active: workflows.active,
      createdAt: workflows.createdAt,
      updatedAt: workflows.updatedAt,
      version: workflowVersions.version,
      document: workflowVersions.document,
    })
    .from(workflows)
    .innerJoin(
      workflowVersions,
      and(eq(workflowVersions.workflowId, workflows.id), eq(workflowVersions.version, version ?? workflows.currentVersion)),
    )
    .where(eq(workflows.id, id));
  if (!row) return null;
  return { ...row, document: workflowDocumentSchema.parse(row.document) };
}

/**
 * Creates a workflow with its first version. `ownerId`: the person who made it (null: the
 * instance's, as for the local CLI; server/auth/access.ts).
 */
export async function createWorkflow(
  db: Db,
  document: WorkflowDocument,
  { id = newId('wf'), ownerId = null }: { id?: string; ownerId?: string | null } = {},
): Promise<StoredWorkflow> {
  return db.transaction(async (tx) => {
    const [wf] = await tx
      .insert(schema.workflows)
      .values({ id, name: document.name, description: document.description, currentVersion: 1, ownerId })
      .returning();
    await tx.insert(schema.workflowVersions).values({ workflowId: id, version: 1, document });
    return { id, name: wf.name, active: wf.active, version: 1, document, createdAt: wf.createdAt, updatedAt: wf.updatedAt };
  });
}

/**
 * Saves a new version. With `expectedVersion`, refuses to overwrite a newer save made
 * elsewhere (returns `conflict`), so two open editors don't silently lose each other's work.
 */
export async function saveWorkflow(
  db: Db,
  id: string,
  document: WorkflowDocument,
  expectedVersion?: number,
): Promise<{ status: 'saved'; version: number } | { status: 'missing' } | { status: 'conflict'; currentVersion: number }> {
  return db.transaction(async (tx) => {
    const [current] = await tx
      .select({ version: schema.workflows.currentVersion })
      .from(schema.workflows)
      .where(eq(schema.workflows.id, id))
      .for('update');
    if (!current) return { status: 'missing' as const };
    if (expectedVersion !== undefined && expectedVersion !== current.version) {
      return { status: 'conflict' as const, currentVersion: current.version };
    }
    const version = current.version + 1;
    await tx.insert(schema.workflowVersions).values({ workflowId: id, version, document });
    await tx
      .update(schema.workflows)
      .set({ name: document.name, description: document.description, currentVersion: version, updatedAt: dsql`now()` })
      .where(eq(schema.workflows.id, id));
    // Trigger hosts and web servers reload this workflow's triggers (webhook paths, schedules).
    await tx.execute(dsql`select pg_notify(${TRIGGERS_CHANNEL}, ${id})`);
    return { status: 'saved' as const, version };
  });
}

export async function deleteWorkflow(db: Db, id: string): Promise<boolean> {
  const rows = await db.transaction(async (tx) => {
    // Its runs go with it (ON DELETE CASCADE). Runs still going are told to stop first, so no
    // worker keeps calling services for a run nobody can see any more; queued ones never start.
    await tx.execute(
      dsql`select pg_notify(${EVENTS_CHANNEL}, json_build_object('type', 'cancel', 'runId', id)::text) from runs where workflow_id = ${id} and status in ('queued', 'running')`,
    );
    await tx.execute(dsql`select graphile_worker.remove_job(id) from runs where workflow_id = ${id} and status = 'queued'`);
    return tx.delete(schema.workflows).where(eq(schema.workflows.id, id)).returning({ id: schema.workflows.id });
  });
  // A deleted workflow's triggers stop at once, not at the trigger host's next full reload.
  if (rows.length > 0) await db.execute(dsql`select pg_notify(${TRIGGERS_CHANNEL}, ${id})`);
  return rows.length > 0;
}

/** Turns a workflow's automatic triggers on or off; the trigger host hears it through NOTIFY. */
export async function setWorkflowActive(db: Db, id: string, active: boolean): Promise<boolean> {
  return db.transaction(async (tx) => {
    const [before] = await tx
      .select({ active: schema.workflows.active })
      .from(schema.workflows)
      .where(eq(schema.workflows.id, id))
      .for('update');
    if (!before) return false;
    await tx.update(schema.workflows).set({ active }).where(eq(schema.workflows.id, id));
    // Turning on starts fresh: what happened while the workflow was off is not replayed.
    if (active && !before.active) await tx.delete(schema.triggerState).where(eq(schema.triggerState.workflowId, id));
    await tx.execute(dsql`select pg_notify(${TRIGGERS_CHANNEL}, ${id})`);
    return true;
  });
}

export async function listVersions(db: Db, id: string): Promise<Array<{ version: number; createdAt: Date }>> {
  return db
    .select({ version: schema.workflowVersions.version, createdAt: schema.workflowVersions.createdAt })
    .from(schema.workflowVersions)
    .where(eq(schema.workflowVersions.workflowId, id))
    .orderBy(desc(schema.workflowVersions.version));
}

/** A saved workflow's id and name, or null (no document read: cheap for checks and labels). */
export async function workflowName(sql: Sql, id: string): Promise<{ id: string; name: string } | null> {
  const [row] = await sql<{ id: string; name: string }[]>`select id, name from workflows where id = ${id}`;
  return row ?? null;
}
