/**
 * ctx.subflows for one step of one run: starts a saved workflow as a child run and, when the
 * step waits, runs it right here in the parent's job (so parents waiting for children never
 * hold every worker slot), then reads the child's result. Child ids are derived from the parent
 * (server/db/subflow-runs.ts): a resumed parent finds a finished child's result instead of
 * running it again, and resumes an unfinished one from its stored steps.
 */
import type { Sql } from 'postgres';
import type { WorkflowDocument } from '../../core/document';
import { roundDocument } from '../../core/loop-body';
import type { Item } from '../../nodes/types';
import type { SubflowAccess, SubflowCall, SubflowResult } from '../../nodes/lib/subflow-types';
import { buildGraph } from '../../core/graph';
import { loadSettledStates } from '../db/run-store';
import { childRunId, childRunStatus, insertChildRun, loadCallableWorkflow, type CallableWorkflow } from '../db/subflow-runs';

/** Workflows calling workflows deeper than this stop with a message (endless recursion). */
export const MAX_CALL_DEPTH = 10;

export interface SubflowParent {
  sql: Sql;
  runId: string;
  nodeId: string;
  /** 0 for a run nobody called. */
  depth: number;
  /** The parent run's document as stored: where a repeated group of steps comes from. */
  document: WorkflowDocument;
  workflow: { id: string | null; name: string };
  /** Runs (or resumes) a child run to its end in this process. */
  runChild(runId: string): Promise<unknown>;
}

function triggerOf(workflow: CallableWorkflow): string {
  const trigger = workflow.document.nodes.find((n) => n.type === 'workflow-trigger');
  if (!trigger) {
    throw new Error(`"${workflow.name}" does not start with "Called by another workflow": add that step to it as its start.`);
  }
  return trigger.id;
}

/** The step whose output is the result: the one asked for, else the last step (in graph order) that has no step after it. */
async function resultOf(sql: Sql, runId: string, workflow: CallableWorkflow, outputStep: string | undefined): Promise<Item[]> {
  const states = await loadSettledStates(sql, runId);
  const graph = buildGraph(workflow.document);
  if (outputStep) {
    if (!graph.nodes.has(outputStep)) throw new Error(`"${workflow.name}" has no step with the id "${outputStep}" (Result from step).`);
    return states.get(outputStep)?.outputs?.main ?? [];
  }
  const ends = graph.order.filter((id) => graph.outgoing.get(id)?.length === 0 && states.get(id)?.status === 'succeeded');
  const last = ends.at(-1);
  return last ? (states.get(last)?.outputs?.main ?? []) : [];
}

function errorText(error: unknown): string | undefined {
  if (error && typeof error === 'object' && 'message' in error) return String((error as { message: unknown }).message);
  return undefined;
}

async function savedWorkflow(sql: Sql, workflowId: string): Promise<{ workflow: CallableWorkflow; triggerNodeId: string }> {
  const workflow = await loadCallableWorkflow(sql, workflowId);
  if (!workflow) throw new Error(`The workflow "${workflowId}" does not exist any more. Choose another in "Workflow to run".`);
  return { workflow, triggerNodeId: triggerOf(workflow) };
}

/**
 * The calling step's own group of steps as a workflow of its own: made from the parent run's
 * stored document, so every round (and a resumed one) runs the same steps.
 */
function groupOf(parent: SubflowParent): { workflow: CallableWorkflow; triggerNodeId: string } {
  const round = roundDocument(parent.document, parent.nodeId);
  if (!round)
    throw new Error(
      'This step repeats no group of steps. Select the steps to repeat on the canvas and choose “Repeat these steps until…”.',
    );
  return {
    // No workflow id: rounds are parts of the caller's run, not runs of its workflow (its run lists, last run and alerts stay its own).
    workflow: { id: null, name: parent.workflow.name, version: null, document: round.document },
    triggerNodeId: round.startId,
  };
}

export function subflowAccess(parent: SubflowParent): SubflowAccess {
  return {
    async call(call: SubflowCall): Promise<SubflowResult> {
      if (parent.depth + 1 > MAX_CALL_DEPTH) {
        throw new Error(
          `Workflows call other workflows more than ${MAX_CALL_DEPTH} deep here. Check that no workflow calls itself (or one that calls it back) without an end.`,
        );
      }
      const { workflow, triggerNodeId } = call.steps ? groupOf(parent) : await savedWorkflow(parent.sql, call.workflowId);
      const id = childRunId(parent.runId, parent.nodeId, call.key);
      const link = {
        runId: parent.runId,
        nodeId: parent.nodeId,
        depth: parent.depth + 1,
        key: call.key,
        ...(call.steps ? { steps: true } : {}),
      };
      const payload = { items: call.items, parent: link };
      await insertChildRun(parent.sql, { id, workflow, triggerNodeId, payload, queue: !call.wait });
      if (!call.wait) return { runId: id, status: 'started', items: [] };

      let state = await childRunStatus(parent.sql, id);
      if (state && state.status !== 'succeeded' && state.status !== 'failed' && state.status !== 'cancelled') {
        await parent.runChild(id);
        state = await childRunStatus(parent.sql, id);
      }
      const status = state?.status;
      if (status === 'succeeded') return { runId: id, status, items: await resultOf(parent.sql, id, workflow, call.outputStep) };
      if (status === 'failed' || status === 'cancelled') return { runId: id, status, items: [], error: errorText(state?.error) };
      throw new Error(`The called run ${id} did not finish (${status ?? 'missing'}).`);
    },
  };
}

/** How deep a run is in a chain of calls: its caller's depth, stored in its trigger payload. */
export function callDepthOf(triggerKind: string, payload: unknown): number {
  if (triggerKind !== 'workflow' || !payload || typeof payload !== 'object') return 0;
  const parent = (payload as { parent?: { depth?: unknown } }).parent;
  return typeof parent?.depth === 'number' ? parent.depth : 0;
}
