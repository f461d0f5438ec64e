/**
 * Who owns a workflow or credential and who else may reach it ("Share with", "Allowed to use").
 * The rules that read these rows live in server/auth/access.ts.
 */
import type { Sql } from 'postgres';
import { z } from 'zod';

export const SHARE_ROLES = ['editor', 'viewer'] as const;
export type ShareRole = (typeof SHARE_ROLES)[number];

export interface Person {
  userId: string;
  name: string;
  email: string;
}

export interface WorkflowShare extends Person {
  role: ShareRole;
}

/** The workflow's owner id (null: the instance's) and this user's share, or null if there is no such workflow. */
export async function workflowAccessRow(
  sql: Sql,
  workflowId: string,
  userId: string,
): Promise<{ ownerId: string | null; share: ShareRole | null } | null> {
  const [row] = await sql`
    select w.owner_id, s.role from workflows w
    left join workflow_shares s on s.workflow_id = w.id and s.user_id = ${userId}
    where w.id = ${workflowId}`;
  if (!row) return null;
  const role = z.enum(SHARE_ROLES).nullable().catch(null).parse(row.role);
  return { ownerId: row.owner_id === null ? null : String(row.owner_id), share: role };
}

/** Ids of workflows the user owns or that are shared with them, with the share's role (owned: editor). */
export async function reachableWorkflows(sql: Sql, userId: string): Promise<Map<string, ShareRole>> {
  const rows = await sql`
    select id, 'editor' as role from workflows where owner_id = ${userId}
    union all
    select workflow_id, role from workflow_shares where user_id = ${userId}`;
  const out = new Map<string, ShareRole>();
  for (const r of rows) {
    const role = r.role === 'editor' ? 'editor' : 'viewer';
    if (out.get(String(r.id)) !== 'editor') out.set(String(r.id), role);
  }
  return out;
}

export async function setWorkflowOwner(sql: Sql, workflowId: string, ownerId: string | null): Promise<void> {
  await sql`update workflows set owner_id = ${ownerId} where id = ${workflowId}`;
}

/** The workflow's owner (null: the instance's) and the people it is shared with, by name. */
export async function workflowSharing(sql: Sql, workflowId: string): Promise<{ owner: Person | null; shares: WorkflowShare[] }> {
  const [owner] = await sql`
    select u.id, u.name, u.email from workflows w join users u on u.id = w.owner_id where w.id = ${workflowId}`;
  const rows = await sql`
    select u.id, u.name, u.email, s.role from workflow_shares s join users u on u.id = s.user_id
    where s.workflow_id = ${workflowId} order by lower(u.name), u.id`;
  return {
    owner: owner ? { userId: String(owner.id), name: String(owner.name), email: String(owner.email) } : null,
    shares: rows.map((r) => ({
      userId: String(r.id),
      name: String(r.name),
      email: String(r.email),
      role: r.role === 'editor' ? 'editor' : 'viewer',
    })),
  };
}

/** Replaces the workflow's share list in one transaction. */
export async function replaceWorkflowShares(
  sql: Sql,
  workflowId: string,
  shares: Array<{ userId: string; role: ShareRole }>,
): Promise<void> {
  await sql.begin(async (tx) => {
    await tx`delete from workflow_shares where workflow_id = ${workflowId}`;
    for (const s of shares) {
      await tx`insert into workflow_shares (workflow_id, user_id, role) values (${workflowId}, ${s.userId}, ${s.role})`;
    }
  });
}

/** The credential's owner id (null: the instance's) and whether the user is allowed to use it, or null if it doesn't exist. */
export async function credentialAccessRow(
  sql: Sql,
  credentialId: string,
  userId: string,
): Promise<{ ownerId: string | null; granted: boolean } | null> {
  const [row] = await sql`
    select c.owner_id, exists(select 1 from credential_grants g where g.credential_id = c.id and g.user_id = ${userId}) as granted
    from credentials c where c.id = ${credentialId}`;
  if (!row) return null;
  return { ownerId: row.owner_id === null ? null : String(row.owner_id), granted: Boolean(row.granted) };
}

/** Ids of credentials the user owns or is allowed to use. */
export async function usableCredentialIds(sql: Sql, userId: string): Promise<Set<string>> {
  const rows = await sql`
    select id from credentials where owner_id = ${userId}
    union select credential_id from credential_grants where user_id = ${userId}`;
  return new Set(rows.map((r) => String(r.id)));
}

/** Ids of credentials the user owns. */
export async function ownedCredentialIds(sql: Sql, userId: string): Promise<Set<string>> {
  const rows = await sql`select id from credentials where owner_id = ${userId}`;
  return new Set(rows.map((r) => String(r.id)));
}

