/**
 * A worker process: graphile-worker running the `run-workflow` task, plus what makes runs
 * survive crashes: a heartbeat row per worker, and a sweep that unlocks the jobs of workers
 * whose heartbeat stopped (graphile-worker alone would keep them locked for 4 hours).
 */
import { randomBytes } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import { hostname } from 'node:os';
import path from 'node:path';
import type { Sql } from 'postgres';
import { connectPostgres } from '../db/pg-socket';
import { ensurePluginsLoaded } from '../plugins';
import { loadConfig } from '../config';
import { EVENTS_CHANNEL, parseRunEvent } from '../../core/run-events';
import { RunAborted } from './execute-node';
import { createBrowserPool, type BrowserPool } from '../browser/pool';
import { removeLeftSorts } from '../../nodes/lib/external-sort';
import { defaultProfilesDir } from '../browser/profile-dirs';
import { proxyPasswordReader } from '../browser/proxy-credentials';
import { createDb } from '../db/client';
import { checkEncryptionKey } from '../credentials/check';
import { keyStoreFor, type KeyStore } from '../credentials/keys';
import { databaseCredentialSource } from '../credentials/source';
import { createConnector, type Connector } from '../network/connector';
import { openSettingsStore, type SettingsReader, type SettingsStore } from '../settings/store';
import { defaultSettings } from '../../core/settings-schema';
import { outboundRulesOf } from '../settings/runtime';
import { releaseWorkers, unlockDeadOnThisHost } from '../db/worker-heartbeats';
import { createRunHere, type RunHereHost } from './run-here';
import { listenForWatchers } from '../db/run-watch';
import type { RunHere } from '../run-ends';
import { splitBudget, workerPools, type WorkerPools } from '../db/budget';
import { createOutageGate } from '../db/availability';
import type { QueueSupervisor } from './queue-supervisor';
import { watchBrowsers, watchQueue } from '../observability/metrics';
import { runEndHandler } from './after-run';
import { cachedConfigs } from './after-run-config';
import type { LogFields } from '../observability/logger';
import { startJobQueue } from './job-queue';
import { startHeartbeat } from './worker-heartbeat';
import { runExecutor } from './worker-runs';

/** After the shutdown grace, how long stopping the queue may still take. */
const STOP_BOUND_MS = 15_000;

