/**
 * A finished run in words: a table of its nodes for people, and the failing node's error in a
 * sentence (the table alone makes users hunt for the red row).
 */
import type { WorkflowDocument } from '../../core/document';
import type { RunResult } from '../services/run-result';
import { formatDuration, formatTable } from './output';

/** One row per node of the document, in document order; nodes the run never reached say so. */
export function runTable(document: WorkflowDocument, result: RunResult): string {
  const rows = document.nodes.map((node) => {
    const view = result.nodes[node.id];
    if (!view) return [node.name, node.id, 'not run', '', ''];
    return [node.name, node.id, view.status, itemCount(view.outputCounts), formatDuration(view.durationMs)];
  });
  return formatTable(['NODE', 'ID', 'STATUS', 'ITEMS', 'TIME'], rows, [4]);
}

/** "3", or "3 (true 2, false 1)" when the node has several outputs. */
function itemCount(counts: Record<string, number>): string {
  const entries = Object.entries(counts);
  const total = entries.reduce((sum, [, n]) => sum + n, 0);
  if (entries.length < 2) return String(total);
  return `${total} (${entries.map(([handle, n]) => `${handle} ${n}`).join(', ')})`;
}

export function runSummary(result: RunResult): string {
  const warnings = Object.values(result.nodes).flatMap((node) => node.warnings.map((w) => `  ${node.name}: ${w.message}`));
  const summary = `Run ${result.runId} ${result.status} in ${formatDuration(result.durationMs)}`;
  if (warnings.length === 0) return `${summary}.`;
  return `${summary}, with ${warnings.length} ${warnings.length === 1 ? 'warning' : 'warnings'}:\n${warnings.join('\n')}`;
}

/** Why a run did not succeed, naming the node by its name and id. */
export function failureMessage(result: RunResult): string {
  if (result.status === 'cancelled') return `Run ${result.runId} was cancelled.`;
  const error = result.error;
  if (!error) return `Run ${result.runId} ${result.status}.`;
  const node = error.nodeId ? result.nodes[error.nodeId] : undefined;
  const where = error.nodeId ? ` at node "${node?.name ?? error.nodeId}" (${error.nodeId})` : '';
  const field = error.field ? `, field "${error.field}"` : '';
  return `The run failed${where}${field}: ${error.message}`;
}
