/**
 * The worker's graphile-worker queue: the `run-workflow` task and the hourly prune, started (and
 * restarted after a database outage) by queue-supervisor.ts.
 */
import { Logger, run, type Task } from 'graphile-worker';
import type { Sql } from 'postgres';
import { z } from 'zod';
import type { OutageGate } from '../db/availability';
import { RUN_TASK } from '../db/runs';
import { releaseWorkers } from '../db/worker-heartbeats';
import type { SettingsReader } from '../settings/store';
import { PRUNE_TASK, pruneCronItems, pruneTask } from './prune-task';
import { superviseQueue, type QueueSupervisor } from './queue-supervisor';
import type { RunExecutor } from './worker-runs';

export const runPayloadSchema = z.object({ runId: z.string() });

export interface JobQueueOptions {
  databaseUrl: string;
  sql: Sql;
  settings: SettingsReader;
  concurrency: number;
  /** graphile-worker's own pool size. */
  poolSize: number;
  outage: OutageGate;
  /** Aborted when the worker stops for good. */
  shutdownSignal: AbortSignal;
  execute: RunExecutor;
  log(message: string): void;
}

export function startJobQueue(options: JobQueueOptions): QueueSupervisor {
  const { sql, log, concurrency } = options;
  const task: Task = async (payload) => {
    const { runId } = runPayloadSchema.parse(payload);
    const handBack = () => new Error(`run ${runId} interrupted by shutdown; it will resume`);
    // The queue that handed us this job; it is aborted when that queue loses the database.
    const generation = queue.generation();
    if (generation.signal.aborted) throw handBack();
    await generation.track(() => options.execute(runId, AbortSignal.any([options.shutdownSignal, generation.signal]), handBack));
  };
  const queue = superviseQueue({
    outage: options.outage,
    log,
    // Our old pool is gone: its locked jobs (runs handed back) are free to run again.
    releaseJobs: (ids) => releaseWorkers(sql, ids),
    start: (events) =>
      run({
        connectionString: options.databaseUrl,
        concurrency,
        maxPoolSize: options.poolSize,
        noHandleSignals: true,
        pollInterval: 1000,
        taskList: { [RUN_TASK]: task, [PRUNE_TASK]: pruneTask(sql, options.settings, log) },
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
  return queue;
}

/** graphile-worker's own messages: warnings and errors only, through our log. */
function quietLogger(log: (message: string) => void): Logger {
  return new Logger(() => (level, message) => {
    // Its pool is sized from the budget on purpose: with the local queue, jobs don't hold
    // connections, so its "maxPoolSize smaller than concurrency" warning does not apply.
    if (message.includes('maxPoolSize')) return;
    if (level === 'error' || level === 'warning') log(`[worker] ${message}`);
  });
}
