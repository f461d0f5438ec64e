/** "Send a test alert": the config's channels tried by hand, from the web server's process. */
import type { AlertEvent } from '../alerts/decide';
import { deliverAlerts, type ChannelResult } from '../alerts/deliver';
import { DEFAULT_SCOPE, type AlertConfig } from '../../core/alert-rules';
import { databaseCredentialSource } from '../credentials/source';
import { guardedFetch } from '../network/guarded-fetch';
import { outboundRulesOf } from '../settings/runtime';
import { readSettings } from '../settings/service';
import type { AppContext } from '../context';
import { workflowName } from '../db/workflows';
import { removeAlertConfig, saveAlertConfig, savedAlertConfig, workflowsWithOwnAlerts } from '../db/alerts';
import type { Sql } from 'postgres';

export async function sendTestAlert(ctx: AppContext, scope: string, config: AlertConfig): Promise<ChannelResult[]> {
  const { settings } = await readSettings(ctx.sql);
  const wf = scope === DEFAULT_SCOPE ? null : await workflowName(ctx.sql, scope);
  const event: AlertEvent = {
    kind: 'test',
    level: 'info',
    title: 'Test alert from TaskMaster',
    message: 'This is a test. Real alerts look like this when a run fails or needs attention.',
  };
  const results = await deliverAlerts(
    {
      sql: ctx.sql,
      fetch: guardedFetch(globalThis.fetch, () => outboundRulesOf(settings)),
      credentials: databaseCredentialSource(ctx.sql, ctx.keys),
      defaultSmtp: () => settings.defaultSmtpCredentialId ?? null,
      log: () => {},
    },
    { ...config, enabled: true },
    [event],
    {
      workflowId: wf ? String(wf.id) : null,
      workflowName: wf ? String(wf.name) : 'Any workflow',
      runId: null,
      status: 'test',
      failedStep: { id: 'example', name: 'Example step' },
      error: 'This is a test alert, not a real error.',
      input: { example: true },
    },
  );
  return results.length ? results : [{ channel: 'in-app', ok: false, message: 'No way to alert is chosen: turn on at least one.' }];
}

/** A scope's own rules (`*`: the instance default), or null when it has none. */
export const savedAlerts = (sql: Sql, scope: string) => savedAlertConfig(sql, scope);

export const saveAlerts = (sql: Sql, scope: string, config: AlertConfig) => saveAlertConfig(sql, scope, config);

/** The scope goes back to the instance default. */
export const resetAlerts = (sql: Sql, scope: string) => removeAlertConfig(sql, scope);

/** Workflows with rules of their own. */
export const workflowsWithAlerts = (sql: Sql) => workflowsWithOwnAlerts(sql);
