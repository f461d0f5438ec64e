/**
 * The programmatic API:
 *
 *   const tm = await openTaskMaster();            // embedded Postgres under ./.data, or DATABASE_URL
 *   const wf = new WorkflowBuilder('Hello');
 *   wf.connect(wf.add('manual-trigger'), wf.add('set-fields', { fields: [{ name: 'hi', value: 'there' }] }));
 *   const result = await tm.run(wf.toDocument());   // validates, runs, waits
 *   await tm.close();
 */
import { sealTypedSecrets } from '../credentials/step-secrets-at-rest';
import { loadConfig } from '../config';
import { openDatabase } from '../db/connect';
import { prepareEncryptionKey } from '../credentials/check';
import { keyStoreFor } from '../credentials/keys';
import { waitForRun } from '../db/runs';
import { createWorkflow } from '../db/workflows';
import type { Problem, WorkflowDocument } from '../../core/document';
import { validateDocument } from '../../core/validate';
import { appContextFor } from '../context';
import { getRunResult, type RunResult } from '../services/run-result';
import { startDocumentRun, startWorkflowRun } from '../services/runs';
import { startWorker, type WorkerHandle } from '../worker/runner';
import { ensurePluginsLoaded } from '../plugins';

export { WorkflowBuilder, type NodeRef } from './builder';
export type { RunResult } from '../services/run-result';

export interface OpenOptions {
  /** Defaults to DATABASE_URL, else the embedded Postgres in `dataDir`. */
  databaseUrl?: string;
  dataDir?: string;
  /** Run a worker in this process (default true). Without one, runs wait for another worker. */
  worker?: boolean;
}

export interface TaskMaster {
  validate(document: unknown): { ok: boolean; problems: Problem[] };
  /** Saves as a new workflow; returns its id. */
  save(document: WorkflowDocument): Promise<string>;
  /** Runs a document or a saved workflow id and resolves when the run ends. */
  run(target: WorkflowDocument | string, options?: { input?: unknown; timeoutMs?: number }): Promise<RunResult>;
  close(): Promise<void>;
}

export async function openTaskMaster(options: OpenOptions = {}): Promise<TaskMaster> {
  const env = { ...process.env };
  if (options.databaseUrl) env.DATABASE_URL = options.databaseUrl;
  if (options.dataDir) env.TASKMASTER_DATA_DIR = options.dataDir;
  const config = loadConfig(env);
  const database = await openDatabase(config, { log: () => {} });
  const keys = keyStoreFor(config);
  await prepareEncryptionKey(database, keys);
  const ctx = appContextFor(database, keys);
  await ensurePluginsLoaded();
  let worker: WorkerHandle | null = null;
  if (options.worker !== false) {
    worker = await startWorker({ databaseUrl: database.url, concurrency: config.workerConcurrency, keys });
  }
  return {
    validate(document) {
      const result = validateDocument(document, ctx.lookup);
      return { ok: result.ok, problems: result.problems };
    },
    async save(document) {
      return (await createWorkflow(ctx.db, await sealTypedSecrets(document, ctx.lookup, ctx.keys))).id;
    },
    async run(target, runOptions = {}) {
      const runId =
        typeof target === 'string'
          ? await startWorkflowRun(ctx, target, { input: runOptions.input })
          : await startDocumentRun(ctx, target, { input: runOptions.input });
      await waitForRun(ctx.sql, runId, runOptions.timeoutMs);
      const result = await getRunResult(ctx.sql, runId);
      if (!result) throw new Error(`run ${runId} vanished`);
      return result;
    },
    async close() {
      await worker?.stop();
      await database.stop();
    },
  };
}
