/**
 * What the after-run step needs of a workflow (its tracked fields and alert rules), read once and
 * kept until a change is announced on AFTER_RUN_CHANNEL (server/db/tracked.ts, alerts.ts): a run
 * of a workflow with neither costs no read at its end. Everything is dropped when the LISTEN
 * connection (re)connects, since a change may have been missed meanwhile.
 */
import type { Sql } from 'postgres';
import type { AlertConfig } from '../../core/alert-rules';
import { alertConfigFor } from '../db/alerts';
import { AFTER_RUN_CHANNEL } from '../db/channels';
import { trackedFieldsOf, type TrackedField } from '../db/tracked';

export interface AfterRunConfig {
  fields: TrackedField[];
  alerts: AlertConfig | null;
}

export interface AfterRunConfigs {
  get(workflowId: string): Promise<AfterRunConfig>;
  close(): Promise<void>;
}

/** Reads at every call (tests, and callers without a LISTEN connection). */
export function uncachedConfigs(sql: Sql): AfterRunConfigs {
  return { get: (workflowId) => readConfig(sql, workflowId), close: async () => {} };
}

export async function cachedConfigs(sql: Sql): Promise<AfterRunConfigs> {
  const cache = new Map<string, Promise<AfterRunConfig>>();
  // A read started before a change is announced is dropped by the announcement; later reads see the change.
  const listening = await sql.listen(
    AFTER_RUN_CHANNEL,
    (workflowId) => (workflowId ? cache.delete(workflowId) : cache.clear()),
    () => cache.clear(),
  );
  return {
    get(workflowId) {
      let config = cache.get(workflowId);
      if (!config) {
        config = readConfig(sql, workflowId);
        cache.set(workflowId, config);
        // A failed read is not kept: the next run reads again.
        config.catch(() => cache.get(workflowId) === config && cache.delete(workflowId));
      }
      return config;
    },
    close: () => listening.unlisten().catch(() => {}),
  };
}

async function readConfig(sql: Sql, workflowId: string): Promise<AfterRunConfig> {
  const [fields, alerts] = await Promise.all([trackedFieldsOf(sql, workflowId), alertConfigFor(sql, workflowId)]);
  return { fields, alerts };
}
