/**
 * Runs executed by the process that accepted them (webhooks), without a queue job: the run is
 * stored as running and owned by this process, executed here, and its results and end are
 * committed together; the caller answers from them. Skipping the job saves its round trips
 * (add with a notifying commit, fetch, complete) and the notify lock: about half of a webhook
 * run's transactions (docs/benchmarks.md).
 *
 * Durability is the queue's: the owner is a row in worker_heartbeats. If this process dies, the
 * sweep that frees dead workers' jobs queues its owned runs (server/db/worker-heartbeats.ts), and
 * a worker resumes them from their stored results. A run handed back at shutdown or after an
 * outage is queued at once.
 *
 * Its live events are quiet: this process's subscribers get them in memory, other processes
 * through Postgres only when they watch the run (server/db/run-watch.ts).
 */
import type { Sql } from 'postgres';
import { insertOwnedRun, queueOwnedRun, type NewRun } from '../db/runs';
import type { RunForExecution } from '../db/run-store';
import { markQuiet, type WatchKnowledge } from '../db/run-watch';
import type { RunHere } from '../run-ends';
import { newId } from '../ids';

export interface RunHereOptions {
  /** Synchronous-commit pool (inserts callers answer on before the run ends; hand-backs). */
  sql: Sql;
  /** Asynchronous-commit pool: the insert of a run whose caller waits for its end. */
  sqlAsync: Sql;
  /** This process's worker_heartbeats row. */
  owner: string;
  /** What other processes watch: a run's events go through Postgres only for them. */
  watchers: WatchKnowledge;
  /** Owned runs at once; more go to the queue. */
  capacity: number;
  /** False once the worker stops: new runs go to the queue. */
  accepting(): boolean;
  /** Executes a stored run to its end; 'handed-back' when it must resume elsewhere. */
  execute(runId: string, run: RunForExecution): Promise<'done' | 'handed-back'>;
  log(message: string, fields?: { runId: string }): void;
}

export interface RunHereHost extends RunHere {
  /** Resolves when no owned run executes here any more. */
  settled(): Promise<void>;
  /** Ids of the owned runs being stored or executed here (any other run we own is a stray to queue). */
  executing(): string[];
}

export function createRunHere(options: RunHereOptions): RunHereHost {
  const running = new Map<string, Promise<void>>();

  const handBack = async (runId: string) => {
    // If this fails too (the database is away), the owner's heartbeat row stays behind and the
    // dead-worker sweep queues the run later.
    await queueOwnedRun(options.sql, runId).catch((error: unknown) =>
      options.log(`run ${runId} could not be queued after it was handed back: ${String(error)}`, { runId }),
    );
  };

  return {
    async start(input: NewRun, { durable, workflow }) {
      if (running.size >= options.capacity || !options.accepting()) return null;
      const startedAt = new Date();
      const runId = newId('run');
      // Counted as executing from before its insert, so the stray sweep never queues it meanwhile.
      let release!: () => void;
      running.set(runId, new Promise<void>((resolve) => (release = resolve)));
      try {
        await insertOwnedRun(durable ? options.sql : options.sqlAsync, runId, input, options.owner, startedAt);
      } catch (error) {
        running.delete(runId);
        release();
        throw error;
      }
      const run: RunForExecution = {
        id: runId,
        workflowId: input.workflowId,
        document: input.document,
        status: 'running',
        triggerKind: input.triggerKind,
        triggerNodeId: input.triggerNodeId ?? null,
        triggerPayload: input.triggerPayload ?? null,
        startNodeId: input.startNodeId ?? null,
        sourceRunId: input.sourceRunId ?? null,
        cancelRequested: false,
        hasResults: false,
        startedAt,
        workflow: { id: input.workflowId, ...workflow },
      };
      const endQuiet = markQuiet(runId, options.watchers);
      const execution = options
        .execute(runId, run)
        .then((outcome) => (outcome === 'handed-back' ? handBack(runId) : undefined))
        .catch(async (error: unknown) => {
          options.log(`run ${runId} stopped unexpectedly: ${String(error)}`, { runId });
          await handBack(runId);
        })
        .finally(() => {
          endQuiet();
          running.delete(runId);
          release();
        });
      running.set(runId, execution);
      return runId;
    },
    async settled() {
      while (running.size) await Promise.allSettled([...running.values()]);
    },
    executing: () => [...running.keys()],
  };
}
