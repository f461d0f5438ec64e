/**
 * Starting a run for a trigger event. The document was validated when the trigger was loaded
 * (supervisor.ts), so a fire is one transaction: the run, its job, and the trigger's own
 * writes (fire record, state) when it has any. A fire with nothing to decide (a webhook) is
 * one statement, atomic by itself: no BEGIN and COMMIT round trips.
 */
import type { Sql } from 'postgres';
import { insertRun, type NewRun } from '../db/runs';
import type { FireDecision, TriggerTarget } from './types';

/** The run a trigger event starts. */
export function newRunFor(target: TriggerTarget, kind: string, payload: unknown): NewRun {
  return {
    workflowId: target.workflowId,
    workflowVersion: target.workflowVersion,
    document: target.document,
    triggerKind: kind,
    triggerNodeId: target.node.id,
    triggerPayload: payload,
  };
}

export function fireNow(sql: Sql, target: TriggerTarget, kind: string, payload: unknown): Promise<string> {
  return insertRun(sql, newRunFor(target, kind, payload));
}

export async function fireTrigger(sql: Sql, target: TriggerTarget, kind: string, decide: FireDecision): Promise<string | null> {
  return sql.begin(async (tx) => {
    const decision = await decide(tx);
    if (!decision) return null;
    const runId = await insertRun(tx, {
      workflowId: target.workflowId,
      workflowVersion: target.workflowVersion,
      document: target.document,
      triggerKind: kind,
      triggerNodeId: target.node.id,
      triggerPayload: decision.payload,
    });
    await decision.after?.(tx, runId);
    return runId;
  });
}
