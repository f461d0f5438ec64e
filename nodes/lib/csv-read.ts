/**
 * Streaming CSV reading for Load CSV: the file is parsed chunk by chunk, never held as one
 * string, and the cells of each row become one item.
 */
import { StringDecoder } from 'node:string_decoder';
import type { Item } from '../types';
import { CsvRecords, UnclosedQuoteError } from './csv-records';
import type { Encoding } from './data-source';

export const DELIMITERS = { comma: ',', semicolon: ';', tab: '\t', pipe: '|' } as const;
export type DelimiterName = keyof typeof DELIMITERS;
export const DELIMITER_LABELS = {
  comma: 'Comma ( , )',
  semicolon: 'Semicolon ( ; )',
  tab: 'Tab',
  pipe: 'Vertical bar ( | )',
} as const;

export interface CsvReadOptions {
  delimiter: DelimiterName | 'auto';
  hasHeader: boolean;
  encoding: Encoding;
  skipEmptyLines: boolean;
}

export interface CsvReadResult {
  items: Item[];
  columns: string[];
  delimiter: string;
}

/** How much of the start of the data is looked at to guess the delimiter. */
const SNIFF_BYTES = 64 * 1024;
const SNIFF_LINES = 20;

/** The first `size` bytes (or all, if shorter) and an iterable that still yields everything. */
async function peek(chunks: AsyncIterable<Buffer>, size: number): Promise<{ head: Buffer; all: AsyncIterable<Buffer>; complete: boolean }> {
  const iterator = chunks[Symbol.asyncIterator]();
  const taken: Buffer[] = [];
  let length = 0;
  let complete = false;
  while (length < size) {
    const next = await iterator.next();
    if (next.done) {
      complete = true;
      break;
    }
    taken.push(next.value);
    length += next.value.length;
  }
  async function* all() {
    try {
      yield* taken;
      if (complete) return;
      for (;;) {
        const next = await iterator.next();
        if (next.done) return;
        yield next.value;
      }
    } finally {
      // Closes the file or download when parsing stops early.
      await iterator.return?.();
    }
  }
  return { head: Buffer.concat(taken), all: all(), complete };
}

/** Lines of a sample, split only at line breaks outside double quotes (a quoted cell may span lines). */
function sampleLines(sample: string, complete: boolean): string[] {
  const lines: string[] = [];
  let quoted = false;
  let start = 0;
  for (let i = 0; i < sample.length && lines.length < SNIFF_LINES; i++) {
    const char = sample[i];
    if (char === '"') quoted = !quoted;
    else if (char === '\n' && !quoted) {
      lines.push(sample.slice(start, i));
      start = i + 1;
    }
  }
  // The last line of an incomplete sample is probably cut off, so it would miscount.
  if (complete && lines.length < SNIFF_LINES && start < sample.length) lines.push(sample.slice(start));
  return lines.filter((line) => line.trim() !== '');
}

function countOutsideQuotes(line: string, delimiter: string): number {
  let count = 0;
  let quoted = false;
  for (const char of line) {
    if (char === '"') quoted = !quoted;
    else if (char === delimiter && !quoted) count++;
  }
  return count;
}

/**
 * The candidate that splits the first line and then splits the most lines into the same
 * number of cells; comma when nothing splits (a single-column file).
 */
export function sniffDelimiter(sample: string, complete = true): string {
  const lines = sampleLines(sample, complete);
  let best: string = DELIMITERS.comma;
  let bestScore = 0;
  for (const delimiter of Object.values(DELIMITERS)) {
    const counts = lines.map((line) => countOutsideQuotes(line, delimiter));
    if (!counts.length || counts[0] === 0) continue;
    const sameAsFirst = counts.filter((n) => n === counts[0]).length;
    const score = sameAsFirst * 1000 + counts[0];
    if (score > bestScore) [best, bestScore] = [delimiter, score];
  }
  return best;
}

/** Header names made usable: trimmed, blanks named after their position, repeats numbered. */
function headerNames(record: string[]): string[] {
  const used = new Set<string>();
  return record.map((raw, index) => {
    const base = raw.trim() || `column_${index + 1}`;
    let name = base;
    for (let n = 2; used.has(name); n++) name = `${base}_${n}`;
    used.add(name);
    return name;
  });
}

/** A plain reason for the parser's error, with the line it points at. */
function csvProblem(error: UnclosedQuoteError): Error {
  return new Error(
    `A value in double quotes that starts on line ${error.line} is never closed. Add the missing closing quote ("), or check the delimiter.`,
  );
}

