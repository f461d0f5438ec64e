/**
 * A worker process: graphile-worker running the `run-workflow` task, plus what makes runs
 * survive crashes: a heartbeat row per worker, and a sweep that unlocks the jobs of workers
 * whose heartbeat stopped (graphile-worker alone would keep them locked for 4 hours).
 */
import { randomBytes } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import { hostname } from 'node:os';
import path from 'node:path';
import { Logger, run, type Task } from 'graphile-worker';
import postgres from 'postgres';
import { z } from 'zod';
import { getNodeType } from '../../nodes';
import { ensurePluginsLoaded } from '../plugins';
import { loadConfig } from '../config';
import { EVENTS_CHANNEL, parseRunEvent } from '../../core/run-events';
import { executeRun } from './execute-run';
import { RUN_TASK } from '../db/runs';
import { failRunThatCannotContinue } from '../db/run-store';
import { RunAborted } from './execute-node';
import { createBrowserPool } from '../browser/pool';
import { defaultProfilesDir } from '../browser/profile-dirs';
import { proxyPasswordReader } from '../browser/proxy-credentials';
import { createDb } from '../db/client';
import { checkEncryptionKey } from '../credentials/check';
import { keyStoreFor, type KeyStore } from '../credentials/keys';
import { databaseCredentialSource, runCredentialSource } from '../credentials/source';
import { createConnector, type Connector } from '../network/connector';
import { openTypedSecrets } from '../credentials/step-secrets-at-rest';
import { openSettingsStore, type SettingsReader } from '../settings/store';
import { defaultSettings } from '../../core/settings-schema';
import { outboundRulesOf } from '../settings/runtime';
import {
  queueOrphanedRuns,
  queueStrayRuns,
  recordHeartbeats,
  releaseWorkers,
  unlockDeadOnThisHost,
  unlockSilentWorkers,
} from '../db/worker-heartbeats';
import type { RunForExecution } from '../db/run-store';
import { createRunHere } from './run-here';
import type { RunHere } from '../run-ends';
import { splitBudget, workerPools } from '../db/budget';
import { createOutageGate, isDatabaseUnavailable } from '../db/availability';
import { PRUNE_TASK, pruneCronItems, pruneTask } from './prune-task';
import { superviseQueue } from './queue-supervisor';
import { recordRunEnd, recordRunStarted, recordStep, watchBrowsers, watchQueue } from '../observability/metrics';
import { runEndHandler } from './after-run';
import type { LogFields } from '../observability/logger';
import { errorIdOf, loggableDetails } from '../observability/error-id';

/** The run's message names the error id the log line carries, so an administrator finds one from the other. */
const cannotContinue = (errorId: string) =>
  `The run could not continue because of an internal error (error id ${errorId}; the details are in the server log). ` +
  'It was stopped instead of waiting; run the workflow again, and report it if it happens again.';

/** After the shutdown grace, how long stopping the queue may still take. */
const STOP_BOUND_MS = 15_000;

/**
 * The log line of a run that could not continue: the error id and the error's words, never a
 * stack or a statement's parameters (drizzle writes them into its message; they can hold a
 * whole document, typed secrets included).
 */
export function cannotContinueLine(runId: string, error: unknown): { line: string; errorId: string } {
  const errorId = error !== null && typeof error === 'object' ? errorIdOf(error) : errorIdOf(new Error(String(error)));
  const details = error instanceof Error ? loggableDetails(error) : 'a value that is not an error was thrown';
  return { errorId, line: `run ${runId} could not continue (error id ${errorId}): ${details}` };
}

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
  /** Connections its pools may open (default: DB_CONNECTIONS less the dedicated ones, a worker alone). */
  connections?: number;
  /** On stop, how long running steps may finish before they are aborted (default SHUTDOWN_GRACE_SECONDS). */
  graceMs?: number;
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
  /** Runs executed in this process without a queue job (webhooks of the same process; server/worker/run-here.ts). */
  runHere: RunHere;
  stop(): Promise<void>;
  /** Resolves when the worker stops by itself (fatal error). */
  done: Promise<void>;
}

