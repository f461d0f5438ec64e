/**
 * node_runs rows as one JSON parameter. A run kept until its end (`end` mode) stores ~100 rows in
 * one statement: sent as 14 parameters a row, postgres.js encoded and wrote 1,400 values, and the
 * statement hit postgres.js' 65,534-parameter cap beyond ~46 such runs group-committed together.
 * Here the rows travel as one JSON array that Postgres expands with `json_to_recordset`, and each
 * output item is stringified once: the text that measures it for the preview is the text sent.
 *
 * Values stay what they were: outputs go to a json column (field order kept) as the exact text
 * JSON.stringify made; the jsonb columns get the same text as before; timestamps and numbers
 * round-trip through their JSON form (timestamps as epoch milliseconds, which the millisecond columns keep exactly; numbers as their shortest exact text).
 */
import type postgres from 'postgres';
import type { Sql } from 'postgres';
import { withStorableText } from '../../core/text-check';
import type { HandleItems, Item } from '../../nodes/types';
import type { NodeRecord } from './run-store';

/** Items per handle kept in the node_runs row; longer lists go to node_output_pages. */
export const PREVIEW_ITEMS = 20;
/**
 * Bytes (as JSON) of the preview kept in the node_runs row, which every `runs.get` answer
 * carries: one 100 MB item once made that answer 209 MB. Larger outputs are paged, whatever
 * their item count, and the preview holds only the items that fit.
 */
export const PREVIEW_BYTES = 256 * 1024;

/** The JSON texts of the first items of a handle that fit the preview (by count and by bytes). */
function previewTexts(items: Item[]): string[] {
  const texts: string[] = [];
  let bytes = 0;
  const end = Math.min(items.length, PREVIEW_ITEMS);
  for (let i = 0; i < end; i++) {
    // As JSON.stringify writes an array element: what has no JSON form is null.
    const text = JSON.stringify(items[i]) ?? 'null';
    bytes += text.length;
    if (bytes > PREVIEW_BYTES) break;
    texts.push(text);
  }
  return texts;
}

/** The first items of a handle that fit the preview (by count and by bytes). */
export function previewItems(items: Item[]): Item[] {
  return items.slice(0, previewTexts(items).length);
}

interface Split {
  /** Whether the whole output must be stored in pages (it didn't fit). */
  paged: boolean;
  /** The JSON text of what the row keeps: the whole output, or its preview when paged. */
  previewJson: string;
  /** The JSON text of the item counts per handle. */
  countsJson: string;
  counts: Record<string, number>;
}

// A record is asked several times on its way to the database (batching, paging, row values):
// measure its items once.
const splits = new WeakMap<HandleItems, Split>();

function splitOutputs(outputs: HandleItems): Split {
  let split = splits.get(outputs);
  if (!split) {
    split = measureOutputs(outputs);
    splits.set(outputs, split);
  }
  return split;
}

function measureOutputs(outputs: HandleItems): Split {
  let paged = false;
  let previewJson = '{';
  const counts: Record<string, number> = {};
  for (const [handle, items] of Object.entries(outputs)) {
    const texts = previewTexts(items);
    if (texts.length < items.length) paged = true;
    if (previewJson.length > 1) previewJson += ',';
    previewJson += `${JSON.stringify(handle)}:[${texts.join(',')}]`;
    counts[handle] = items.length;
  }
  return { paged, previewJson: `${previewJson}}`, countsJson: JSON.stringify(counts), counts };
}

/** Whether an output must be stored with pages of its own (it doesn't fit its row's preview). */
export function needsPages(outputs: HandleItems): boolean {
  return splitOutputs(outputs).paged;
}

/** Item counts per handle (measured once per output). */
export function countsOf(outputs: HandleItems): Record<string, number> {
  return splitOutputs(outputs).counts;
}

