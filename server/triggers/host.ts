/**
 * The trigger host: runs the schedule, file, poll and database listeners of all active
 * workflows, in exactly one process per database. Every process that starts a host (npm start,
 * workers) competes for a Postgres advisory lock on a connection of its own; the holder runs
 * the listeners, the others retry every few seconds and take over when the holder goes away
 * (its connection closes, so Postgres releases the lock).
 *
 * Webhooks are not here: every web server answers them itself (webhook.ts).
 */
import path from 'node:path';
import { openTriggerHostLock } from '../db/trigger-host-lock';
import type { Connector } from '../network/connector';
import { loadConfig } from '../config';
import { ensurePluginsLoaded } from '../plugins';
import type { AppContext } from '../context';
import { pollListener } from './poll';
import { postgresListener } from './postgres';
import { scheduleListener } from './schedule';
import { stepListenerTypes } from './step-listeners';
import { createSupervisor, type Supervisor } from './supervisor';
import type { ListenerStatus, ListenerType } from './types';

/** Listeners kept in this folder (they need the database or the transaction-level fire). */
export const HOST_LISTENER_TYPES = [scheduleListener, pollListener, postgresListener] as ListenerType[];

/** Everything the host runs: its own listeners plus every step with `listen` (file watch, plugin triggers). */
export function hostListenerTypes(): ListenerType[] {
  return [...HOST_LISTENER_TYPES, ...stepListenerTypes()];
}

export interface TriggerHostOptions {
  ctx: AppContext;
  databaseUrl: string;
  /** Where relative folders of file triggers point (default TASKMASTER_DATA_DIR/files). */
  filesDir?: string;
  /** How often a waiting host tries the lock, and the holder checks it still has it (default 5 s). */
  lockCheckMs?: number;
  /** The worker's guarded connector; default: one reading the saved outbound rules at each connection. */
  network?: Connector;
  log?: (message: string) => void;
  /** Listener types to run (default: all but webhooks). */
  types?: ListenerType[];
}

export interface TriggerHost {
  /** True while this process holds the lock and runs the listeners. */
  isLeader(): boolean;
  status(): ListenerStatus[];
  /** Resolves when pending reloads are done (tests). */
  settled(): Promise<void>;
  stop(): Promise<void>;
}

export async function startTriggerHost(options: TriggerHostOptions): Promise<TriggerHost> {
  const log = options.log ?? (() => {});
  // Plugin triggers listen like built-in ones: the registry must know them first.
  await ensurePluginsLoaded(log);
  const lockCheckMs = options.lockCheckMs ?? 5000;
  const filesDir = options.filesDir ?? path.join(loadConfig().dataDir, 'files');
  const lock = openTriggerHostLock(options.databaseUrl);
  let supervisor: Supervisor | null = null;
  let stopped = false;
  let checking: Promise<void> = Promise.resolve();

  const lead = async () => {
    supervisor = createSupervisor({
      ctx: options.ctx,
      types: options.types ?? hostListenerTypes(),
      filesDir,
      network: options.network,
      log,
    });
    log('This process now runs the automatic triggers (schedules, file watches, polls, database events).');
    await supervisor.start();
  };

  const step = async () => {
    if (stopped) return;
    try {
      if (supervisor) {
        if (await lock.holds()) return;
        log('Lost the trigger lock (database connection dropped); stopping triggers here until it is back.');
      } else {
        if ((await lock.tryTake()) && !stopped) await lead();
        return;
      }
    } catch (err) {
      if (!supervisor) return; // The database is away; try again at the next check.
      log(`Could not check the trigger lock (${(err as Error).message}); stopping triggers here to be safe.`);
    }
    const s = supervisor;
    supervisor = null;
    await s?.stop();
  };

  await step();
  const timer = setInterval(() => {
    checking = checking.then(step);
  }, lockCheckMs);
  timer.unref();

  return {
    isLeader: () => supervisor !== null,
    status: () => supervisor?.status() ?? [],
    settled: async () => {
      await checking;
      await supervisor?.settled();
    },
    async stop() {
      stopped = true;
      clearInterval(timer);
      await checking;
      await supervisor?.stop();
      supervisor = null;
      // Closing the session releases the lock; another host takes over at its next check.
      await lock.close();
    },
  };
}
