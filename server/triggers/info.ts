/**
 * What the editor shows about a workflow's triggers: webhook addresses (and clashes), the next
 * times of schedules. Read from the saved version.
 */
import { inZone, nextFireTimes, scheduleConfig } from '../../nodes/schedule-trigger';
import { getWorkflow } from '../db/workflows';
import type { AppContext } from '../context';
import { NotFoundError } from '../errors';
import { WEBHOOK_PREFIX, WEBHOOK_TEST_PREFIX, webhookClashes, webhookPaths } from './webhook-paths';

export type SchedulePreview = { times: string[]; problem: null } | { times: []; problem: string };

/**
 * The next `count` fire times of a schedule config as typed in the form (saved or not), on the
 * clock of `zone` (the workflow's) when the config names none.
 */
export function schedulePreview(config: unknown, count = 5, from = new Date(), zone = 'UTC'): SchedulePreview {
  const parsed = scheduleConfig.safeParse(config);
  if (!parsed.success) return { times: [], problem: parsed.error.issues.map((i) => i.message).join(' ') };
  return { times: nextFireTimes(inZone(parsed.data, zone), from, count).map((t) => t.toISOString()), problem: null };
}

export interface WebhookInfo {
  nodeId: string;
  /** Relative to the server's address, e.g. /webhook/orders. */
  url: string;
  testUrl: string;
  method: string;
  /** Why this address can't be used (another active workflow has it), or null. */
  problem: string | null;
}

export interface TriggerInfo {
  active: boolean;
  webhooks: WebhookInfo[];
  schedules: Array<{ nodeId: string } & SchedulePreview>;
}

export async function triggerInfo(ctx: AppContext, workflowId: string): Promise<TriggerInfo> {
  const wf = await getWorkflow(ctx.db, workflowId);
  if (!wf) throw new NotFoundError(`There is no workflow with the id "${workflowId}".`);
  const clashes = await webhookClashes(ctx.sql, workflowId, wf.document);
  const webhooks = webhookPaths(wf.document).map((hook) => {
    const encoded = hook.path.split('/').map(encodeURIComponent).join('/');
    return {
      nodeId: hook.nodeId,
      url: `${WEBHOOK_PREFIX}${encoded}`,
      testUrl: `${WEBHOOK_TEST_PREFIX}${encoded}`,
      method: hook.method,
      problem: clashes.find((p) => p.nodeId === hook.nodeId)?.message ?? null,
    };
  });
  const schedules = wf.document.nodes
    .filter((n) => n.type === 'schedule-trigger' && !n.disabled)
    .map((n) => ({ nodeId: n.id, ...schedulePreview(n.config) }));
  return { active: wf.active, webhooks, schedules };
}
