/**
 * A worker process: graphile-worker running the `run-workflow` task, plus what makes runs
 * survive crashes: a heartbeat row per worker, and a sweep that unlocks the jobs of workers
 * whose heartbeat stopped (graphile-worker alone would keep them locked for 4 hours).
 */
import { EventEmitter } from 'node:events';
import { mkdir } from 'node:fs/promises';
import { hostname } from 'node:os';
import path from 'node:path';
import { Logger, run, type Runner, type Task, type WorkerEvents } from 'graphile-worker';
import postgres from 'postgres';
import { z } from 'zod';
import { getNodeType } from '../../nodes';
import { loadConfig } from '../config';
import { EVENTS_CHANNEL, parseRunEvent } from '../events';
import { executeRun } from './execute-run';
import { RUN_TASK } from '../db/runs';
import { failRunThatCannotContinue } from '../db/run-store';
import { isConnectionProblem } from '../db/connection-errors';
import { RunAborted } from './execute-node';
import { createBrowserPool } from '../browser/pool';
import { defaultProfilesDir } from '../browser/profile-dirs';
import { proxyPasswordReader } from '../browser/proxy-credentials';
import { createDb } from '../db/client';
import { checkEncryptionKey } from '../credentials/check';
import { keyStoreFor, type KeyStore } from '../credentials/keys';
import { databaseCredentialSource } from '../credentials/source';
import { createConnector, type Connector } from '../network/connector';
import { openSettingsStore, type SettingsReader } from '../settings/store';
import { defaultSettings } from '../settings/schema';
import { outboundRulesOf } from '../settings/runtime';
import { forgetHeartbeats, recordHeartbeats, unlockDeadOnThisHost, unlockSilentWorkers } from '../db/worker-heartbeats';
import { PRUNE_TASK, pruneCronItems, pruneTask } from './prune-task';
import { recordRunEnd, recordRunStarted, recordStep, watchBrowsers, watchQueue } from '../observability/metrics';
import { runEndHandler } from './after-run';
import type { LogFields } from '../observability/logger';

const CANNOT_CONTINUE =
  'The run could not continue because of an internal error (the details are in the server log). ' +
  'It was stopped instead of waiting; run the workflow again, and report it if it happens again.';

export const runPayloadSchema = z.object({ runId: z.string() });

export interface WorkerOptions {
  databaseUrl: string;
  /** Folder for Load/Save nodes (default: TASKMASTER_DATA_DIR/files). */
  filesDir?: string;
  /** Runs at once in this process (default: Settings, "Runs at once per worker", read at start). */
  concurrency?: number;
  /** How often this worker proves it is alive (default 5 s). */
  heartbeatMs?: number;
  /** A worker silent this long is taken as dead and its runs are resumed elsewhere (default 30 s). */
  deadAfterMs?: number;
  /** Browsers (Browser nodes) running at once; more runs wait (default: Settings, followed live). */
  browsersPerWorker?: number;
  /** Where browser profiles keep their data (default TASKMASTER_DATA_DIR/browser-profiles). */
  browserProfilesDir?: string;
  /** The key saved credentials are encrypted with (default: TASKMASTER_ENCRYPTION_KEY, else <data dir>/encryption.key). */
  keys?: KeyStore;
  log?: (message: string, fields?: LogFields) => void;
}

export interface WorkerHandle {
  /** Runs at once in this worker, fixed at start. */
  concurrency: number;
  /** The settings as this worker sees them (updated live). */
  settings: SettingsReader;
  /** The connector its steps get: obeys the outbound rules of Settings (also for the trigger host's polls and database events). */
  network: Connector;
  stop(): Promise<void>;
  /** Resolves when the worker stops by itself (fatal error). */
  done: Promise<void>;
}

