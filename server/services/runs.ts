/**
 * Starting runs: a workflow is validated before it is queued, so a run never starts on a graph
 * the engine would refuse.
 */
import { restoreTypedSecrets } from '../../core/step-secrets';
import { sealTypedSecrets } from '../credentials/step-secrets-at-rest';
import type { WorkflowDocument } from '../../core/document';
import { validateGraph } from '../../core/validate';
import { loopBodies } from '../../core/loop-body';
import { createRun, getRun } from '../db/runs';
import { getWorkflow } from '../db/workflows';
import type { AppContext } from '../context';
import { InvalidWorkflowError, NotFoundError } from '../errors';

export interface StartOptions {
  /** Trigger payload: for the manual trigger, the input items. */
  input?: unknown;
  triggerKind?: string;
  triggerNodeId?: string;
}

/** Queues a run of a saved workflow's current version. */
export async function startWorkflowRun(ctx: AppContext, workflowId: string, options: StartOptions = {}): Promise<string> {
  const wf = await getWorkflow(ctx.db, workflowId);
  if (!wf) throw new NotFoundError(`There is no workflow with the id "${workflowId}".`);
  return startDocumentRun(ctx, wf.document, { ...options, workflowId, workflowVersion: wf.version });
}

/** Queues a run of a document (saved or not). */
export async function startDocumentRun(
  ctx: AppContext,
  document: WorkflowDocument,
  options: StartOptions & { workflowId?: string | null; workflowVersion?: number | null; startNodeId?: string; sourceRunId?: string } = {},
): Promise<string> {
  const problems = validateGraph(document, ctx.lookup);
  if (problems.length) throw new InvalidWorkflowError(problems);
  if (options.triggerNodeId) {
    const trigger = document.nodes.find((n) => n.id === options.triggerNodeId);
    if (!trigger || ctx.lookup(trigger.type)?.category !== 'trigger') {
      throw new InvalidWorkflowError([
        { code: 'missing-node', nodeId: options.triggerNodeId, message: `"${options.triggerNodeId}" is not a trigger of this workflow.` },
      ]);
    }
  }
  return createRun(ctx.sql, {
    workflowId: options.workflowId ?? null,
    workflowVersion: options.workflowVersion ?? null,
    // Each run keeps a copy of its document: secrets typed into steps are stored encrypted.
    document: await sealTypedSecrets(document, ctx.lookup, ctx.keys),
    triggerKind: options.triggerKind ?? 'manual',
    triggerNodeId: options.triggerNodeId ?? null,
    triggerPayload: options.input,
    startNodeId: options.startNodeId ?? null,
    sourceRunId: options.sourceRunId ?? null,
  });
}

/** Runs the same document with the same trigger event again, as a new run. */
export async function retryRun(ctx: AppContext, runId: string): Promise<string> {
  const run = await getRun(ctx.sql, runId);
  if (!run) throw new NotFoundError(`There is no run with the id "${runId}".`);
  return startDocumentRun(ctx, run.document, {
    workflowId: run.workflowId,
    workflowVersion: run.workflowVersion,
    triggerKind: run.triggerKind,
    input: run.triggerPayload,
  });
}

/**
 * Re-runs one node and everything after it, reusing an earlier run's results for the rest.
 * Uses the given document (the editor's current graph) so changes to the node take effect.
 */
export async function runFromNode(ctx: AppContext, sourceRunId: string, nodeId: string, document?: WorkflowDocument): Promise<string> {
  const source = await getRun(ctx.sql, sourceRunId);
  if (!source) throw new NotFoundError(`There is no run with the id "${sourceRunId}".`);
  // The editor's document holds the secret marker where steps have typed secrets: the run's own run.
  const doc = document ? restoreTypedSecrets(document, source.document, ctx.lookup) : source.document;
  if (!doc.nodes.some((n) => n.id === nodeId)) throw new NotFoundError('That step is not in this workflow (any more). Reload the page.');
  const repeatedBy = [...loopBodies(doc)].find(([, steps]) => steps.includes(nodeId))?.[0];
  if (repeatedBy !== undefined) {
    const name = (id: string) => doc.nodes.find((n) => n.id === id)?.name ?? id;
    const message = `“${name(nodeId)}” runs only in the rounds of “${name(repeatedBy)}”: use “Run from here” on it instead.`;
    throw new InvalidWorkflowError([{ nodeId, code: 'invalid-config', message }]);
  }
  return startDocumentRun(ctx, doc, {
    workflowId: source.workflowId,
    workflowVersion: document ? null : source.workflowVersion,
    triggerKind: source.triggerKind,
    input: source.triggerPayload,
    startNodeId: nodeId,
    sourceRunId,
  });
}