export async function startWorker(options: WorkerOptions): Promise<WorkerHandle> {
  const log = options.log ?? (() => {});
  // Plugin steps join the registry before the first run is picked up (server/plugins).
  await ensurePluginsLoaded((message) => log(message));
  // Live settings: every run reads them as it starts, every request as it is sent.
  const settings = await openSettingsStore({ databaseUrl: options.databaseUrl, defaults: defaultSettings(loadConfig()), log });
  // graphile-worker can't change its concurrency while running: a new value applies at the next start.
  const concurrency = options.concurrency ?? settings.current().workerConcurrency;
  const heartbeatMs = options.heartbeatMs ?? 5000;
  const deadAfterMs = options.deadAfterMs ?? 30_000;
  const filesDir = options.filesDir ?? path.join(loadConfig().dataDir, 'files');
  await mkdir(filesDir, { recursive: true });
  const config = loadConfig();
  const pools = workerPools(options.connections ?? splitBudget(config.dbConnections, { web: false, worker: true }).worker, concurrency);
  const graceMs = options.graceMs ?? config.shutdownGraceMs;
  const sql = postgres(options.databaseUrl, { max: pools.runs, onnotice: () => {} });
  const keys = options.keys ?? keyStoreFor(loadConfig());
  // A worker whose key can't open the saved credentials would fail every step that uses one.
  await checkEncryptionKey(sql, keys).catch(async (error: unknown) => {
    await sql.end({ timeout: 5 });
    await settings.close();
    throw error;
  });
  const sqlAsync = postgres(options.databaseUrl, {
    max: pools.runsAsync,
    onnotice: () => {},
    connection: { synchronous_commit: 'off' },
  });
  const shutdown = new AbortController();
  const activeRuns = new Map<string, AbortController>();
  // Its own pool: a run holds a connection for as long as it uses a profile (the profile lock).
  const browserDb = createDb(options.databaseUrl, { max: Math.max(1, pools.browsers - 1), ormMax: 1 });
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

  const unfollowBrowsers = options.browsersPerWorker ? () => {} : settings.onChange((now) => browsers.slots.resize(now.browsersPerWorker));
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

  // Runs pause while the database is away and carry on when it answers (issue 17).
  const outage = createOutageGate(sql, log);
  // Ctrl-C: no new steps start; running ones finish (up to graceMs) and are stored.
  const drain = new AbortController();

  const task: Task = async (payload) => {
    const { runId } = runPayloadSchema.parse(payload);
    const handBack = () => new Error(`run ${runId} interrupted by shutdown; it will resume`);
    // The queue that handed us this job; it is aborted when that queue loses the database.
    const generation = queue.generation();
    if (generation.signal.aborted) throw handBack();
    await generation.track(() => runUntilDone(runId, AbortSignal.any([shutdown.signal, generation.signal]), handBack));
  };

  const runUntilDone = async (runId: string, signal: AbortSignal, handBack: () => Error, claimed?: RunForExecution): Promise<void> => {
    for (;;) {
      try {
        const firstTime = claimed;
        claimed = undefined;
        await executeRun(
          {
            sql,
            sqlAsync,
            lookup: getNodeType,
            fetch: stepFetch,
            dataDir: filesDir,
            browsers,
            // Opens only what the workflow's owner may use, and logs each use (server/credentials/source.ts).
            credentials: runCredentialSource(sql, keys, runId),
            settings,
            openSecrets: (document) => openTypedSecrets(document, getNodeType, keys),
            shutdownSignal: signal,
            drainSignal: drain.signal,
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
          firstTime,
        );
        return;
      } catch (err) {
        // Thrown so graphile-worker keeps the job and another attempt resumes the run.
        if (err instanceof RunAborted) throw handBack();
        // Its workflow was deleted meanwhile, and the run with it (its results can't be stored).
        if (runWasDeleted(err)) {
          log(`run ${runId} stopped: its workflow was deleted while it ran`, { runId });
          return;
        }
        if (!isDatabaseUnavailable(err)) {
          // Anything else would fail the same way on every retry while the run showed "Waiting":
          // end it now, with a message for the user and the details in the log.
          const { line, errorId } = cannotContinueLine(runId, err);
          log(line, { runId });
          await failRunThatCannotContinue(sql, runId, cannotContinue(errorId));
          return;
        }
        if (signal.aborted) throw err;
      }
      // The database went away: the run resumes from its stored results once it is back. The
      // job stays locked by this worker meanwhile, so no other worker starts it twice.
      await outage.wait(signal).catch(() => {
        throw handBack();
      });
    }
  };

  const queue = superviseQueue({
    outage,
    log,
    // Our old pool is gone: its locked jobs (runs handed back) are free to run again.
    releaseJobs: (ids) => releaseWorkers(sql, ids),
    start: (events) =>
      run({
        connectionString: options.databaseUrl,
        concurrency,
        maxPoolSize: pools.queue,
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
            // by the pool's id, so the dead-worker sweep unlocks them too.
            localQueue: { size: concurrency + 1 },
            completeJobBatchDelay: 0,
            // Batched failures too: the pool then waits for a run handed back at Ctrl-C to be
            // recorded before it closes its connections (unbatched, that write races the close).
            failJobBatchDelay: 0,
          },
        },
        logger: quietLogger(log),
      }),
  });

  // A predecessor on this host that died (crash, SIGKILL) left its runs locked: take them over
  // now rather than after its heartbeat goes stale (deadAfterMs).
  const predecessors = await unlockDeadOnThisHost(sql, hostname()).catch((err: unknown) => {
    log(`could not check for stopped workers on this host: ${String(err)}`);
    return [];
  });
  if (predecessors.length) log(`resumed the runs of ${predecessors.length} stopped worker(s) on this host: ${predecessors.join(', ')}`);

  let stopping: Promise<void> | null = null;
  await queue.start();

  // Runs this process executes without a queue job are owned by this heartbeat row.
  const owner = `here-${process.pid}-${randomBytes(6).toString('hex')}`;
  const here = createRunHere({
    sql,
    sqlAsync,
    owner,
    capacity: concurrency,
    accepting: () => !drain.signal.aborted,
    log,
    async execute(runId, run) {
      try {
        await runUntilDone(runId, shutdown.signal, () => new HandedBack(), run);
        return 'done';
      } catch (error) {
        if (error instanceof HandedBack) return 'handed-back';
        throw error;
      }
    },
  });

  const beat = async () => {
    await recordHeartbeats(sql, [...queue.generation().poolIds, owner], process.pid, hostname(), heartbeatMs);
    const silent = await unlockSilentWorkers(sql, deadAfterMs);
    if (silent.length) log(`resumed the runs of ${silent.length} stopped worker(s): ${silent.join(', ')}`);
    const orphans = await queueOrphanedRuns(sql, deadAfterMs);
    if (orphans) log(`queued ${orphans} run(s) whose process stopped before it was recorded`);
    const strays = await queueStrayRuns(sql, owner, here.executing());
    if (strays) log(`queued ${strays} run(s) this process had stopped executing`);
  };
  const beatQuietly = () =>
    beat().catch((err: unknown) => {
      // An outage is reported once, by the outage gate.
      if (!isDatabaseUnavailable(err)) log(`heartbeat failed: ${String(err)}`);
    });
  await beatQuietly();
  const timer = setInterval(beatQuietly, heartbeatMs);
  timer.unref();

  const stop = () =>
    (stopping ??= (async () => {
      clearInterval(timer);
      // Drain: no new steps; the running ones may finish and be stored for up to graceMs,
      // then they are aborted. Either way their runs go back to the queue, not failed.
      drain.abort();
      const grace = setTimeout(() => shutdown.abort(new RunAborted('shutdown')), graceMs);
      // After a database outage graphile-worker's queue can fail to deactivate and never settle
      // (seen under webhook load: "Cannot background something when the queue is already
      // released"). Once the grace is over and the steps were aborted, wait a bounded time only:
      // what is still held is freed below, and a run still marked ours is resumed elsewhere like
      // a crashed worker's.
      let bound: NodeJS.Timeout | undefined;
      const bounded = new Promise<'late'>((resolve) => (bound = setTimeout(() => resolve('late'), graceMs + STOP_BOUND_MS)));
      const settled = await Promise.race([Promise.all([queue.stop(), here.settled()]), bounded]);
      clearTimeout(bound);
      if (settled === 'late')
        log(
          `the job queue did not stop within ${Math.round((graceMs + STOP_BOUND_MS) / 1000)} s; stopping anyway (its runs resume at the next start)`,
        );
      clearTimeout(grace);
      shutdown.abort(new RunAborted('shutdown'));
      unfollowBrowsers();
      await browsers.close();
      await browserDb.close();
      await settings.close();
      await listener.unlisten().catch(() => {});
      // Nothing of ours runs any more: a job our pools still hold (its end could not be
      // written) is freed now, or it would wait for the 4-hour lock timeout.
      await releaseWorkers(sql, [...queue.generation().poolIds, owner]).catch(() => {});
      await sqlAsync.end({ timeout: 5 });
      await sql.end({ timeout: 5 });
    })());

  return { concurrency, settings, network, runHere: here, stop, done: queue.done };
}

/** An owned run that must resume elsewhere (shutdown): it is queued (server/worker/run-here.ts). */
class HandedBack extends Error {}

/** graphile-worker's own messages: warnings and errors only, through our log. */
function quietLogger(log: (message: string) => void): Logger {
  return new Logger(() => (level, message) => {
    // Its pool is sized from the budget on purpose: with the local queue, jobs don't hold
    // connections, so its "maxPoolSize smaller than concurrency" warning does not apply.
    if (message.includes('maxPoolSize')) return;
    if (level === 'error' || level === 'warning') log(`[worker] ${message}`);
  });
}

/** A foreign-key violation: the run's row is gone (deleted with its workflow) under the worker. */
function runWasDeleted(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { code?: unknown }).code === '23503';
}
