/**
 * The answer of a webhook set to respond when the workflow is done: the output items of the
 * chosen node (by default the last node that ran), or the run's error.
 */
import type { Sql } from 'postgres';
import type { Item } from '../../nodes/types';
import { waitForRun } from '../db/runs';
import type { WorkflowDocument } from '../engine/document';
import { buildGraph, topologicalOrder } from '../engine/graph';
import { getRunResult, type NodeResultView } from '../services/run-result';

export interface WebhookAnswer {
  status: number;
  body: unknown;
}

/** The node whose output answers: the configured one, else the last succeeded one in graph order. */
export function answerNodeId(doc: WorkflowDocument, chosen: string, statusOf: (nodeId: string) => string | undefined): string | null {
  if (chosen !== '') return chosen;
  const { order } = topologicalOrder(buildGraph(doc));
  for (let i = order.length - 1; i >= 0; i--) if (statusOf(order[i]) === 'succeeded') return order[i];
  return null;
}

/** The items a node gave: its main output, else its first output that has items. */
export function answerItems(node: NodeResultView): Item[] {
  if (node.output.main) return node.output.main;
  return Object.values(node.output).find((items) => items.length > 0) ?? [];
}

export async function answerWhenDone(sql: Sql, runId: string, doc: WorkflowDocument, chosenNodeId: string, timeoutMs: number): Promise<WebhookAnswer> {
  try {
    await waitForRun(sql, runId, timeoutMs);
  } catch {
    return { status: 504, body: { error: `The workflow did not finish within ${Math.round(timeoutMs / 1000)} seconds. It keeps running; its run id is ${runId}.`, runId } };
  }
  const result = await getRunResult(sql, runId);
  if (!result) return { status: 500, body: { error: 'The run disappeared before it could answer (was the workflow deleted?).', runId } };
  if (result.status !== 'succeeded') {
    const message = result.status === 'cancelled' ? 'The run was cancelled.' : (result.error?.message ?? 'The workflow failed.');
    return { status: 500, body: { error: message, runId } };
  }
  const nodeId = answerNodeId(doc, chosenNodeId, (id) => result.nodes[id]?.status);
  const node = nodeId ? result.nodes[nodeId] : undefined;
  if (!node || node.status !== 'succeeded') {
    const name = doc.nodes.find((n) => n.id === nodeId)?.name ?? nodeId;
    return { status: 500, body: { error: `The node "${name}" that should give the answer did not run in this run.`, runId } };
  }
  return { status: 200, body: answerItems(node) };
}