/** The encoding a byte-order mark at the start says, else the chosen one (as csv-parse's `bom` option did). */
function encodingOf(head: Buffer, chosen: Encoding): Encoding {
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return 'utf8';
  if (head[0] === 0xff && head[1] === 0xfe) return 'utf16le';
  return chosen;
}

/** Parses CSV bytes into items, streaming; stops (rejecting with the signal's reason) when `signal` aborts. */
export async function readCsv(chunks: AsyncIterable<Buffer>, options: CsvReadOptions, signal: AbortSignal): Promise<CsvReadResult> {
  const items: Item[] = [];
  const found = { columns: [] as string[], delimiter: ',' };
  for await (const page of readCsvPages(chunks, options, signal, found)) for (const item of page) items.push(item);
  return { items, ...found };
}

/** Rows per page that `readCsvPages` yields: the engine's stored page size. */
const CSV_PAGE_ROWS = 1000;

/**
 * Parses CSV bytes into pages of items, streaming, so only a page is held at a time; fills
 * `found` with the columns and the delimiter once the last page is read.
 */
export async function* readCsvPages(
  chunks: AsyncIterable<Buffer>,
  options: CsvReadOptions,
  signal: AbortSignal,
  found: { columns: string[]; delimiter: string },
): AsyncGenerator<Item[]> {
  try {
    yield* parseCsv(chunks, options, signal, found);
  } catch (error) {
    if (signal.aborted) throw signal.reason ?? error;
    throw error instanceof UnclosedQuoteError ? csvProblem(error) : error;
  }
}

async function* parseCsv(
  chunks: AsyncIterable<Buffer>,
  options: CsvReadOptions,
  signal: AbortSignal,
  found: { columns: string[]; delimiter: string },
): AsyncGenerator<Item[]> {
  const { head, all, complete } = await peek(chunks, SNIFF_BYTES);
  const encoding = encodingOf(head, options.encoding);
  const delimiter = options.delimiter === 'auto' ? sniffDelimiter(head.toString(encoding), complete) : DELIMITERS[options.delimiter];
  let page: Item[] = [];
  /** Pages filled while reading a chunk, yielded after it. */
  let full: Item[][] = [];
  let columns: string[] | undefined = options.hasHeader ? undefined : [];
  let width = 0;
  // Real-world files have ragged rows and stray quotes (5" screen); keep what is there.
  const parser = new CsvRecords(delimiter, options.skipEmptyLines, (record) => {
    if (columns === undefined) {
      columns = headerNames(record);
      return;
    }
    // Rows of only delimiters (",,,") are what spreadsheets leave as empty lines.
    if (options.skipEmptyLines && record.every((cell) => cell.trim() === '')) return;
    page.push(rowItem(record, columns));
    width = Math.max(width, record.length);
    if (page.length === CSV_PAGE_ROWS) {
      full.push(page);
      page = [];
    }
  });
  const decoder = new StringDecoder(encoding);
  const source = all[Symbol.asyncIterator]();
  let done = false;
  try {
    while (!done) {
      const next = await source.next();
      done = next.done === true;
      parser.push(done ? decoder.end() : decoder.write(next.value), done);
      const pages = full;
      full = [];
      for (const filled of pages) {
        signal.throwIfAborted();
        yield filled;
      }
      signal.throwIfAborted();
    }
  } finally {
    // Closes the file or download when reading stops early (an error, a cancelled run).
    if (!done) await source.return?.();
  }
  if (page.length > 0) yield page;
  const named = columns ?? [];
  const extra = Array.from({ length: Math.max(0, width - named.length) }, (_, i) => `column_${named.length + i + 1}`);
  found.columns = [...named, ...extra];
  found.delimiter = delimiter;
}

function rowItem(record: string[], columns: string[]): Item {
  const item: Item = {};
  const size = Math.max(record.length, columns.length);
  // Short rows get empty cells, so every item has every column; extra cells get their own column.
  for (let i = 0; i < size; i++) {
    const key = columns[i] ?? `column_${i + 1}`;
    const value = record[i] ?? '';
    // Assigning "__proto__" would change the item's prototype instead of adding a field.
    if (key === '__proto__') Object.defineProperty(item, key, { value, enumerable: true, writable: true, configurable: true });
    else item[key] = value;
  }
  return item;
}