export interface WorkerOptions {
  databaseUrl: string;
  /** Folder for Load/Save nodes (default: TASKMASTER_DATA_DIR/files). */
  filesDir?: string;
  /** Temporary files of steps (a Sort too large for memory); default TASKMASTER_DATA_DIR/tmp. */
  tempDir?: string;
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

/** What a worker opens before it takes runs: settings, pools, browsers, the outbound connector. */
interface Resources {
  settings: SettingsStore;
  concurrency: number;
  pools: WorkerPools;
  graceMs: number;
  filesDir: string;
  tempDir: string;
  sql: Sql;
  sqlAsync: Sql;
  keys: KeyStore;
  browserDb: ReturnType<typeof createDb>;
  browsers: BrowserPool;
  network: Connector;
}

async function openResources(options: WorkerOptions, log: (message: string) => void): Promise<Resources> {
  // Plugin steps join the registry before the first run is picked up (server/plugins).
  await ensurePluginsLoaded((message) => log(message));
  const config = loadConfig();
  // Live settings: every run reads them as it starts, every request as it is sent.
  const settings = await openSettingsStore({ databaseUrl: options.databaseUrl, defaults: defaultSettings(config), log });
  // graphile-worker can't change its concurrency while running: a new value applies at the next start.
  const concurrency = options.concurrency ?? settings.current().workerConcurrency;
  const filesDir = options.filesDir ?? path.join(config.dataDir, 'files');
  await mkdir(filesDir, { recursive: true });
  // Made by the step that needs it; on disk, where /tmp may be memory.
  const tempDir = options.tempDir ?? path.join(config.dataDir, 'tmp');
  const left = await removeLeftSorts(tempDir);
  if (left > 0) log(`Removed ${left} temporary sort folder(s) left by a worker that stopped abruptly.`);
  const pools = workerPools(options.connections ?? splitBudget(config.dbConnections, { web: false, worker: true }).worker, concurrency);
  const sql = connectPostgres(options.databaseUrl, { max: pools.runs, onnotice: () => {} });
  const keys = options.keys ?? keyStoreFor(config);
  // A worker whose key can't open the saved credentials would fail every step that uses one.
  await checkEncryptionKey(sql, keys).catch(async (error: unknown) => {
    await sql.end({ timeout: 5 });
    await settings.close();
    throw error;
  });
  const sqlAsync = connectPostgres(options.databaseUrl, {
    max: pools.runsAsync,
    onnotice: () => {},
    connection: { synchronous_commit: 'off' },
  });
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
  // Allowed hosts and private addresses, read at every request (server/network/guarded-fetch.ts).
  const network = createConnector(() => outboundRulesOf(settings.current()));
  const graceMs = options.graceMs ?? config.shutdownGraceMs;
  return { settings, concurrency, pools, graceMs, filesDir, tempDir, sql, sqlAsync, keys, browserDb, browsers, network };
}

export async function startWorker(options: WorkerOptions): Promise<WorkerHandle> {
  const log = options.log ?? (() => {});
  const r = await openResources(options, log);
  const { sql, settings, concurrency } = r;
  const shutdown = new AbortController();
  // Ctrl-C: no new steps start; running ones finish (up to graceMs) and are stored.
  const drain = new AbortController();
  const activeRuns = new Map<string, AbortController>();
  watchBrowsers(() => r.browsers.slots.inUse);
  watchQueue(sql);
  const unfollowBrowsers = options.browsersPerWorker
    ? () => {}
    : settings.onChange((now) => r.browsers.slots.resize(now.browsersPerWorker));
  const listener = await listenForCancels(sql, activeRuns);
  const watchers = await listenForWatchers(sql);
  // Runs pause while the database is away and carry on when it answers (issue 17).
  const outage = createOutageGate(sql, log);
  // Tracked values and alerts of a finished run, off the run's own path (server/worker/after-run.ts).
  const configs = await cachedConfigs(sql);
  const afterRun = runEndHandler({
    sql,
    settings,
    fetch: r.network.fetch,
    credentials: databaseCredentialSource(sql, r.keys),
    configs,
    log,
  });
  const execute = runExecutor({ ...r, fetch: r.network.fetch, drainSignal: drain.signal, outage, activeRuns, afterRun, log });
  const queue = startJobQueue({
    ...r,
    databaseUrl: options.databaseUrl,
    poolSize: r.pools.queue,
    outage,
    shutdownSignal: shutdown.signal,
    execute,
    log,
  });

  await takeOverPredecessors(sql, log);
  await queue.start();

  // Runs this process executes without a queue job are owned by this heartbeat row.
  const owner = `here-${process.pid}-${randomBytes(6).toString('hex')}`;
  const here = createRunHere({
    ...r,
    watchers,
    owner,
    capacity: concurrency,
    accepting: () => !drain.signal.aborted,
    log,
    async execute(runId, run) {
      try {
        await execute(runId, shutdown.signal, () => new HandedBack(), run);
        return 'done';
      } catch (error) {
        if (error instanceof HandedBack) return 'handed-back';
        throw error;
      }
    },
  });
  const ids = () => [...queue.generation().poolIds, owner];
  const stopBeating = await startHeartbeat({
    sql,
    ids,
    owner,
    executing: () => here.executing(),
    heartbeatMs: options.heartbeatMs ?? 5000,
    deadAfterMs: options.deadAfterMs ?? 30_000,
    log,
  });
  const stopping = { done: null as Promise<void> | null };
  const stop = () =>
    (stopping.done ??= (async () => {
      stopBeating();
      await stopTaking({ drain, shutdown, graceMs: r.graceMs, queue, here, log });
      unfollowBrowsers();
      await closeResources(r, [() => listener.unlisten(), () => watchers.close(), () => configs.close()], ids());
    })());
  return { concurrency, settings, network: r.network, runHere: here, stop, done: queue.done };
}

/** Once nothing of ours runs any more: browsers, listeners, held jobs, pools. */
async function closeResources(r: Resources, listeners: Array<() => Promise<unknown>>, ids: string[]): Promise<void> {
  await r.browsers.close();
  await r.browserDb.close();
  await r.settings.close();
  for (const unlisten of listeners) await unlisten().catch(() => {});
  // A job our pools still hold (its end could not be written) is freed now, or it would wait
  // for the 4-hour lock timeout.
  await releaseWorkers(r.sql, ids).catch(() => {});
  await r.sqlAsync.end({ timeout: 5 });
  await r.sql.end({ timeout: 5 });
}

interface StopTaking {
  drain: AbortController;
  shutdown: AbortController;
  graceMs: number;
  queue: QueueSupervisor;
  here: RunHereHost;
  log(message: string): void;
}

/**
 * Drain: no new steps; the running ones may finish and be stored for up to graceMs, then they
 * are aborted. Either way their runs go back to the queue, not failed.
 */
async function stopTaking({ drain, shutdown, graceMs, queue, here, log }: StopTaking): Promise<void> {
  drain.abort();
  const grace = setTimeout(() => shutdown.abort(new RunAborted('shutdown')), graceMs);
  // After a database outage graphile-worker's queue can fail to deactivate and never settle
  // (seen under webhook load: "Cannot background something when the queue is already
  // released"). Once the grace is over and the steps were aborted, wait a bounded time only:
  // what is still held is freed afterwards, and a run still marked ours is resumed elsewhere
  // like a crashed worker's.
  let bound: NodeJS.Timeout | undefined;
  const bounded = new Promise<'late'>((resolve) => (bound = setTimeout(() => resolve('late'), graceMs + STOP_BOUND_MS)));
  const settled = await Promise.race([Promise.all([queue.stop(), here.settled()]), bounded]);
  clearTimeout(bound);
  if (settled === 'late') {
    const seconds = Math.round((graceMs + STOP_BOUND_MS) / 1000);
    log(`the job queue did not stop within ${seconds} s; stopping anyway (its runs resume at the next start)`);
  }
  clearTimeout(grace);
  shutdown.abort(new RunAborted('shutdown'));
}

/** Cancel requests (run events on the events channel) abort the runs executing here. */
function listenForCancels(sql: Sql, activeRuns: ReadonlyMap<string, AbortController>) {
  return sql.listen(EVENTS_CHANNEL, (payload) => {
    // Most events are node and run events: only parse what may be a cancel request.
    if (!payload.includes('"cancel"')) return;
    const event = parseRunEvent(payload);
    if (event?.type === 'cancel') activeRuns.get(event.runId)?.abort(new RunAborted('cancelled'));
  });
}

/**
 * A predecessor on this host that died (crash, SIGKILL) left its runs locked: take them over now
 * rather than after its heartbeat goes stale (deadAfterMs).
 */
async function takeOverPredecessors(sql: Sql, log: (message: string) => void): Promise<void> {
  const predecessors = await unlockDeadOnThisHost(sql, hostname()).catch((err: unknown) => {
    log(`could not check for stopped workers on this host: ${String(err)}`);
    return [];
  });
  if (predecessors.length) log(`resumed the runs of ${predecessors.length} stopped worker(s) on this host: ${predecessors.join(', ')}`);
}

/** An owned run that must resume elsewhere (shutdown): it is queued (server/worker/run-here.ts). */
class HandedBack extends Error {}
