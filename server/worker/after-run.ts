/**
 * What happens after a run's end is stored: its tracked values are recorded, then the alert
 * rules decide what to send. Off the run's path (the run has already ended and answered), one
 * run at a time per worker, and never throwing into the run loop: a failure is logged.
 * Runs of error workflows (trigger kind `error`) raise no alerts, so one can't loop.
 */
import type { Sql } from 'postgres';
import { decideAlerts } from '../alerts/decide';
import { deliverAlerts, type AlertDeps } from '../alerts/deliver';
import type { CredentialSource } from '../credentials/grant';
import { previousFinishedStatus } from '../db/alerts';
import { recordTrackedValues } from '../db/tracked';
import { firstStoredItem } from '../db/output-pages';
import type { TrackedField } from '../db/tracked';
import type { NodeState } from '../../core/plan';
import { trackedValuesOf } from '../results/tracked-values';
import type { SettingsReader } from '../settings/store';
import type { RunEndReport } from './execute-run';
import { uncachedConfigs, type AfterRunConfigs } from './after-run-config';

export interface AfterRunDeps {
  sql: Sql;
  settings: SettingsReader;
  fetch: typeof fetch;
  credentials: CredentialSource;
  /** Tracked fields and alert rules per workflow; default: read at every run's end. */
  configs?: AfterRunConfigs;
  log(message: string): void;
}

/**
 * A tracked field reads its step's first item. A step whose output went to stored pages (a
 * streamed step over many items) holds none in memory: its first item is read back, one row.
 */
async function withFirstItems(
  sql: Sql,
  fields: TrackedField[],
  nodes: ReadonlyMap<string, NodeState>,
): Promise<ReadonlyMap<string, NodeState>> {
  let patched: Map<string, NodeState> | undefined;
  for (const nodeId of new Set(fields.map((f) => f.nodeId))) {
    const state = nodes.get(nodeId);
    if (!state?.stored) continue;
    const handles = Object.keys(state.stored.counts);
    const handle = handles.includes('main') ? 'main' : handles[0];
    if (handle === undefined) continue;
    const first = await firstStoredItem(sql, state.stored.ref, handle);
    patched ??= new Map(nodes);
    patched.set(nodeId, { ...state, outputs: first ? { [handle]: [first] } : {} });
  }
  return patched ?? nodes;
}

/** Tracked values and alerts of one finished run. Exported for tests. */
export async function afterRun(deps: AfterRunDeps, end: RunEndReport): Promise<void> {
  if (!end.workflowId) return;
  const { fields, alerts: config } = await (deps.configs ?? uncachedConfigs(deps.sql)).get(end.workflowId);
  const values = trackedValuesOf(fields, await withFirstItems(deps.sql, fields, end.nodes));
  await recordTrackedValues(deps.sql, end.runId, values);
  if (end.triggerKind === 'error' || end.status === 'cancelled') return;
  if (!config) return;
  const failedNode = end.error?.nodeId ? end.document.nodes.find((n) => n.id === end.error?.nodeId) : undefined;
  const needsPrevious = end.status === 'succeeded' && config.onRecovery;
  const events = decideAlerts(config, {
    workflowName: end.document.name,
    status: end.status,
    failedStep: failedNode?.name ?? null,
    errorMessage: end.error?.message ?? null,
    durationMs: Date.now() - end.startedAt.getTime(),
    previousStatus: needsPrevious ? await previousFinishedStatus(deps.sql, end.workflowId, end.runId) : null,
    tracked: values.map((v) => {
      const f = fields.find((x) => x.id === v.trackedId)!;
      return { trackedId: v.trackedId, label: f.label || f.field, value: v.value };
    }),
  });
  const alertDeps: AlertDeps = {
    sql: deps.sql,
    fetch: deps.fetch,
    credentials: deps.credentials,
    defaultSmtp: () => deps.settings.current().defaultSmtpCredentialId ?? null,
    log: deps.log,
  };
  await deliverAlerts(alertDeps, config, events, {
    workflowId: end.workflowId,
    workflowName: end.document.name,
    runId: end.runId,
    status: end.status,
    failedStep: failedNode ? { id: failedNode.id, name: failedNode.name } : null,
    error: end.error?.message ?? null,
    input: end.triggerPayload ?? null,
  });
}

/** A run-end listener that handles ends one after another in the background. */
export function runEndHandler(deps: AfterRunDeps): (end: RunEndReport) => void {
  let chain: Promise<void> = Promise.resolve();
  return (end) => {
    chain = chain.then(() => afterRun(deps, end)).catch((error: unknown) => deps.log(`after run ${end.runId}: ${String(error)}`));
  };
}
