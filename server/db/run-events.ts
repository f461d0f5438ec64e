/**
 * Live run events, sent after the writes they describe have committed, from statements of
 * their own that write nothing.
 *
 * Why not `pg_notify` inside the write: Postgres holds a database-wide lock from the moment a
 * notifying transaction starts to commit until its commit is flushed, so every notifying commit
 * waits for the disk alone, one after another (docs/benchmarks.md, bottleneck 1). A transaction
 * that only notifies writes no WAL of its own: its commit waits for no flush, so it holds that
 * lock for microseconds. And events queued while one such statement is on its way go out
 * together in the next: one statement per burst, not one per node.
 *
 * Events are for live views and waiters, never the truth: those re-read the stored run (and
 * waiters poll) in case one is lost, e.g. when the connection drops.
 *
 * Events of a quiet run (executed in the process that accepted it) reach this process's
 * subscribers at once through the process's bus, and Postgres only when someone elsewhere
 * watches the run (run-watch.ts).
 */
import type { Sql } from 'postgres';
import { EVENTS_CHANNEL, type RunEvent } from '../../core/run-events';
import { deliverLocal, quietRunOf, payloadOf } from './run-watch';

export interface RunEventSender {
  /**
   * Queues an event; resolves once it has been sent (or could not be, or need not be). Never rejects. Node
   * events and "running" wait up to NODE_EVENT_DELAY_MS for company; other run events go out at
   * once, with everything queued before it (order is kept).
   */
  send(event: RunEvent): Promise<void>;
}

/**
 * How long a node event may wait for others. A chain of fast nodes then costs one statement
 * per few dozen nodes instead of one per node; a person watching the canvas can't tell 20 ms.
 */
const NODE_EVENT_DELAY_MS = 20;

const senders = new WeakMap<Sql, RunEventSender>();

/**
 * Node events and a run's "running" may wait for company: a fast run's start, steps and end then
 * go out in one statement (its end sends everything queued before it, in order). Ends, queued
 * runs and cancel requests go at once: waiters and workers act on them.
 */
function mayWait(event: RunEvent): boolean {
  return event.type === 'node' || (event.type === 'run' && event.status === 'running');
}

/** The sender of one connection pool: every caller in the process shares its bursts. */
export function runEventSender(sql: Sql): RunEventSender {
  let sender = senders.get(sql);
  if (!sender) {
    sender = createSender(sql);
    senders.set(sql, sender);
  }
  return sender;
}

function createSender(sql: Sql): RunEventSender {
  let queue: Array<{ payload: string; done: () => void }> = [];
  let sending = false;
  let timer: NodeJS.Timeout | null = null;

  const pump = async () => {
    if (timer) clearTimeout(timer);
    timer = null;
    sending = true;
    while (queue.length) {
      const batch = queue;
      queue = [];
      const payloads = batch.map((e) => e.payload);
      try {
        if (payloads.length === 1) await sql`select pg_notify(${EVENTS_CHANNEL}, ${payloads[0]})`;
        else await sql`select pg_notify(${EVENTS_CHANNEL}, e) from unnest(${sql.array(payloads)}::text[]) as e`;
      } catch {
        // Best effort: listeners re-read the stored state (see above).
      }
      for (const e of batch) e.done();
    }
    sending = false;
  };

  return {
    send(event) {
      const quiet = quietRunOf(event);
      if (quiet) {
        deliverLocal(sql, event);
        if (!quiet.watched(event)) return Promise.resolve();
      }
      return new Promise<void>((resolve) => {
        queue.push({ payload: quiet ? payloadOf(event) : JSON.stringify(event), done: resolve });
        if (sending) return; // the running pump takes it
        if (!mayWait(event)) void pump();
        else if (!timer) timer = setTimeout(() => void pump(), NODE_EVENT_DELAY_MS);
      });
    },
  };
}