/**
 * JSON that a json column takes as it is but `json_to_recordset` refuses to read through: the
 * escape of a NUL or of half a surrogate pair (JSON.stringify writes those in lower case). A
 * literal backslash before such text also matches; that only takes the slower, equal path.
 */
const UNREADABLE_ESCAPE = /\\u(?:0000|d[89a-f])/;

/**
 * JSON for a jsonb column (logs, errors, warnings): jsonb refuses a NUL and half a surrogate pair,
 * so those become U+FFFD there (outputs keep them: they go to a json column).
 */
export function jsonbText(value: unknown): string {
  const text = JSON.stringify(value);
  return UNREADABLE_ESCAPE.test(text) ? JSON.stringify(withStorableText(JSON.parse(text))) : text;
}

/**
 * One row as JSON, keyed by the short names `insertNodeRuns` reads. Timestamps go as epoch
 * milliseconds (a Date holds nothing finer; formatting ISO text cost more than the rest of the
 * row); the attempt (a counter) and the status (one of four words) need no escaping.
 */
function rowJson(record: NodeRecord, runIdJson: string): string {
  const { paged, previewJson, countsJson } = splitOutputs(record.outputs);
  let row = `{"r":${runIdJson},"n":${JSON.stringify(record.nodeId)},"a":${record.attempt},"s":"${record.status}"`;
  row += `,"ic":${JSON.stringify(record.inputCounts)},"oc":${countsJson}`;
  // Carried as a JSON string (decoded to the same text) when Postgres could not read it inline.
  row += UNREADABLE_ESCAPE.test(previewJson) ? `,"os":${JSON.stringify(previewJson)}` : `,"o":${previewJson}`;
  row += `,"p":${paged}`;
  // Most steps log nothing: Postgres makes the empty list once, not a jsonb value per row.
  if (record.logs.length > 0) row += `,"l":${jsonbText(record.logs)}`;
  if (record.error) row += `,"e":${jsonbText(record.error)}`;
  if (record.startedAt) row += `,"sa":${record.startedAt.getTime()}`;
  if (record.finishedAt) row += `,"fa":${record.finishedAt.getTime()}`;
  if (record.durationMs !== null) row += `,"d":${JSON.stringify(record.durationMs)}`;
  if (record.warnings?.length) row += `,"w":${jsonbText(record.warnings)}`;
  return `${row}}`;
}

/** Rows of node results as one text parameter (typed text: postgres.js would re-encode a string it sends as json). */
function rowsParameter(q: Sql | postgres.TransactionSql, records: NodeRecord[]) {
  let text = '[';
  // A run's results come together: its id is escaped once.
  let runId = '';
  let runIdJson = '';
  for (let i = 0; i < records.length; i++) {
    const record = records[i];
    if (record.runId !== runId) {
      runId = record.runId;
      runIdJson = JSON.stringify(runId);
    }
    text += (i === 0 ? '' : ',') + rowJson(record, runIdJson);
  }
  return q.typed(`${text}]` as never, 25);
}

/**
 * `insert into node_runs` of these results, as a fragment to run or to put in a WITH. A JSON
 * null or absent key is SQL null; absent logs and warnings are `[]`, the columns' default.
 */
export function insertNodeRuns(q: Sql | postgres.TransactionSql, records: NodeRecord[]): postgres.PendingQuery<postgres.Row[]> {
  return q`
    insert into node_runs (run_id, node_id, attempt, status, input_counts, output_counts, output_preview, output_paged,
                           logs, error, started_at, finished_at, duration_ms, warnings)
    select r, n, a, s, ic, oc, coalesce(o, os::json), p, coalesce(l, '[]'), e, to_timestamp(sa / 1000), to_timestamp(fa / 1000), d, coalesce(w, '[]')
    from json_to_recordset(${rowsParameter(q, records)}::json) as x (r text, n text, a int, s text, ic jsonb, oc jsonb,
      o json, os text, p boolean, l jsonb, e jsonb, sa float8, fa float8, d float8, w jsonb)`;
}
