/**
 * Turning a workflow's automatic triggers on and off. Turning on checks first that the workflow
 * can run and that its webhook addresses are free, so problems show up at the switch, not as
 * silent triggers that never fire.
 */
import { getWorkflow, setWorkflowActive } from '../db/workflows';
import { validateGraph } from '../../core/validate';
import { InvalidWorkflowError } from '../errors';
import type { AppContext } from '../context';
import { webhookClashes } from './webhook-paths';

/** False when there is no such workflow; throws InvalidWorkflowError when it can't be turned on. */
export async function setWorkflowActiveChecked(ctx: AppContext, id: string, active: boolean): Promise<boolean> {
  if (active) {
    const wf = await getWorkflow(ctx.db, id);
    if (!wf) return false;
    const problems = [...validateGraph(wf.document, ctx.lookup), ...(await webhookClashes(ctx.sql, id, wf.document))];
    if (problems.length) throw new InvalidWorkflowError(problems);
  }
  return setWorkflowActive(ctx.db, id, active);
}
