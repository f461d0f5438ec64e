/**
 * The home dashboard in one read: runs per status over time, per-workflow success and run
 * times, workflows failing now, the next scheduled runs, active triggers by kind, browser
 * profiles in use, and credentials with their use and the rate limits their services reported.
 */
import { holderOf } from '../browser/profile-lock';
import { listProfiles } from '../db/browser-profiles';
import { listCredentialRows } from '../db/credentials';
import {
  currentWorkflows,
  failingWorkflows,
  runsByStatus,
  stepUsage,
  workflowStats,
  type CurrentWorkflow,
  type DashboardRange,
} from '../db/dashboard';
import { credentialRefs } from '../../core/credential-fields';
import { filterToScope, type WorkflowScope } from '../auth/access';
import type { AppContext } from '../context';
import { scheduledTriggers } from './scheduled';

/** A reported limit this close to used up (share of the limit left) is shown as a warning. */
export const RATE_LIMIT_WARNING_SHARE = 0.1;

export interface CredentialUse {
  id: string;
  name: string;
  type: string;
  /** Steps (in any workflow) that use it. */
  steps: number;
  /** Times those steps ran in the last 24 hours. */
  callsToday: number;
  tokensToday: number;
  rateLimit: { remaining: number; limit: number | null; resetsAt: string | null } | null;
  /** Remaining is at or below RATE_LIMIT_WARNING_SHARE of the limit. */
  nearLimit: boolean;
}

function rateLimitOf(raw: unknown): CredentialUse['rateLimit'] {
  if (!raw || typeof raw !== 'object') return null;
  const r = raw as Record<string, unknown>;
  if (typeof r.remaining !== 'number') return null;
  return {
    remaining: r.remaining,
    limit: typeof r.limit === 'number' ? r.limit : null,
    resetsAt: typeof r.resetsAt === 'string' ? r.resetsAt : null,
  };
}

function triggerCounts(workflows: CurrentWorkflow[], ctx: AppContext): Array<{ type: string; name: string; count: number }> {
  const counts = new Map<string, number>();
  for (const wf of workflows) {
    if (!wf.active) continue;
    for (const node of wf.document.nodes) {
      if (node.disabled || ctx.lookup(node.type)?.category !== 'trigger') continue;
      counts.set(node.type, (counts.get(node.type) ?? 0) + 1);
    }
  }
  return [...counts]
    .map(([type, count]) => ({ type, name: ctx.lookup(type)?.displayName ?? type, count }))
    .sort((a, b) => b.count - a.count);
}

async function profilesInUse(ctx: AppContext, workflows: CurrentWorkflow[]) {
  const usedBy = new Map<string, Set<string>>();
  for (const wf of workflows) {
    for (const node of wf.document.nodes) {
      const id = node.type === 'browser-open' && typeof node.config.profileId === 'string' ? node.config.profileId : '';
      if (id) usedBy.set(id, (usedBy.get(id) ?? new Set()).add(wf.name));
    }
  }
  const profiles = await listProfiles(ctx.db);
  return Promise.all(
    profiles.map(async (p) => {
      const holder = await holderOf(ctx.sql, p.id);
      return {
        id: p.id,
        name: p.name,
        workflows: [...(usedBy.get(p.id) ?? [])].sort(),
        openNow: holder?.kind === 'run' ? holder.runId : null,
      };
    }),
  );
}

async function credentialUses(ctx: AppContext, workflows: CurrentWorkflow[]): Promise<CredentialUse[]> {
  const stepsOf = new Map<string, Array<{ workflowId: string; nodeId: string }>>();
  for (const wf of workflows) {
    for (const node of wf.document.nodes) {
      const def = ctx.lookup(node.type);
      if (!def) continue;
      for (const ref of credentialRefs(def, node.config)) {
        stepsOf.set(ref.id, [...(stepsOf.get(ref.id) ?? []), { workflowId: wf.id, nodeId: node.id }]);
      }
    }
  }
  const usage = await stepUsage(ctx.sql, [...stepsOf.values()].flat());
  const key = (s: { workflowId: string; nodeId: string }) => `${s.workflowId}/${s.nodeId}`;
  const byStep = new Map(usage.map((u) => [key(u), u]));
  return (await listCredentialRows(ctx.sql)).map((c) => {
    const uses = (stepsOf.get(c.id) ?? []).map((s) => byStep.get(key(s))).filter((u) => u !== undefined);
    const rateLimit = uses.map((u) => rateLimitOf(u.rateLimit)).find((r) => r !== null) ?? null;
    return {
      id: c.id,
      name: c.name,
      type: c.type,
      steps: stepsOf.get(c.id)?.length ?? 0,
      callsToday: uses.reduce((n, u) => n + u.calls, 0),
      tokensToday: uses.reduce((n, u) => n + u.tokens, 0),
      rateLimit,
      nearLimit: rateLimit !== null && rateLimit.limit !== null && rateLimit.remaining <= rateLimit.limit * RATE_LIMIT_WARNING_SHARE,
    };
  });
}

/**
 * `scope`: the workflows the person reaches (server/auth/access.ts); everything else is left
 * out of every part, counts included. `credentialIds`, `profileIds`: the credentials and browser
 * profiles they may use (all: undefined).
 */
export async function dashboard(
  ctx: AppContext,
  range: DashboardRange,
  scope: WorkflowScope = { all: true },
  credentialIds?: ReadonlySet<string>,
  profileIds?: ReadonlySet<string>,
) {
  const workflows = filterToScope(scope, await currentWorkflows(ctx.sql), (w) => w.id);
  const [buckets, allStats, allFailing, allScheduled, allProfiles, allCredentials] = await Promise.all([
    runsByStatus(ctx.sql, range, new Date(), scope.all ? undefined : scope.ids),
    workflowStats(ctx.sql, range),
    failingWorkflows(ctx.sql),
    scheduledTriggers(ctx.sql, { count: 1 }),
    profilesInUse(ctx, workflows),
    credentialUses(ctx, workflows),
  ]);
  const stats = filterToScope(scope, allStats, (w) => w.workflowId);
  const failing = filterToScope(scope, allFailing, (w) => w.workflowId);
  const scheduled = filterToScope(scope, allScheduled, (t) => t.workflowId);
  const credentials = credentialIds ? allCredentials.filter((c) => credentialIds.has(c.id)) : allCredentials;
  const profiles = profileIds ? allProfiles.filter((p) => profileIds.has(p.id)) : allProfiles;
  const nextRuns = scheduled
    .filter((t) => t.nextTimes.length > 0)
    .map((t) => ({ at: t.nextTimes[0], workflowId: t.workflowId, workflowName: t.workflowName, stepName: t.stepName, when: t.when }))
    .slice(0, 10);
  return { range, buckets, workflows: stats, failing, nextRuns, triggers: triggerCounts(workflows, ctx), profiles, credentials };
}

export { DASHBOARD_RANGES, type DashboardRange } from '../db/dashboard';