export async function setCredentialOwner(sql: Sql, credentialId: string, ownerId: string | null): Promise<void> {
  await sql`update credentials set owner_id = ${ownerId} where id = ${credentialId}`;
}

export async function credentialSharing(sql: Sql, credentialId: string): Promise<{ owner: Person | null; allowed: Person[] }> {
  const [owner] = await sql`
    select u.id, u.name, u.email from credentials c join users u on u.id = c.owner_id where c.id = ${credentialId}`;
  const rows = await sql`
    select u.id, u.name, u.email from credential_grants g join users u on u.id = g.user_id
    where g.credential_id = ${credentialId} order by lower(u.name), u.id`;
  return {
    owner: owner ? { userId: String(owner.id), name: String(owner.name), email: String(owner.email) } : null,
    allowed: rows.map((r) => ({ userId: String(r.id), name: String(r.name), email: String(r.email) })),
  };
}

export async function replaceCredentialGrants(sql: Sql, credentialId: string, userIds: string[]): Promise<void> {
  await sql.begin(async (tx) => {
    await tx`delete from credential_grants where credential_id = ${credentialId}`;
    for (const userId of new Set(userIds)) {
      await tx`insert into credential_grants (credential_id, user_id) values (${credentialId}, ${userId})`;
    }
  });
}

/** The owner of each of these workflows (for runs started without a person: webhooks, schedules). */
export async function workflowOwnerId(sql: Sql, workflowId: string): Promise<string | null> {
  const [row] = await sql`select owner_id from workflows where id = ${workflowId}`;
  return row?.owner_id == null ? null : String(row.owner_id);
}

/** The run's workflow id (null: a run of an unsaved document), or undefined when there is no such run. */
export async function runWorkflowId(sql: Sql, runId: string): Promise<string | null | undefined> {
  const [row] = await sql`select workflow_id from runs where id = ${runId}`;
  if (!row) return undefined;
  return row.workflow_id === null ? null : String(row.workflow_id);
}

/** Run id → workflow id for the runs that exist among these. */
export async function runsWorkflowIds(sql: Sql, runIds: string[]): Promise<Map<string, string | null>> {
  if (runIds.length === 0) return new Map();
  const rows = await sql`select id, workflow_id from runs where id in ${sql(runIds)}`;
  return new Map(rows.map((r) => [String(r.id), r.workflow_id === null ? null : String(r.workflow_id)]));
}

/** The workflow a tracked field belongs to, or null when there is no such field. */
export async function trackedFieldWorkflowId(sql: Sql, trackedId: string): Promise<string | null> {
  const [row] = await sql`select workflow_id from tracked_fields where id = ${trackedId}`;
  return row ? String(row.workflow_id) : null;
}

/** Whose rights a run uses: its workflow's owner (null: the instance's, or a run of an unsaved document). */
export async function runOwner(
  sql: Sql,
  runId: string,
): Promise<{ workflowId: string | null; workflowName: string | null; owner: { id: string; name: string; role: string } | null }> {
  const [row] = await sql`
    select r.workflow_id, w.name as workflow_name, u.id as user_id, u.name as user_name, u.role
    from runs r left join workflows w on w.id = r.workflow_id left join users u on u.id = w.owner_id
    where r.id = ${runId}`;
  if (!row) return { workflowId: null, workflowName: null, owner: null };
  return {
    workflowId: row.workflow_id === null ? null : String(row.workflow_id),
    workflowName: row.workflow_name === null ? null : String(row.workflow_name),
    owner: row.user_id === null ? null : { id: String(row.user_id), name: String(row.user_name), role: String(row.role) },
  };
}

/** Names of these credentials (those that exist), by id. */
export async function credentialNames(sql: Sql, ids: string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await sql`select id, name from credentials where id in ${sql(ids)}`;
  return new Map(rows.map((r) => [String(r.id), String(r.name)]));
}

/**
 * Gives the first owner the workflows, credentials and browser profiles made before anyone signed in (an instance
 * upgraded from a version without sign-in has no owner when its migration runs).
 */
export async function adoptOwnerless(sql: Sql, userId: string): Promise<{ workflows: number; credentials: number; profiles: number }> {
  const workflows = await sql`update workflows set owner_id = ${userId} where owner_id is null`;
  const credentials = await sql`update credentials set owner_id = ${userId} where owner_id is null`;
  const profiles = await sql`update browser_profiles set owner_id = ${userId} where owner_id is null`;
  return { workflows: workflows.count, credentials: credentials.count, profiles: profiles.count };
}
