/**
 * `taskmaster start` (and `npm start`): the database (embedded unless DATABASE_URL is set), a
 * worker and the web server in one process, shut down in order on SIGINT/SIGTERM. A run cut
 * off by shutdown goes back to the queue and resumes at the next start.
 */
import { createLog } from '../observability/logger';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadConfig } from '../config';
import { openDatabase } from '../db/connect';
import { splitBudget, webPools } from '../db/budget';
import { ensureUiBuild } from './ensure-build';
import { ensurePluginsLoaded } from '../plugins';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/**
 * The rest of the app (tRPC routers, node types, worker, triggers: ~0.6 s of imports) is
 * imported while the embedded Postgres starts and migrations are checked, not before.
 */
const importApp = () =>
  Promise.all([
    import('../credentials/check'),
    import('../credentials/keys'),
    import('../http/server'),
    import('../context'),
    import('../services/templates'),
    import('../worker/runner'),
    import('../triggers/host'),
    import('../credentials/seal-stored-secrets'),
    import('../../nodes'),
    import('../run-ends'),
  ]).then(([check, keys, server, context, templates, runner, host, sealPass, nodes, runEnds]) => ({
    prepareEncryptionKey: check.prepareEncryptionKey,
    keyStoreFor: keys.keyStoreFor,
    startWebServer: server.startWebServer,
    appContextFor: context.appContextFor,
    loadBuiltinTemplates: templates.loadBuiltinTemplates,
    startWorker: runner.startWorker,
    startTriggerHost: host.startTriggerHost,
    startSealPass: sealPass.startSealPass,
    getNodeType: nodes.getNodeType,
    offerRunsHere: runEnds.offerRunsHere,
  }));

export interface StartOptions {
  dev?: boolean;
  noWorker?: boolean;
  noUi?: boolean;
}

export interface StartedTaskMaster {
  url: string;
  /** Settles only when the embedded Postgres this process started is gone for good (server/db/embedded.ts): stop then. */
  lost: Promise<Error>;
  stop(): Promise<void>;
}

export async function startTaskMaster(options: StartOptions = {}): Promise<StartedTaskMaster> {
  const config = loadConfig();
  const log = createLog();
  // LOG_LEVEL=debug: when each step of starting ended, in ms since the process started.
  const mark = (step: string) => {
    if (config.logLevel === 'debug') log(`start-up: ${step} at ${Math.round(performance.now())} ms`);
  };
  mark('modules loaded');
  process.env.NEXT_TELEMETRY_DISABLED = '1';
  if (!options.noUi && !options.dev) await ensureUiBuild(REPO_ROOT, log);

  mark('ui build checked');
  const appModules = importApp();
  // Awaited below; if the database fails first, that error is the one reported.
  appModules.catch(() => {});
  // One connection budget for the whole process (DB_CONNECTIONS), split between web and worker.
  const shares = splitBudget(config.dbConnections, { web: true, worker: !options.noWorker });
  const webPoolSizes = webPools(shares.web);
  const database = await openDatabase(config, { max: webPoolSizes.sql, ormMax: webPoolSizes.orm, log });
  mark('database open');
  const {
    prepareEncryptionKey,
    keyStoreFor,
    startWebServer,
    appContextFor,
    loadBuiltinTemplates,
    startWorker,
    startTriggerHost,
    startSealPass,
    getNodeType,
    offerRunsHere,
  } = await appModules.catch(async (error: unknown) => {
    await database.stop().catch(() => {});
    throw error;
  });
  mark('app modules loaded');
  const keys = keyStoreFor(config);
  await prepareEncryptionKey(database, keys, { create: true, log });
  const ctx = appContextFor(database, keys);
  // The worker, the templates and the trigger host start while the web server already listens,
  // so webhooks are answered (their runs queued) as early as possible; tRPC and pages wait for
  // them, and Next prepares after them (docs/benchmarks.md, Startup).
  const core = (async () => {
    // Plugin steps, triggers and credential types, before anything looks a step up.
    await ensurePluginsLoaded(log);
    const [worker, templates] = await Promise.all([
      options.noWorker
        ? null
        : // Runs at once: Settings ("Runs at once per worker"), else WORKER_CONCURRENCY.
          startWorker({ databaseUrl: database.url, keys, log, connections: shares.worker }),
      // Built-in templates come from files in server/templates/builtin: refreshed at every start.
      loadBuiltinTemplates(ctx),
    ]);
    mark('worker and templates');
    // Webhooks of this process execute their runs here when the worker has room (issue 19).
    if (worker) offerRunsHere(ctx.sql, worker.runHere);
    if (templates.skipped.length) log(`Templates with problems were not loaded: ${templates.skipped.join(', ')}`);
    // Schedules, file watches, polls, database events: run by one process per database (a lock decides).
    const triggers = await startTriggerHost({ ctx, databaseUrl: database.url, network: worker?.network, log });
    mark('trigger host');
    // Secrets typed into steps before they were stored encrypted: sealed in the background, once.
    const sealing = startSealPass(ctx.sql, { lookup: getNodeType, keys, log });
    return { worker, triggers, sealing };
  })();
  // Handled below, after the web server has started.
  core.catch(() => {});
  const web = await startWebServer({
    ctx,
    host: config.host,
    port: config.port,
    dev: options.dev,
    noUi: options.noUi,
    log,
    gate: core,
  });
  mark('web listening');
  let worker: Awaited<typeof core>['worker'];
  let triggers: Awaited<typeof core>['triggers'];
  let sealing: Awaited<typeof core>['sealing'];
  try {
    ({ worker, triggers, sealing } = await core);
    await web.ready;
  } catch (error) {
    await web.close().catch(() => {});
    throw error;
  }
  mark('next prepared');
  log(`TaskMaster is running at ${web.url}`);

  let stopping: Promise<void> | null = null;
  const stop = () =>
    (stopping ??= (async () => {
      log('Shutting down…');
      await web.close().catch((e: unknown) => log(`web server: ${String(e)}`));
      await sealing.stop();
      await triggers.stop().catch((e: unknown) => log(`triggers: ${String(e)}`));
      offerRunsHere(ctx.sql, null);
      await worker?.stop().catch((e: unknown) => log(`worker: ${String(e)}`));
      await database.stop().catch((e: unknown) => log(`database: ${String(e)}`));
      log('Stopped.');
    })());
  return { url: web.url, lost: database.embedded?.lost ?? new Promise<Error>(() => {}), stop };
}
