/**
 * What a share link shows: the workflow read-only, without pinned data, credentials or secrets,
 * and the same as a file to download or copy into one's own workflows.
 */
import { getShareLink } from '../db/share-links';
import { createWorkflow, getWorkflow } from '../db/workflows';
import type { WorkflowDocument } from '../../core/document';
import type { AppContext } from '../context';
import { portableDocument } from './portable';
import { FEATURE_OFF_TEXT } from '../../core/features';
import { readSettings } from '../settings/service';
import { NotFoundError } from '../errors';

export interface SharedWorkflow {
  name: string;
  description: string;
  version: number;
  document: WorkflowDocument;
  fileName: string;
  /** The document as a JSON workflow file, for "Download". */
  text: string;
}

export type ShareLookup = { status: 'ok'; workflow: SharedWorkflow } | { status: 'revoked' } | { status: 'missing' } | { status: 'off' };

export const LINK_TURNED_OFF = 'This link was turned off. Ask the person who shared it for a new one.';
export const NO_SUCH_LINK = 'There is no shared workflow at this address. Check that the link is complete.';

export async function readSharedWorkflow(ctx: AppContext, token: string): Promise<ShareLookup> {
  // Switched off (Settings → Features): every link says so, and comes back when it is on again.
  if (!(await readSettings(ctx.sql)).settings.shareLinksEnabled) return { status: 'off' };
  const link = await getShareLink(ctx.db, token);
  if (!link) return { status: 'missing' };
  if (link.revokedAt) return { status: 'revoked' };
  const wf = await getWorkflow(ctx.db, link.workflowId);
  if (!wf) return { status: 'missing' };
  const document = portableDocument(wf.document, ctx.lookup);
  const slug =
    document.name
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '') || 'workflow';
  return {
    status: 'ok',
    workflow: {
      name: document.name,
      description: document.description,
      version: wf.version,
      document,
      fileName: `${slug}.json`,
      text: `${JSON.stringify(document, null, 2)}\n`,
    },
  };
}

/** The shared workflow, or a NotFoundError saying why there is none. */
export async function sharedWorkflowOrThrow(ctx: AppContext, token: string): Promise<SharedWorkflow> {
  const found = await readSharedWorkflow(ctx, token);
  if (found.status === 'ok') return found.workflow;
  throw new NotFoundError(
    found.status === 'revoked' ? LINK_TURNED_OFF : found.status === 'off' ? FEATURE_OFF_TEXT.shareLinksEnabled : NO_SUCH_LINK,
  );
}

/** "Copy to my workflows": a new workflow from the shared one. */
export async function copySharedWorkflow(ctx: AppContext, token: string, ownerId: string | null = null): Promise<{ id: string }> {
  const shared = await sharedWorkflowOrThrow(ctx, token);
  const wf = await createWorkflow(ctx.db, { ...shared.document, name: `${shared.name} (copy)` }, { ownerId });
  return { id: wf.id };
}
