/** Alert rules (per workflow, and `*` for the instance default) and what alerts need to know. */
import type { Sql } from 'postgres';
import { DEFAULT_SCOPE, parseAlertConfig, type AlertConfig } from '../../core/alert-rules';
import { workflowDocumentSchema, type WorkflowDocument } from '../../core/document';
import { announceAfterRunChange } from './tracked';

/** The workflow's own rules, else the instance default, else null (nothing saved). */
export async function alertConfigFor(sql: Sql, workflowId: string | null): Promise<AlertConfig | null> {
  const rows = await sql`
    select scope, config from alert_rules where scope in ${sql([workflowId ?? DEFAULT_SCOPE, DEFAULT_SCOPE])}`;
  const own = rows.find((r) => r.scope === workflowId) ?? rows.find((r) => r.scope === DEFAULT_SCOPE);
  return own ? parseAlertConfig(own.config) : null;
}

export async function savedAlertConfig(sql: Sql, scope: string): Promise<AlertConfig | null> {
  const [row] = await sql`select config from alert_rules where scope = ${scope}`;
  return row ? parseAlertConfig(row.config) : null;
}

export async function saveAlertConfig(sql: Sql, scope: string, config: AlertConfig): Promise<void> {
  await sql`
    insert into alert_rules (scope, config) values (${scope}, ${sql.json(config as never)})
    on conflict (scope) do update set config = excluded.config, updated_at = now()`;
  await announceAfterRunChange(sql, scope === DEFAULT_SCOPE ? '' : scope);
}

export async function removeAlertConfig(sql: Sql, scope: string): Promise<void> {
  await sql`delete from alert_rules where scope = ${scope}`;
  await announceAfterRunChange(sql, scope === DEFAULT_SCOPE ? '' : scope);
}

/** Workflows with their own alert rules (for the Alerts page). */
export async function workflowsWithOwnAlerts(sql: Sql): Promise<Array<{ workflowId: string; name: string }>> {
  const rows = await sql`
    select w.id, w.name from alert_rules a join workflows w on w.id = a.scope order by lower(w.name)`;
  return rows.map((r) => ({ workflowId: String(r.id), name: String(r.name) }));
}

/** The status of the workflow's newest finished run before `runId`. */
export async function previousFinishedStatus(sql: Sql, workflowId: string, runId: string): Promise<'succeeded' | 'failed' | null> {
  const [row] = await sql`
    select status from runs
    where workflow_id = ${workflowId} and id <> ${runId} and status in ('succeeded', 'failed')
      and created_at <= (select created_at from runs where id = ${runId})
    order by created_at desc limit 1`;
  return row ? (String(row.status) as 'succeeded' | 'failed') : null;
}

/** A saved workflow's current document and version (for starting an error workflow). */
export async function currentDocument(sql: Sql, workflowId: string): Promise<{ document: WorkflowDocument; version: number } | null> {
  const [row] = await sql`
    select v.document, w.current_version from workflows w
    join workflow_versions v on v.workflow_id = w.id and v.version = w.current_version
    where w.id = ${workflowId}`;
  if (!row) return null;
  const parsed = workflowDocumentSchema.safeParse(row.document);
  return parsed.success ? { document: parsed.data, version: Number(row.current_version) } : null;
}
