/**
 * Waiting for runs to end, cheaply, for callers that wait for many runs at once (webhooks
 * answered when the workflow is done).
 *
 * - Ends of runs a worker of THIS process executed are handed over in memory with their node
 *   results (`publishLocalRunEnd`), so the answer needs no read from Postgres.
 * - Ends of runs other processes executed arrive as run events on the process's one LISTEN
 *   connection (services/live.ts). A watch opened before the run is created sees its end even
 *   when it comes before anyone asks, so no "has it finished already?" query is needed.
 * - A slow poll of the table covers a lost event (the LISTEN connection dropped).
 */
import type { Sql } from 'postgres';
import type { NodeState } from '../core/plan';
import type { NodeError } from './db/run-store';
import { runStatus, type NewRun } from './db/runs';
import { subscribeRunEvents } from './services/live';

export type FinalStatus = 'succeeded' | 'failed' | 'cancelled';

export interface RunEnd {
  status: FinalStatus;
  /** Present when a worker of this process executed the run: every node's state and outputs. */
  local?: { error: (NodeError & { nodeId?: string }) | null; nodes: ReadonlyMap<string, NodeState> };
}

const localWaiters = new Map<string, (end: RunEnd) => void>();

/** Called by the run loop when a run's end is stored: hands it to a waiter of this process, if any. */
export function publishLocalRunEnd(runId: string, end: Required<RunEnd>): void {
  localWaiters.get(runId)?.(end);
}

/**
 * Runs executed by the process that accepts them (server/worker/run-here.ts): offered by the
 * process's worker to the code that starts runs on the same database pool (webhooks).
 */
export interface RunHere {
  /**
   * Stores the run (owned by this process, no queue job) and starts executing it; null when
   * this process is busy or stopping (queue the run instead). `durable`: the insert waits for
   * the disk, for callers that answer before the run ends. `workflow`: its name now and whether
   * it is on (`$workflow` in expressions), as the caller knows them.
   */
  start(input: NewRun, options: { durable: boolean; workflow: { name: string; active: boolean } }): Promise<string | null>;
}

const runHereByPool = new WeakMap<Sql, RunHere>();

/** This process's worker takes runs started through `sql` (null: it stopped taking them). */
export function offerRunsHere(sql: Sql, runHere: RunHere | null): void {
  if (runHere) runHereByPool.set(sql, runHere);
  else runHereByPool.delete(sql);
}

/** The worker of this process that takes runs started through `sql`, if any. */
export function runHereFor(sql: Sql): RunHere | undefined {
  return runHereByPool.get(sql);
}

const FINAL = new Set<string>(['succeeded', 'failed', 'cancelled']);
const isFinal = (status: string): status is FinalStatus => FINAL.has(status);
const POLL_MS = 1000;
/** Ends remembered for watches that do not know their run id yet (bounded). */
const RECENT_ENDS = 10_000;

interface Hub {
  openWatches: number;
  recent: Map<string, FinalStatus>;
  waiters: Map<string, (end: RunEnd) => void>;
  ready: Promise<unknown>;
}
const hubs = new WeakMap<Sql, Hub>();

function hubFor(sql: Sql): Hub {
  let hub = hubs.get(sql);
  if (hub) return hub;
  const h: Hub = { openWatches: 0, recent: new Map(), waiters: new Map(), ready: Promise.resolve() };
  const sub = subscribeRunEvents(sql, (event) => {
    if (event.type !== 'run' || !FINAL.has(event.status) || h.openWatches === 0) return;
    const status = event.status as FinalStatus;
    const waiter = h.waiters.get(event.runId);
    if (waiter) return waiter({ status });
    h.recent.set(event.runId, status);
    if (h.recent.size > RECENT_ENDS) h.recent.delete(h.recent.keys().next().value!);
  });
  h.ready = sub.ready;
  hubs.set(sql, h);
  return h;
}

export interface RunEndWatch {
  /** Resolves when the run ends; rejects after `timeoutMs` (0: never). Call once. */
  until(runId: string, timeoutMs: number): Promise<RunEnd>;
  /** Releases the watch without waiting (the run could not be created). */
  close(): void;
}

/** Opens a watch before the run it waits for is created (so its end cannot be missed). */
export async function watchRunEnd(sql: Sql): Promise<RunEndWatch> {
  const hub = hubFor(sql);
  hub.openWatches++;
  await hub.ready;
  let closed = false;
  const close = () => {
    if (closed) return;
    closed = true;
    if (--hub.openWatches === 0) hub.recent.clear();
  };
  return {
    close,
    until(runId, timeoutMs) {
      return new Promise<RunEnd>((resolve, reject) => {
        let done = false;
        const finish = (end: RunEnd | null, error?: Error) => {
          if (done) return;
          done = true;
          clearInterval(poll);
          clearTimeout(timer);
          localWaiters.delete(runId);
          hub.waiters.delete(runId);
          hub.recent.delete(runId);
          close();
          if (end) resolve(end);
          else reject(error!);
        };
        // A local end carries the results: it wins over the event of the same end.
        localWaiters.set(runId, (end) => finish(end));
        hub.waiters.set(runId, (end) => {
          // Give a local end published in the same tick a chance to arrive first.
          setImmediate(() => finish(end));
        });
        const seen = hub.recent.get(runId);
        if (seen) setImmediate(() => finish({ status: seen }));
        const poll = setInterval(() => {
          runStatus(sql, runId).then(
            (status) => {
              if (!status) finish(null, new Error(`run ${runId} does not exist`));
              else if (isFinal(status)) finish({ status });
            },
            (err: Error) => finish(null, err),
          );
        }, POLL_MS);
        const timer =
          timeoutMs > 0
            ? setTimeout(() => finish(null, new Error(`run ${runId} did not finish within ${timeoutMs} ms`)), timeoutMs)
            : undefined;
      });
    },
  };
}
