/**
 * Importing a workflow file as a new workflow and exporting a saved one as a file (the editor's
 * Import and Export). The file format itself lives in workflow-files.ts; this module brings in
 * what the format needs from the database: credential and browser profile names, the settings'
 * variables, and the audit record of an import.
 */
import { assertMayUseCredentials, credentialsUsableBy } from '../auth/access';
import { assertMayUseProfiles, inProfileScope, profileScope } from '../auth/profile-access';
import type { Principal } from '../auth/principal';
import { recordAudit } from '../audit/record';
import type { AppContext } from '../context';
import { sealTypedSecrets } from '../credentials/step-secrets-at-rest';
import { listProfileNames } from '../db/browser-profiles';
import { listCredentialNames } from '../db/credentials';
import { createWorkflow, getWorkflow } from '../db/workflows';
import { NotFoundError } from '../errors';
import { readSettings } from '../settings/service';
import { type FileProblem, missingVariableProblems, parseWorkflowFile, serializeWorkflow } from './workflow-files';

export interface ImportRequest {
  text: string;
  /** Import even when the file has problems (they come back with the new workflow). */
  allowProblems: boolean;
  /** Credential named in the file → credential id here. */
  credentialMap: Record<string, string>;
  /** Browser profile name in the file → profile id here; by default the profile of the same name. */
  profileMap: Record<string, string>;
}

export type ImportResult =
  | { imported: false; id: null; problems: FileProblem[]; notes: string[] }
  | { imported: true; id: string; problems: FileProblem[]; notes: string[] };

/** Stores the file as a new workflow owned by `principal`, unless it has problems and they are not allowed. */
export async function importWorkflowFile(ctx: AppContext, principal: Principal, request: ImportRequest): Promise<ImportResult> {
  // Only the asker's usable credentials are matched by name; one named by id must be usable too.
  const available = await credentialsUsableBy(ctx, principal, await listCredentialNames(ctx.sql));
  // Likewise profiles: a file naming "Shop login" must not pick up someone else's profile of that name.
  const profiles = {
    available: inProfileScope(await profileScope(ctx, principal), await listProfileNames(ctx.db)),
    map: request.profileMap,
  };
  const parsed = parseWorkflowFile(request.text, ctx.lookup, { available, map: request.credentialMap }, profiles);
  if (!parsed.document || (!parsed.ok && !request.allowProblems)) {
    return { imported: false, id: null, problems: parsed.problems, notes: parsed.notes ?? [] };
  }
  await assertMayUseCredentials(ctx, principal, parsed.document);
  await assertMayUseProfiles(ctx, principal, parsed.document);
  const wf = await createWorkflow(ctx.db, await sealTypedSecrets(parsed.document, ctx.lookup, ctx.keys), {
    ownerId: principal.userId,
  });
  await recordAudit(
    { ...ctx, principal },
    { action: 'workflow.import', target: { type: 'workflow', id: wf.id, name: parsed.document.name } },
  );
  const { settings } = await readSettings(ctx.sql);
  const variables = missingVariableProblems(
    parsed.document,
    settings.variables.map((v) => v.name),
  );
  return { imported: true, id: wf.id, problems: [...parsed.problems, ...variables], notes: parsed.notes ?? [] };
}

/** The saved workflow as a file: its name as a file name, and the text in the chosen format. */
export async function exportWorkflowFile(
  ctx: AppContext,
  id: string,
  format: 'json' | 'yaml',
): Promise<{ fileName: string; text: string }> {
  const wf = await getWorkflow(ctx.db, id);
  if (!wf) throw new NotFoundError(`There is no workflow with the id "${id}".`);
  const slug =
    wf.document.name
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '') || 'workflow';
  const saved = await listCredentialNames(ctx.sql);
  return {
    fileName: `${slug}.${format === 'json' ? 'json' : 'yaml'}`,
    text: serializeWorkflow(wf.document, format, { lookup: ctx.lookup, saved, profiles: await listProfileNames(ctx.db) }),
  };
}
