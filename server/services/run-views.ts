/**
 * Runs as the routers read and change them: a run with its links to calling and called runs
 * (typed secrets masked), lists and pages of runs, stopping and deleting, and an editor's document
 * made ready to run.
 */
import { maskTypedSecrets, restoreTypedSecrets } from '../../core/step-secrets';
import type { WorkflowDocument } from '../../core/document';
import { assertMayUseCredentials } from '../auth/access';
import { assertMayUseProfiles } from '../auth/profile-access';
import type { Principal } from '../auth/principal';
import type { AppContext } from '../context';
import { cancelRun, getOutputPage, getRun, listRuns } from '../db/runs';
import { BadCursorError, cancelRuns, deleteRuns, listAllRuns, listTriggerKinds, runFilterSchema, type BulkResult } from '../db/runs-list';
import { loadRunLinks } from '../db/subflow-runs';
import { getWorkflow } from '../db/workflows';
import { currentVersionIfSame } from './history';

export { BadCursorError, runFilterSchema, type BulkResult };
export { cancelRun, cancelRuns, deleteRuns, getOutputPage, listAllRuns, listRuns, listTriggerKinds };

/** The run with its links (typed secrets masked); null when there is no such run. */
export async function runWithLinks(ctx: AppContext, runId: string) {
  const run = await getRun(ctx.sql, runId);
  if (!run) return null;
  const links = await loadRunLinks(ctx.sql, run.id, run.triggerKind, run.triggerPayload);
  return { ...run, document: maskTypedSecrets(run.document, ctx.lookup), links };
}

/**
 * An editor's document ready to run: the secrets typed into the saved version put back in place
 * of their markers, its credentials checked against the asker's, and the saved version's number
 * when it is unchanged (so the run links to it in the history).
 */
export async function documentToRun(ctx: AppContext & { principal: Principal }, workflowId: string | undefined, given: WorkflowDocument) {
  // Unsaved changes may pick credentials: only those the person may use (saved ones stay as they were).
  const saved = workflowId ? (await getWorkflow(ctx.db, workflowId))?.document : undefined;
  // The editor holds the secret marker, not the secrets typed into steps: the saved ones run.
  const document = restoreTypedSecrets(given, saved, ctx.lookup);
  await assertMayUseCredentials(ctx, ctx.principal, document, saved);
  await assertMayUseProfiles(ctx, ctx.principal, document, saved);
  const workflowVersion = workflowId ? await currentVersionIfSame(ctx.db, workflowId, document) : null;
  return { document, workflowVersion };
}
