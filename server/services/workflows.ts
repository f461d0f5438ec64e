/**
 * Workflows as the routers change them: typed-in secrets sealed before a document is stored
 * (restored from the saved version when the editor sent back the marker), the credentials it
 * names checked against the asker's, and every change audited.
 */
import { restoreTypedSecrets, withTypedSecretsReplaced } from '../../core/step-secrets';
import { workflowDocumentSchema, type Problem, type WorkflowDocument } from '../../core/document';
import { validateGraph } from '../../core/validate';
import { assertMayUseCredentials } from '../auth/access';
import { assertMayUseProfiles } from '../auth/profile-access';
import type { Principal } from '../auth/principal';
import { recordAudit } from '../audit/record';
import type { AppContext } from '../context';
import { sealTypedSecrets } from '../credentials/step-secrets-at-rest';
import { declaredInputs, loadCallableWorkflow } from '../db/subflow-runs';
import { createWorkflow, deleteWorkflow, getWorkflow, listVersions, listWorkflows, saveWorkflow, type Db } from '../db/workflows';

/** The asker owns what is created and is the audit entry's actor. */
type Asker = AppContext & { principal: Principal };

export const workflowsList = (db: Db) => listWorkflows(db);

export const workflowById = (db: Db, id: string, version?: number) => getWorkflow(db, id, version);

export const workflowVersions = (db: Db, id: string) => listVersions(db, id);

/** Creates from a document, or an empty workflow with just a name. */
export async function createFromDocument(ctx: Asker, input: { name?: string; document?: WorkflowDocument }) {
  // A secret marker here came from another workflow's page: it holds nothing, so it is emptied.
  const given = input.document
    ? restoreTypedSecrets(input.document, null, ctx.lookup)
    : workflowDocumentSchema.parse({ name: input.name ?? 'My workflow' });
  const document = await sealTypedSecrets(given, ctx.lookup, ctx.keys);
  await assertMayUseCredentials(ctx, ctx.principal, document);
  await assertMayUseProfiles(ctx, ctx.principal, document);
  const wf = await createWorkflow(ctx.db, document, { ownerId: ctx.principal.userId });
  await recordAudit(ctx, { action: 'workflow.create', target: { type: 'workflow', id: wf.id, name: document.name } });
  return { id: wf.id, version: wf.version };
}

/** Stores an imported document (typed secrets sealed) as a new workflow of the asker's; its credentials must be theirs to use. */
export async function createImported(ctx: Asker, document: WorkflowDocument) {
  await assertMayUseCredentials(ctx, ctx.principal, document);
  await assertMayUseProfiles(ctx, ctx.principal, document);
  return createWorkflow(ctx.db, await sealTypedSecrets(document, ctx.lookup, ctx.keys), { ownerId: ctx.principal.userId });
}

/** A new version; problems of the graph as typed come back with it. */
export async function saveDocument(
  ctx: Asker,
  input: { id: string; document: WorkflowDocument; expectedVersion?: number },
): Promise<
  { status: 'saved'; version: number; problems: Problem[] } | { status: 'missing' } | { status: 'conflict'; currentVersion: number }
> {
  const saved = (await getWorkflow(ctx.db, input.id))?.document;
  // The editor sends the secret marker back for secrets it was never shown: keep the saved ones.
  const typed = restoreTypedSecrets(input.document, saved, ctx.lookup);
  const document = await sealTypedSecrets(typed, ctx.lookup, ctx.keys);
  await assertMayUseCredentials(ctx, ctx.principal, document, saved);
  await assertMayUseProfiles(ctx, ctx.principal, document, saved);
  const result = await saveWorkflow(ctx.db, input.id, document, input.expectedVersion);
  if (result.status !== 'saved') return result;
  await recordAudit(ctx, {
    action: 'workflow.save',
    target: { type: 'workflow', id: input.id, name: input.document.name },
    details: { version: result.version },
  });
  // Checked as typed: once encrypted, a secret's format can't be checked.
  return { ...result, problems: validateGraph(typed, ctx.lookup) };
}

/** False when there is no such workflow. */
export async function deleteAudited(ctx: Asker, id: string): Promise<boolean> {
  const wf = await getWorkflow(ctx.db, id);
  if (!(await deleteWorkflow(ctx.db, id))) return false;
  await recordAudit(ctx, { action: 'workflow.delete', target: { type: 'workflow', id, name: wf?.name } });
  return true;
}

/**
 * The copy's id, owned by the asker; null when there is no such workflow. A copy is a new workflow
 * of the asker's, so it gets only what they could use themselves: the credentials it names are
 * checked as on create, and secrets typed into steps come along only for someone who may edit
 * the original. Before, a person the workflow was shared with to view could copy it and run the
 * copy, pointed at their own server, with the owner's credentials and typed secrets.
 */
export async function duplicate(ctx: Asker, id: string, right: 'view' | 'edit'): Promise<string | null> {
  const wf = await getWorkflow(ctx.db, id);
  if (!wf) return null;
  const source = right === 'edit' ? wf.document : withTypedSecretsReplaced(wf.document, ctx.lookup, () => '');
  const document = { ...source, name: `${wf.document.name} (copy)` };
  await assertMayUseCredentials(ctx, ctx.principal, document);
  await assertMayUseProfiles(ctx, ctx.principal, document);
  const copy = await createWorkflow(ctx.db, document, { ownerId: ctx.principal.userId });
  await recordAudit(ctx, { action: 'workflow.create', target: { type: 'workflow', id: copy.id, name: document.name } });
  return copy.id;
}

/** The new version (or the current one when nothing was saved); null when there is no such workflow. */
export async function rename(db: Db, id: string, name: string): Promise<number | null> {
  const wf = await getWorkflow(db, id);
  if (!wf) return null;
  const result = await saveWorkflow(db, id, { ...wf.document, name });
  return result.status === 'saved' ? result.version : wf.version;
}

/** The audit entry of turning a workflow on or off (triggers/activation.ts does the turning: services/ stay below triggers/). */
export async function recordActivation(ctx: Asker, id: string, active: boolean): Promise<void> {
  const wf = await getWorkflow(ctx.db, id);
  await recordAudit(ctx, {
    action: active ? 'workflow.activate' : 'workflow.deactivate',
    target: { type: 'workflow', id, name: wf?.name },
  });
}

/** What a called workflow expects; null when there is no such workflow. */
export async function callInputsOf(ctx: AppContext, id: string) {
  const workflow = await loadCallableWorkflow(ctx.sql, id);
  return workflow ? { name: workflow.name, inputs: declaredInputs(workflow.document) } : null;
}
