/**
 * Per-workflow and per-credential rights, on top of the role (docs/auth.md):
 * - owners and admins (and the local CLI) reach every workflow and credential;
 * - an editor edits workflows they own or that are shared with them as editor, opens those
 *   shared as viewer, and doesn't see the rest at all (a 404, so ids of others' work don't leak);
 * - a viewer opens what is shared with them, read-only;
 * - a credential is used by its owner and the people allowed to use it; nobody reads it back.
 * Workflows and credentials without an owner (made before sign-in) are the instance's.
 */
import type { AppContext } from '../context';
import { credentialRefs } from '../../core/credential-fields';
import type { WorkflowDocument } from '../../core/document';
import {
  credentialAccessRow,
  credentialNames,
  ownedCredentialIds,
  reachableWorkflows,
  runsWorkflowIds,
  runWorkflowId,
  usableCredentialIds,
  workflowAccessRow,
} from '../db/sharing';
import type { Principal } from './principal';
import { hasRole } from '../../core/roles';

export type WorkflowRight = 'view' | 'edit';

/** Workflow ids a person reaches: every one, or these. */
export type WorkflowScope = { all: true } | { all: false; ids: string[] };

/** A right the person lacks: 404 when they may not even see the thing, 403 when they may only look. */
export class AccessDeniedError extends Error {
  constructor(
    readonly status: 403 | 404,
    message: string,
  ) {
    super(message);
  }
}

/** Owners, admins and the local CLI see and change everything. */
export function seesEverything(principal: Principal): boolean {
  return principal.via === 'local' || hasRole(principal.role, 'admin');
}

/** The person's right on a workflow: null when it doesn't exist or they may not see it. */
export async function workflowRight(ctx: AppContext, principal: Principal, workflowId: string): Promise<WorkflowRight | null> {
  const row = await workflowAccessRow(ctx.sql, workflowId, principal.userId);
  if (!row) return null;
  if (seesEverything(principal)) return 'edit';
  const canEdit = hasRole(principal.role, 'editor');
  if (row.ownerId === principal.userId) return canEdit ? 'edit' : 'view';
  if (row.share === 'editor') return canEdit ? 'edit' : 'view';
  if (row.share === 'viewer') return 'view';
  return null;
}

function noSuchWorkflow(id: string): AccessDeniedError {
  return new AccessDeniedError(404, `There is no workflow with the id "${id}".`);
}

/** Throws unless the person has `need` on the workflow (404 if they can't see it, 403 if they may only view it). */
export async function assertWorkflowRight(ctx: AppContext, principal: Principal, workflowId: string, need: WorkflowRight): Promise<void> {
  const right = await workflowRight(ctx, principal, workflowId);
  if (!right) throw noSuchWorkflow(workflowId);
  if (need === 'edit' && right !== 'edit') {
    throw new AccessDeniedError(403, 'You can view this workflow; ask its owner to edit.');
  }
}

/** The workflows a person reaches. */
export async function workflowScope(ctx: AppContext, principal: Principal): Promise<WorkflowScope> {
  if (seesEverything(principal)) return { all: true };
  return { all: false, ids: [...(await reachableWorkflows(ctx.sql, principal.userId)).keys()] };
}

export function inScope(scope: WorkflowScope, workflowId: string | null): boolean {
  if (scope.all) return true;
  return workflowId !== null && scope.ids.includes(workflowId);
}

/** Keeps the entries whose workflow the person reaches. */
export function filterToScope<T>(scope: WorkflowScope, items: T[], workflowOf: (item: T) => string | null): T[] {
  if (scope.all) return items;
  const ids = new Set(scope.ids);
  return items.filter((item) => {
    const id = workflowOf(item);
    return id !== null && ids.has(id);
  });
}

/**
 * Whether the user may use the credential in their steps. `userId` null: the instance itself
 * (a workflow without an owner), which may use every credential.
 */
export async function mayUseCredential(
  ctx: AppContext,
  user: { userId: string | null; seesEverything: boolean },
  credentialId: string,
): Promise<boolean> {
  if (user.userId === null || user.seesEverything) return true;
  const row = await credentialAccessRow(ctx.sql, credentialId, user.userId);
  if (!row) return true; // a missing credential fails later with its own message
  return row.ownerId === user.userId || row.granted;
}

/** Credential ids the person may use: every one, or these. */
export async function credentialScope(ctx: AppContext, principal: Principal): Promise<{ all: true } | { all: false; ids: Set<string> }> {
  if (seesEverything(principal)) return { all: true };
  return { all: false, ids: await usableCredentialIds(ctx.sql, principal.userId) };
}

/**
 * Throws unless the person has `need` on the run's workflow. Runs of unsaved documents (no
 * workflow) are reached only by those who see everything.
 */
export async function assertRunRight(ctx: AppContext, principal: Principal, runId: string, need: WorkflowRight): Promise<void> {
  const workflowId = await runWorkflowId(ctx.sql, runId);
  const missing = new AccessDeniedError(404, `There is no run with the id "${runId}".`);
  if (workflowId === undefined) throw missing;
  if (seesEverything(principal)) return;
  if (workflowId === null) throw missing;
  const right = await workflowRight(ctx, principal, workflowId);
  if (!right) throw missing;
  if (need === 'edit' && right !== 'edit')
    throw new AccessDeniedError(403, 'You can view this workflow and its runs; ask its owner to run or change them.');
}

