/** "Track this value" and the Results page: tracked fields with their names, their values over runs. */
import type { Sql } from 'postgres';
import { currentWorkflows } from '../db/dashboard';
import { trackedFieldWorkflowId } from '../db/sharing';
import { trackedFieldsOf, trackedSeries, trackField, untrackField, type TrackedField } from '../db/tracked';
import { workflowName } from '../db/workflows';

export type { TrackedField };

/** The tracked fields (of one workflow, or all), each with its workflow's and step's names. */
export async function namedTrackedFields(sql: Sql, workflowId: string | undefined, keep: (fields: TrackedField[]) => TrackedField[]) {
  const fields = keep(await trackedFieldsOf(sql, workflowId));
  const workflows = new Map((await currentWorkflows(sql)).map((w) => [w.id, w]));
  return fields.map((f) => {
    const wf = workflows.get(f.workflowId);
    const step = wf?.document.nodes.find((n) => n.id === f.nodeId);
    return {
      ...f,
      workflowName: wf?.name ?? '',
      stepName: step?.name ?? '(a removed step)',
      shownAs: f.label || `${step?.name ?? 'Step'}: ${f.field}`,
    };
  });
}

/** The workflow a tracked field belongs to; null when the field is unknown. */
export const fieldWorkflowId = (sql: Sql, id: string) => trackedFieldWorkflowId(sql, id);

/** Whether the workflow is saved (only saved workflows track values). */
export const workflowExists = async (sql: Sql, workflowId: string) => (await workflowName(sql, workflowId)) !== null;

export const track = (sql: Sql, input: Omit<TrackedField, 'id'>) => trackField(sql, input);

export const untrack = (sql: Sql, id: string) => untrackField(sql, id);

/** The newest values of one tracked field, oldest first, with min, max and last. */
export async function seriesOf(sql: Sql, id: string, limit: number, since?: Date) {
  const points = await trackedSeries(sql, id, limit, since);
  const values = points.map((p) => p.value);
  return {
    points,
    min: values.length ? Math.min(...values) : null,
    max: values.length ? Math.max(...values) : null,
    last: values.at(-1) ?? null,
  };
}
