/**
 * Which webhook paths a document listens on, and clashes with the other active workflows:
 * checked when a workflow is turned on, and shown in the editor.
 */
import type { Sql } from 'postgres';
import { webhookConfig, webhookPathOf } from '../../nodes/webhook-trigger';
import type { Problem, WorkflowDocument } from '../../core/document';
import { loadActiveWorkflows } from './active';

export const WEBHOOK_PREFIX = '/webhook/';
export const WEBHOOK_TEST_PREFIX = '/webhook-test/';

export interface WebhookPath {
  nodeId: string;
  nodeName: string;
  path: string;
  method: string;
}

/** The paths of a document's webhook nodes (disabled nodes and unreadable settings left out). */
export function webhookPaths(doc: WorkflowDocument): WebhookPath[] {
  const out: WebhookPath[] = [];
  for (const node of doc.nodes) {
    if (node.type !== 'webhook-trigger' || node.disabled) continue;
    const parsed = webhookConfig.safeParse(node.config);
    if (parsed.success)
      out.push({ nodeId: node.id, nodeName: node.name, path: webhookPathOf(parsed.data, node.id), method: parsed.data.method });
  }
  return out;
}

/** Webhook paths of this document already used by another active workflow, or twice in it. */
export async function webhookClashes(sql: Sql, workflowId: string, doc: WorkflowDocument): Promise<Problem[]> {
  const mine = webhookPaths(doc);
  if (mine.length === 0) return [];
  const problems: Problem[] = [];
  const seen = new Map<string, WebhookPath>();
  for (const hook of mine) {
    const first = seen.get(hook.path);
    if (first) {
      problems.push({
        nodeId: hook.nodeId,
        field: 'path',
        code: 'invalid-config',
        message: `Webhooks "${first.nodeName}" and "${hook.nodeName}" both use the address /webhook/${hook.path}. Give one another path.`,
      });
    }
    seen.set(hook.path, hook);
  }
  for (const other of await loadActiveWorkflows(sql)) {
    if (other.id === workflowId || !other.document) continue;
    for (const theirs of webhookPaths(other.document)) {
      const hook = seen.get(theirs.path);
      if (!hook) continue;
      problems.push({
        nodeId: hook.nodeId,
        field: 'path',
        code: 'invalid-config',
        message: `Webhook "${hook.nodeName}": the address /webhook/${hook.path} is already used by the active workflow "${other.name}". Give this webhook another path.`,
      });
    }
  }
  return problems;
}