/** Workflows whose runs the person may run again, stop or delete: every one, or these. */
export async function changeableWorkflows(
  ctx: AppContext,
  principal: Principal,
): Promise<{ all: true } | { all: false; ids: Set<string> }> {
  if (seesEverything(principal)) return { all: true };
  if (!hasRole(principal.role, 'editor')) return { all: false, ids: new Set() };
  const rights = await reachableWorkflows(ctx.sql, principal.userId);
  return { all: false, ids: new Set([...rights].filter(([, right]) => right === 'editor').map(([id]) => id)) };
}

/** The run ids among these whose workflow the person may change; the rest with a reason. */
export async function runsWithRight(
  ctx: AppContext,
  principal: Principal,
  runIds: string[],
): Promise<{ allowed: string[]; refused: Array<{ runId: string; reason: string }> }> {
  if (seesEverything(principal)) return { allowed: runIds, refused: [] };
  const owners = await runsWorkflowIds(ctx.sql, runIds);
  const rights = await reachableWorkflows(ctx.sql, principal.userId);
  const canEdit = hasRole(principal.role, 'editor');
  const allowed: string[] = [];
  const refused: Array<{ runId: string; reason: string }> = [];
  for (const runId of runIds) {
    const wf = owners.get(runId);
    const right = wf ? rights.get(wf) : undefined;
    if (right === 'editor' && canEdit) allowed.push(runId);
    else if (right) refused.push({ runId, reason: 'You can only view this run.' });
    else refused.push({ runId, reason: 'There is no such run.' });
  }
  return { allowed, refused };
}

export type CredentialRight = 'use' | 'manage';

/** Credential ids the person may change, delete and choose users for: every one, or these (the same rule as credentialRight). */
export async function managedCredentials(ctx: AppContext, principal: Principal): Promise<{ all: true } | { all: false; ids: Set<string> }> {
  if (seesEverything(principal)) return { all: true };
  if (!hasRole(principal.role, 'editor')) return { all: false, ids: new Set() };
  return { all: false, ids: await ownedCredentialIds(ctx.sql, principal.userId) };
}

/** The person's right on a saved credential: manage (owner, admins), use (allowed), or null (can't see it). */
export async function credentialRight(ctx: AppContext, principal: Principal, credentialId: string): Promise<CredentialRight | null> {
  const row = await credentialAccessRow(ctx.sql, credentialId, principal.userId);
  if (!row) return null;
  if (seesEverything(principal)) return 'manage';
  if (row.ownerId === principal.userId) return hasRole(principal.role, 'editor') ? 'manage' : 'use';
  return row.granted ? 'use' : null;
}

/** Throws unless the person has `need` on the credential (404 if they may not use it, 403 if they may only use it). */
export async function assertCredentialRight(
  ctx: AppContext,
  principal: Principal,
  credentialId: string,
  need: CredentialRight,
): Promise<void> {
  const right = await credentialRight(ctx, principal, credentialId);
  if (!right) throw new AccessDeniedError(404, `There is no saved credential with the id "${credentialId}" that you may use.`);
  if (need === 'manage' && right !== 'manage') {
    throw new AccessDeniedError(403, 'You may use this credential in your steps, but only its owner or an admin can change or delete it.');
  }
}

function credentialIdsOf(ctx: AppContext, document: WorkflowDocument): Set<string> {
  const ids = new Set<string>();
  for (const node of document.nodes) {
    const def = ctx.lookup(node.type);
    if (def) for (const ref of credentialRefs(def, node.config)) ids.add(ref.id);
  }
  return ids;
}

/**
 * The saved credentials `principal` may use, as an import or a template matches them by name:
 * a workflow made from a file or a template must not pick up someone else's credential.
 */
export async function credentialsUsableBy<T extends { id: string }>(ctx: AppContext, principal: Principal, all: T[]): Promise<T[]> {
  if (seesEverything(principal)) return all;
  const usable = await usableCredentialIds(ctx.sql, principal.userId);
  return all.filter((c) => usable.has(c.id));
}

/**
 * Throws (403) when the document picks a saved credential the person may not use. Credentials
 * `previous` already picked are let through: an editor a workflow is shared with keeps the
 * owner's choices, but can't add credentials of their own choosing that they aren't allowed.
 */
export async function assertMayUseCredentials(
  ctx: AppContext,
  principal: Principal,
  document: WorkflowDocument,
  previous?: WorkflowDocument,
): Promise<void> {
  if (seesEverything(principal)) return;
  const before = previous ? credentialIdsOf(ctx, previous) : new Set<string>();
  const added = [...credentialIdsOf(ctx, document)].filter((id) => !before.has(id));
  if (added.length === 0) return;
  const usable = await usableCredentialIds(ctx.sql, principal.userId);
  // A credential that doesn't exist (deleted, or from an imported file) fails later in its own words.
  const names = await credentialNames(
    ctx.sql,
    added.filter((id) => !usable.has(id)),
  );
  const refused = [...names.keys()];
  if (refused.length === 0) return;
  const list = refused.map((id) => `"${names.get(id) ?? id}"`).join(', ');
  throw new AccessDeniedError(
    403,
    `You may not use the saved credential ${list}. Ask its owner to allow you on the Credentials page, or choose one of your own.`,
  );
}
