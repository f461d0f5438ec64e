/**
 * Stored output pages as a stream (streamed steps, server/worker/stream-step.ts): a step's
 * output is written page by page, in the same rows and pages as `recordNodeResult` writes (so
 * the inspector, resumes and "run from here" read it as before), and the next step reads its
 * input back page by page. Only the pages in flight are in memory.
 */
import type { ReservedSql, Sql } from 'postgres';
import { z } from 'zod';
import type { HandleItems, Item } from '../../nodes/types';
import type { LogEntry, StepWarning } from './run-store';
import { PAGE_ITEMS, PREVIEW_ITEMS, previewItems } from './run-store';
import { runEventSender } from './run-events';

/**
 * Parameters typed `json`, not `jsonb` (postgres.js' `sql.json`): sent as jsonb, an item's
 * fields would come back sorted by name length, not in the order the step made them.
 */
const JSON_OID = 114;

/**
 * Pages are written by the worker itself (JSON lists of objects): a shallow check is enough,
 * where a schema would copy every item of a million-item stream.
 */
function itemsOf(value: unknown): Item[] {
  if (!Array.isArray(value) || !value.every(isItem)) throw new Error('A stored output page is not a list of items.');
  return value;
}

function isItem(value: unknown): value is Item {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Pages read per statement, and the next statement is sent while the step works on these. */
const PAGES_PER_READ = 4;
/** Full pages sent per INSERT; one INSERT is on its way while the step makes the next pages. */
const PAGES_PER_WRITE = 5;

/** The items of one stored output handle, a page at a time, in order. */
export async function* readOutputPages(sql: Sql, nodeRunId: number, handle: string): AsyncGenerator<Item[]> {
  const read = (from: number) => sql`
    select items from node_output_pages
    where node_run_id = ${nodeRunId} and handle = ${handle} and page >= ${from} and page < ${from + PAGES_PER_READ}
    order by page`;
  let next = read(0);
  for (let from = 0; ; from += PAGES_PER_READ) {
    const rows = await next;
    if (rows.length === PAGES_PER_READ) next = read(from + PAGES_PER_READ);
    for (const row of rows) yield itemsOf(row.items);
    if (rows.length < PAGES_PER_READ) return;
  }
}

/** The first item a stored result put out on `handle`, or undefined when it put out none. */
export async function firstStoredItem(sql: Sql, nodeRunId: number, handle: string): Promise<Item | undefined> {
  const [row] = await sql`
    select items->0 as item from node_output_pages where node_run_id = ${nodeRunId} and handle = ${handle} and page = 0`;
  const item: unknown = row?.item;
  return isItem(item) ? item : undefined;
}

/** All stored items of a result, per handle (for a step that needs all its input at once). */
export async function readAllOutputs(sql: Sql, nodeRunId: number, handles: string[]): Promise<HandleItems> {
  const outputs: HandleItems = {};
  for (const handle of handles) {
    const list: Item[] = (outputs[handle] = []);
    for await (const page of readOutputPages(sql, nodeRunId, handle)) for (const item of page) list.push(item);
  }
  return outputs;
}

export interface PagedAttempt {
  runId: string;
  nodeId: string;
  attempt: number;
  startedAt: Date;
}

export interface PagedEnd {
  inputCounts: Record<string, number>;
  logs: LogEntry[];
  warnings: StepWarning[];
  finishedAt: Date;
  durationMs: number;
}

/**
 * A result being written in pages, in one transaction on a reserved connection: a crash (or a
 * failed attempt, `abandon`) leaves nothing behind, and the attempt runs again from its input.
 */
export interface PagedResult {
  /** Appends items to handles; full pages go to the database. */
  add(outputs: HandleItems): Promise<void>;
  /** Writes the last pages and the result's row, commits, and announces it; returns the row id and counts. */
  commit(end: PagedEnd): Promise<{ ref: number; counts: Record<string, number> }>;
  /** Rolls back: nothing of this attempt stays. */
  abandon(): Promise<void>;
}

interface HandleState {
  count: number;
  /** The first items, for the preview kept in the row. */
  head: Item[];
  pending: Item[];
  page: number;
}

interface PageRow {
  node_run_id: number;
  handle: string;
  page: number;
  items: Item[];
}

/** Opens a paged result; the first items (`start`, the ones held in memory so far) are written first. */
export async function openPagedResult(sql: Sql, attempt: PagedAttempt, start: HandleItems): Promise<PagedResult> {
  const tx = await sql.reserve();
  let nodeRunId: number;
  try {
    await tx`begin`;
    const [row] = await tx`
      insert into node_runs (run_id, node_id, attempt, status, output_paged, started_at)
      values (${attempt.runId}, ${attempt.nodeId}, ${attempt.attempt}, 'running', true, ${attempt.startedAt})
      returning id`;
    nodeRunId = z.coerce.number().int().positive().parse(row.id);
  } catch (error) {
    await tx`rollback`.catch(() => {});
    tx.release();
    throw error;
  }
  const result = pagedResult(sql, tx, nodeRunId, attempt);
  await result.add(start);
  return result;
}

function pagedResult(sql: Sql, tx: ReservedSql, nodeRunId: number, attempt: PagedAttempt): PagedResult {
  const handles = new Map<string, HandleState>();
  let batch: PageRow[] = [];
  let writing: Promise<unknown> = Promise.resolve();
  let released = false;
  const release = () => {
    if (!released) tx.release();
    released = true;
  };

  const send = async () => {
    const rows = batch;
    batch = [];
    // One INSERT on its way at a time: the step makes the next pages meanwhile.
    await writing;
    writing = tx`insert into node_output_pages ${tx(rows.map((r) => ({ ...r, items: tx.typed(r.items, JSON_OID) })))}`;
    // Handled where it is awaited (the next send, or commit); never an unhandled rejection meanwhile.
    writing.catch(() => {});
  };

  const add = async (outputs: HandleItems) => {
    for (const [handle, items] of Object.entries(outputs)) {
      let h = handles.get(handle);
      if (!h) handles.set(handle, (h = { count: 0, head: [], pending: [], page: 0 }));
      h.count += items.length;
      for (let i = 0; i < items.length && h.head.length < PREVIEW_ITEMS; i++) h.head.push(items[i]);
      for (const item of items) {
        h.pending.push(item);
        if (h.pending.length === PAGE_ITEMS) {
          batch.push({ node_run_id: nodeRunId, handle, page: h.page++, items: h.pending });
          h.pending = [];
        }
      }
    }
    if (batch.length >= PAGES_PER_WRITE) await send();
  };

  return {
    add,
    async commit(end) {
      try {
        for (const [handle, h] of handles) {
          if (h.pending.length > 0) batch.push({ node_run_id: nodeRunId, handle, page: h.page++, items: h.pending });
          h.pending = [];
        }
        if (batch.length > 0) await send();
        await writing;
        const counts: Record<string, number> = {};
        const preview: HandleItems = {};
        for (const [handle, h] of handles) {
          counts[handle] = h.count;
          preview[handle] = previewItems(h.head);
        }
        const json = (value: unknown) => tx.typed(value, JSON_OID);
        await tx`
          update node_runs set status = 'succeeded', input_counts = ${json(end.inputCounts)}, output_counts = ${json(counts)},
            output_preview = ${json(preview)}, logs = ${json(end.logs)}, error = null,
            finished_at = ${end.finishedAt}, duration_ms = ${end.durationMs}, warnings = ${json(end.warnings)}
          where id = ${nodeRunId}`;
        await tx`commit`;
        release();
        void runEventSender(sql).send({
          type: 'node',
          runId: attempt.runId,
          nodeId: attempt.nodeId,
          status: 'succeeded',
          attempt: attempt.attempt,
          outputCounts: counts,
          durationMs: end.durationMs,
        });
        return { ref: nodeRunId, counts };
      } catch (error) {
        await this.abandon();
        throw error;
      }
    },
    async abandon() {
      if (released) return;
      await writing.catch(() => {});
      await tx`rollback`.catch(() => {});
      release();
    },
  };
}
