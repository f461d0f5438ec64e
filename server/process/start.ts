/**
 * `taskmaster start` (and `npm start`): the database (embedded unless DATABASE_URL is set), a
 * worker and the web server in one process, shut down in order on SIGINT/SIGTERM. A run cut
 * off by shutdown goes back to the queue and resumes at the next start.
 */
import { loadConfig } from '../config';
import { openDatabase } from '../db/connect';
import { prepareEncryptionKey } from '../credentials/check';
import { keyStoreFor } from '../credentials/keys';
import { startWebServer, REPO_ROOT } from '../http/server';
import { appContextFor } from '../services/context';
import { loadBuiltinTemplates } from '../services/templates';
import { startWorker } from '../worker/runner';
import { startTriggerHost } from '../triggers/host';
import { ensureUiBuild } from './ensure-build';

export interface StartOptions {
  dev?: boolean;
  noWorker?: boolean;
  noUi?: boolean;
}

export async function startTaskMaster(options: StartOptions = {}): Promise<{ url: string; stop(): Promise<void> }> {
  const config = loadConfig();
  const log = (m: string) => console.log(`[taskmaster] ${m}`);
  process.env.NEXT_TELEMETRY_DISABLED = '1';
  if (!options.noUi && !options.dev) await ensureUiBuild(REPO_ROOT, log);

  const database = await openDatabase(config, { max: 20, log });
  const keys = keyStoreFor(config);
  await prepareEncryptionKey(database, keys, { create: true, log });
  const worker = options.noWorker
    ? null
    : // Runs at once: Settings ("Runs at once per worker"), else WORKER_CONCURRENCY.
      await startWorker({ databaseUrl: database.url, keys, log });
  const ctx = appContextFor(database, keys);
  // Built-in templates come from files in server/templates/builtin: refreshed at every start.
  const templates = await loadBuiltinTemplates(ctx);
  if (templates.skipped.length) log(`Templates with problems were not loaded: ${templates.skipped.join(', ')}`);
  // Schedules, file watches, polls, database events: run by one process per database (a lock decides).
  const triggers = await startTriggerHost({ ctx, databaseUrl: database.url, fetch: worker?.fetch, log });
  const web = await startWebServer({
    ctx,
    host: config.host,
    port: config.port,
    dev: options.dev,
    noUi: options.noUi,
    log,
  });
  log(`TaskMaster is running at ${web.url}`);

  let stopping: Promise<void> | null = null;
  const stop = () =>
    (stopping ??= (async () => {
      log('Shutting down…');
      await web.close().catch((e: unknown) => log(`web server: ${String(e)}`));
      await triggers.stop().catch((e: unknown) => log(`triggers: ${String(e)}`));
      await worker?.stop().catch((e: unknown) => log(`worker: ${String(e)}`));
      await database.stop().catch((e: unknown) => log(`database: ${String(e)}`));
      log('Stopped.');
    })());
  return { url: web.url, stop };
}
