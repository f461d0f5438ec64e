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
  /** Bytes of the pages made so far, as the JSON they are stored as (the last, partial page of each handle not yet counted). */
  readonly bytes: number;
  /** Makes the last, partial pages (so `bytes` counts everything); nothing may be added after. */
  finish(): void;
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
  handle: string;
  page: number;
  /** The page's items as JSON, made once: its length counts towards the output limit, and it is what is sent. */
  json: string;
}

/**
 * Connections each pool has lent to paged results (held for a whole step) or promised to ones
 * waiting for a connection. A step started ahead of its turn (a fused successor, stream-step.ts)
 * takes one only while at least one more stays free: its predecessor may be waiting for it to
 * read on, so it must never take the last connection that predecessor, or another run's, needs.
 */
const heldConnections = new WeakMap<Sql, number>();

function poolSize(sql: Sql): number {
  const max: unknown = (sql as { options?: { max?: unknown } }).options?.max;
  return typeof max === 'number' && max > 0 ? max : 10;
}

/**
 * Opens a paged result; the first items (`start`, the ones held in memory so far) are written first.
 * With `ahead` (a step started before its turn), returns null instead of waiting when the pool has
 * no connection to spare.
 */
export async function openPagedResult(sql: Sql, attempt: PagedAttempt, start: HandleItems, ahead: true): Promise<PagedResult | null>;
export async function openPagedResult(sql: Sql, attempt: PagedAttempt, start: HandleItems, ahead?: false): Promise<PagedResult>;
export async function openPagedResult(sql: Sql, attempt: PagedAttempt, start: HandleItems, ahead = false): Promise<PagedResult | null> {
  const held = heldConnections.get(sql) ?? 0;
  if (ahead && held + 2 > poolSize(sql)) return null;
  heldConnections.set(sql, held + 1);
  let returned = false;
  const giveBack = () => {
    if (!returned) heldConnections.set(sql, (heldConnections.get(sql) ?? 1) - 1);
    returned = true;
  };
  let tx: ReservedSql;
  try {
    tx = await sql.reserve();
  } catch (error) {
    giveBack();
    throw error;
  }
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
    giveBack();
    throw error;
  }
  const result = pagedResult(sql, tx, nodeRunId, attempt, giveBack);
  await result.add(start);
  return result;
}

/**
 * `insert … values ($1, $2, $3::json), …` for `rows` pages: the items go as text made once by
 * JSON.stringify (a json-typed parameter would be stringified by postgres.js again).
 */
function insertPages(tx: ReservedSql, nodeRunId: number, rows: PageRow[]) {
  const values: string[] = [];
  const params: unknown[] = [nodeRunId];
  for (const row of rows) {
    params.push(row.handle, row.page, row.json);
    const n = params.length;
    values.push(`($1, $${n - 2}, $${n - 1}, $${n}::text::json)`);
  }
  const text = `insert into node_output_pages (node_run_id, handle, page, items) values ${values.join(', ')}`;
  return tx.unsafe(text, params as never[]);
}

function pagedResult(sql: Sql, tx: ReservedSql, nodeRunId: number, attempt: PagedAttempt, giveBack: () => void): PagedResult {
  const handles = new Map<string, HandleState>();
  let batch: PageRow[] = [];
  let bytes = 0;
  let writing: Promise<unknown> = Promise.resolve();
  let released = false;
  const release = () => {
    if (!released) {
      tx.release();
      giveBack();
    }
    released = true;
  };

  // Made as soon as the page is full: the items may be handed on (a fused successor) meanwhile.
  const page = (handle: string, h: HandleState) => {
    const json = JSON.stringify(h.pending);
    bytes += json.length;
    batch.push({ handle, page: h.page++, json });
    h.pending = [];
  };

  const send = async () => {
    const rows = batch;
    batch = [];
    // One INSERT on its way at a time: the step makes the next pages meanwhile.
    await writing;
    writing = insertPages(tx, nodeRunId, rows);
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
        if (h.pending.length === PAGE_ITEMS) page(handle, h);
      }
    }
    if (batch.length >= PAGES_PER_WRITE) await send();
  };

  return {
    add,
    get bytes() {
      return bytes;
    },
    finish() {
      for (const [handle, h] of handles) if (h.pending.length > 0) page(handle, h);
    },
    async commit(end) {
      try {
        this.finish();
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