export async function startWorker(options: WorkerOptions): Promise<WorkerHandle> {
  const log = options.log ?? (() => {});
  // Live settings: every run reads them as it starts, every request as it is sent.
  const settings = await openSettingsStore({ databaseUrl: options.databaseUrl, defaults: defaultSettings(loadConfig()), log });
  // graphile-worker can't change its concurrency while running: a new value applies at the next start.
  const concurrency = options.concurrency ?? settings.current().workerConcurrency;
  const heartbeatMs = options.heartbeatMs ?? 5000;
  const deadAfterMs = options.deadAfterMs ?? 30_000;
  const filesDir = options.filesDir ?? path.join(loadConfig().dataDir, 'files');
  await mkdir(filesDir, { recursive: true });
  const sql = postgres(options.databaseUrl, { max: concurrency + 2, onnotice: () => {} });
  const keys = options.keys ?? keyStoreFor(loadConfig());
  // A worker whose key can't open the saved credentials would fail every step that uses one.
  await checkEncryptionKey(sql, keys).catch(async (error: unknown) => {
    await sql.end({ timeout: 5 });
    await settings.close();
    throw error;
  });
  const sqlAsync = postgres(options.databaseUrl, {
    max: concurrency + 2,
    onnotice: () => {},
    connection: { synchronous_commit: 'off' },
  });
  const shutdown = new AbortController();
  const activeRuns = new Map<string, AbortController>();
  // Its own pool: a run holds a connection for as long as it uses a profile (the profile lock).
  const browserDb = createDb(options.databaseUrl, { max: concurrency + 1 });
  const browsers = createBrowserPool({
    database: browserDb,
    profilesDir: options.browserProfilesDir ?? defaultProfilesDir(),
    maxBrowsers: options.browsersPerWorker ?? settings.current().browsersPerWorker,
    proxyPassword: proxyPasswordReader(databaseCredentialSource(sql, keys)),
    outboundRules: () => outboundRulesOf(settings.current()),
    log,
  });

  watchBrowsers(() => browsers.slots.inUse);
  watchQueue(sql);

  const unfollowBrowsers = options.browsersPerWorker
    ? () => {}
    : settings.onChange((now) => browsers.slots.resize(now.browsersPerWorker));
  // Allowed hosts and private addresses, read at every request (server/network/guarded-fetch.ts).
  const network = createConnector(() => outboundRulesOf(settings.current()));
  const stepFetch = network.fetch;
  // Tracked values and alerts of a finished run, off the run's own path (server/worker/after-run.ts).
  const afterRun = runEndHandler({ sql, settings, fetch: stepFetch, credentials: databaseCredentialSource(sql, keys), log });

  const listener = await sql.listen(EVENTS_CHANNEL, (payload) => {
    // Most events are node and run events: only parse what may be a cancel request.
    if (!payload.includes('"cancel"')) return;
    const event = parseRunEvent(payload);
    if (event?.type === 'cancel') activeRuns.get(event.runId)?.abort(new RunAborted('cancelled'));
  });

  const task: Task = async (payload) => {
    const { runId } = runPayloadSchema.parse(payload);
    try {
      await executeRun(
        {
          sql,
          sqlAsync,
          lookup: getNodeType,
          fetch: stepFetch,
          dataDir: filesDir,
          browsers,
          credentials: databaseCredentialSource(sql, keys),
          settings,
          shutdownSignal: shutdown.signal,
          onStepEnd: recordStep,
          onRunEnd: (end) => {
            recordRunEnd(end);
            if (end.status === 'failed') {
              log(`run failed: ${end.error?.message ?? ''}`, { runId: end.runId, stepId: end.error?.nodeId, workflowId: end.workflowId });
            }
            afterRun(end);
          },
          onRunStart: (id, controller, workflowName) => {
            recordRunStarted(workflowName ?? '');
            activeRuns.set(id, controller);
            return () => activeRuns.delete(id);
          },
        },
        runId,
      );
    } catch (err) {
      // Thrown so graphile-worker keeps the job and another attempt resumes the run.
      if (err instanceof RunAborted) throw new Error(`run ${runId} interrupted by shutdown; it will resume`);
      // The database went away: the run resumes from its stored results once it is back.
      if (isConnectionProblem(err)) throw err;
      // Its workflow was deleted meanwhile, and the run with it (its results can't be stored).
      if (runWasDeleted(err)) {
        log(`run ${runId} stopped: its workflow was deleted while it ran`, { runId });
        return;
      }
      // Anything else would fail the same way on every retry while the run showed "Waiting":
      // end it now, with a message for the user and the details in the log.
      log(`run ${runId} could not continue: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
      await failRunThatCannotContinue(sql, runId, CANNOT_CONTINUE);
    }
  };

  const events: WorkerEvents = new EventEmitter();
  const poolIds: string[] = [];
  events.on('pool:create', ({ workerPool }) => poolIds.push(workerPool.id));

  // A predecessor on this host that died (crash, SIGKILL) left its runs locked: take them over
  // now rather than after its heartbeat goes stale (deadAfterMs).
  const predecessors = await unlockDeadOnThisHost(sql, hostname()).catch((err: unknown) => {
    log(`could not check for stopped workers on this host: ${String(err)}`);
    return [];
  });
  if (predecessors.length) log(`resumed the runs of ${predecessors.length} stopped worker(s) on this host: ${predecessors.join(', ')}`);

  const runner: Runner = await run({
    connectionString: options.databaseUrl,
    concurrency,
    noHandleSignals: true,
    pollInterval: 1000,
    taskList: { [RUN_TASK]: task, [PRUNE_TASK]: pruneTask(sql, settings, log) },
    events,
    // Only the hourly clean-up of old runs: workflow schedules are TaskMaster's own triggers.
    parsedCronItems: pruneCronItems(),
    preset: {
      worker: {
        // The pool fetches (and locks) jobs for its workers in batches and completes them in
        // batches: fewer queue statements per run when runs come fast. Jobs it holds are locked
        // by the pool's id, so the dead-worker sweep below unlocks them too.
        localQueue: { size: concurrency + 1 },
        completeJobBatchDelay: 0,
      },
    },
    logger: quietLogger(log),
  });

  const beat = async () => {
    await recordHeartbeats(sql, poolIds, process.pid, hostname(), heartbeatMs);
    const silent = await unlockSilentWorkers(sql, deadAfterMs);
    if (silent.length) log(`resumed the runs of ${silent.length} stopped worker(s): ${silent.join(', ')}`);
  };
  await beat().catch((err: unknown) => log(`heartbeat failed: ${String(err)}`));
  const timer = setInterval(() => {
    beat().catch((err: unknown) => log(`heartbeat failed: ${String(err)}`));
  }, heartbeatMs);
  timer.unref();

  let stopping: Promise<void> | null = null;
  const stop = () =>
    (stopping ??= (async () => {
      clearInterval(timer);
      // Abort running nodes first: their runs are handed back to the queue, not failed.
      shutdown.abort(new RunAborted('shutdown'));
      await runner.stop().catch(() => {});
      unfollowBrowsers();
      await browsers.close();
      await browserDb.close();
      await settings.close();
      await listener.unlisten().catch(() => {});
      await forgetHeartbeats(sql, poolIds).catch(() => {});
      await sqlAsync.end({ timeout: 5 });
      await sql.end({ timeout: 5 });
    })());

  return { concurrency, settings, network, stop, done: runner.promise.then(() => undefined) };
}

/** graphile-worker's own messages: warnings and errors only, through our log. */
function quietLogger(log: (message: string) => void): Logger {
  return new Logger(() => (level, message) => {
    if (level === 'error' || level === 'warning') log(`[worker] ${message}`);
  });
}

/** A foreign-key violation: the run's row is gone (deleted with its workflow) under the worker. */
function runWasDeleted(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { code?: unknown }).code === '23503';
}
