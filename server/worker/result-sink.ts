/**
 * Where a run's step results go, by the workflow's durability setting:
 * - `node` (durable): each result is written as the step ends. A step without side effects can
 *   safely run again after a crash, so its result need not wait for the disk (asynchronous
 *   commit) and may even wait a few milliseconds for company (held-results.ts); one with side
 *   effects waits (synchronous commit), which also flushes every earlier result. The success of
 *   a step without side effects that ends the run is kept for the run's end statement.
 * - `end`: every result is kept and stored with the run's end, in one statement.
 */
import type { Sql } from 'postgres';
import { fitsOneRow, recordNodeResults, recordSkipped, resultWriter, type NodeRecord, type StepWarning } from '../db/run-store';
import { heldResults } from './held-results';

export interface ResultSink {
  /**
   * Stores (or keeps) one attempt's result. `sync`: the step has side effects. `endsRun`: nothing
   * runs after this step (core/scheduler.ts `isLast`), so its success may go with the run's end.
   */
  store(record: NodeRecord, sync: boolean, endsRun: boolean): Promise<void>;
  /**
   * Writes what is held now: a streamed step commits its pages in its own transaction, and no
   * result may be committed before those of the steps before it (server/worker/stream-step.ts).
   */
  flush(): Promise<void>;
  /** Stores steps decided as skipped, with the warnings of those that have one. */
  skip(nodeIds: string[], warnings: ReadonlyMap<string, StepWarning[]>): Promise<void>;
  /** The run is handed back (shutdown): what is held or kept is written, without waiting for the disk. */
  handBack(): Promise<void>;
  /** What the run's end statement must carry. */
  kept(): Promise<NodeRecord[]>;
  /** Stops the hold timer; what is still held is dropped. */
  close(): void;
}

export interface ResultSinkOptions {
  sql: Sql;
  /** A pool whose commits do not wait for the disk (default: `sql`). */
  sqlAsync?: Sql;
  runId: string;
  durable: boolean;
}

export function createResultSink(options: ResultSinkOptions): ResultSink {
  const { sql, runId, durable } = options;
  const sqlAsync = options.sqlAsync ?? sql;
  // Results of parallel branches that finish while one is being written share the next statement.
  const writers = { sync: resultWriter(sql), async: resultWriter(sqlAsync) };
  const held = heldResults((records) => writers.async.writeMany(records));
  const buffered: NodeRecord[] = [];
  let last: NodeRecord | null = null;
  const takeHeld = async () => [...(await held.take()), ...(last ? [last] : [])];

  return {
    async store(record, sync, endsRun) {
      if (!durable) buffered.push(record);
      else if (!sync && record.status === 'succeeded' && endsRun) last = record;
      else if (!sync && fitsOneRow(record)) held.hold(record);
      else await writers[sync ? 'sync' : 'async'].writeMany([...(await held.take()), record]);
    },
    flush: async () => void (durable && (await writers.async.writeMany(await held.take()))),
    async skip(nodeIds, warnings) {
      if (durable) {
        await writers.async.writeMany(await held.take());
        await recordSkipped(sql, runId, nodeIds, warnings);
      } else for (const nodeId of nodeIds) buffered.push({ ...skippedRecord(runId, nodeId), warnings: warnings.get(nodeId) ?? [] });
    },
    handBack: async () => recordNodeResults(sqlAsync, await takeHeld()),
    kept: async () => (durable ? takeHeld() : buffered),
    close: () => held.close(),
  };
}

function skippedRecord(runId: string, nodeId: string): NodeRecord {
  return {
    runId,
    nodeId,
    attempt: 1,
    status: 'skipped',
    inputCounts: {},
    outputs: {},
    logs: [],
    error: null,
    startedAt: null,
    finishedAt: null,
    durationMs: null,
  };
}
