/**
 * A finished run as one plain object, per node id: what `taskmaster run --json` prints and what
 * the SDK's `run()` resolves with. Outputs are read in full from their pages.
 */
import type { Sql } from 'postgres';
import type { HandleItems } from '../../nodes/types';
import { getOutputPage, getRun } from '../db/runs';
import type { NodeError, RunStatus, StepWarning } from '../db/run-store';

export interface NodeResultView {
  name: string;
  type: string;
  status: string;
  attempts: number;
  durationMs: number | null;
  finishedAt: Date | null;
  outputCounts: Record<string, number>;
  output: HandleItems;
  error: NodeError | null;
  warnings: StepWarning[];
}

export interface RunResult {
  runId: string;
  workflowId: string | null;
  status: RunStatus;
  durationMs: number | null;
  error: (NodeError & { nodeId?: string }) | null;
  /** Step warnings in the run, all steps together ("finished with 1 warning"). */
  warningCount: number;
  nodes: Record<string, NodeResultView>;
}

export function countWarnings(nodes: Record<string, Pick<NodeResultView, 'warnings'>>): number {
  return Object.values(nodes).reduce((sum, node) => sum + node.warnings.length, 0);
}

export async function getRunResult(sql: Sql, runId: string, { withOutputs = true } = {}): Promise<RunResult | null> {
  const run = await getRun(sql, runId);
  if (!run) return null;
  const nodes: Record<string, NodeResultView> = {};
  for (const node of run.document.nodes) {
    const view = run.nodes[node.id];
    if (!view) continue;
    const output: HandleItems = {};
    if (withOutputs) {
      for (const [handle, count] of Object.entries(view.outputCounts)) {
        output[handle] = view.outputPaged
          ? ((await getOutputPage(sql, runId, node.id, handle, 0, count))?.items ?? [])
          : (view.outputPreview[handle] ?? []);
      }
    }
    nodes[node.id] = {
      name: node.name,
      type: node.type,
      status: view.status,
      attempts: view.attempt,
      durationMs: view.durationMs,
      finishedAt: view.finishedAt,
      outputCounts: view.outputCounts,
      output,
      error: view.error,
      warnings: view.warnings,
    };
  }
  return {
    runId,
    workflowId: run.workflowId,
    status: run.status,
    durationMs: run.durationMs,
    error: run.error,
    warningCount: countWarnings(nodes),
    nodes,
  };
}
