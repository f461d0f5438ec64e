/**
 * Sort for more items than memory should hold (issue 19): items come page by page; up to
 * `runItems` of them (and about `runBytes` of JSON) are sorted in memory exactly as `sortOrder`
 * does. Past that, each full
 * batch ("run") is sorted and written to a temporary file as JSON lines, and the runs are merged
 * (a k-way merge over a small heap) while sorted pages are handed on. Equal items keep their
 * input order: runs are consecutive slices of the input, and the merge takes from the earlier
 * run on a tie. The temporary folder is removed when the sort ends, fails or is stopped.
 *
 * Hand-written rather than an npm external sort: those compare with one function of their own
 * and write their own formats; this one has to order exactly like `sortOrder` (numbers, then
 * text by the collator, values missing last also when descending), and it is a heap plus a
 * line reader.
 */
import { createReadStream } from 'node:fs';
import { mkdir, mkdtemp, open, readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import type { Item } from '../types';
import { fieldReader } from './item-fields';
import { isMissing } from './missing';
import { type SortField, sortOrder, sortCollator } from './sort-order';
import { asNumber, toText } from './values';

/**
 * Items sorted in memory before the sort spills to disk, and their size as JSON (estimated from
 * every SAMPLE_EVERY-th item: wide items spill sooner). Internal: tests lower them to spill at a
 * few items; TASKMASTER_SORT_SPILL_ITEMS sets the first for benchmark A/B runs (bench/big-data.ts).
 */
export const spillSettings = {
  runItems: positiveInteger(process.env.TASKMASTER_SORT_SPILL_ITEMS) ?? 100_000,
  runBytes: 64 * 1024 * 1024,
};
const SAMPLE_EVERY = 32;

function positiveInteger(text: string | undefined): number | undefined {
  const n = Number(text);
  return text !== undefined && Number.isSafeInteger(n) && n > 0 ? n : undefined;
}

/** Items per page handed on (as many as the output pages store). */
const OUT_PAGE = 1000;
/** Bytes gathered before a write to a run file, and read at a time from one while merging. */
const IO_BYTES = 1 << 20;
const READ_BYTES = 1 << 16;

export interface ExternalSortOptions {
  fields: SortField[];
  ignoreCase: boolean;
  /** Where the run files' folder is made (and removed again). */
  tempDir: string;
  signal: AbortSignal;
  /** Items per run; default `spillSettings.runItems`. */
  runItems?: number;
  /** About the JSON bytes per run; default `spillSettings.runBytes`. */
  runBytes?: number;
}

export interface ExternalSort {
  pages: AsyncGenerator<Item[]>;
  /** Once `pages` is done: the fields no item has (as `sortOrder` gives them for all the items). */
  notFound(): string[];
  /** How many runs went to disk (0: sorted in memory). */
  runs(): number;
}

/** A field's sort value as `sortOrder` ranks it: a number, a text, or undefined (missing). */
type KeyValue = number | string | undefined;

function keyReader(fields: SortField[]): (item: Item) => KeyValue[] {
  const readers = fields.map((f) => fieldReader(f.name));
  return (item) =>
    readers.map((read) => {
      const value = read(item);
      if (isMissing(value, { whitespace: true })) return undefined;
      return asNumber(value) ?? toText(value);
    });
}

/** Compares two keys the way `sortOrder` orders their items (0: equal). */
function keyComparer(fields: SortField[], collator: Intl.Collator): (a: KeyValue[], b: KeyValue[]) => number {
  const descending = fields.map((f) => f.descending);
  return (a, b) => {
    for (let k = 0; k < descending.length; k++) {
      const x = a[k];
      const y = b[k];
      if (x === y) continue;
      // Missing values come last, also when sorting largest first.
      if (x === undefined) return 1;
      if (y === undefined) return -1;
      let c: number;
      const xNumber = typeof x === 'number';
      const yNumber = typeof y === 'number';
      if (xNumber && yNumber) c = x < y ? -1 : x > y ? 1 : 0;
      else if (xNumber) c = -1;
      else if (yNumber) c = 1;
      else c = collator.compare(x, y);
      if (c !== 0) return descending[k] ? -c : c;
    }
    return 0;
  };
}

/** Reads a run file back as [key, item] entries, a buffer's worth at a time. */
class RunReader {
  private entries: Array<[KeyValue[], Item]> = [];
  private at = 0;
  private rest = '';
  private readonly chunks: AsyncIterator<string>;
  done = false;

  constructor(file: string) {
    this.chunks = createReadStream(file, { encoding: 'utf8', highWaterMark: READ_BYTES })[Symbol.asyncIterator]();
  }

  /** The next entry without taking it; undefined once the run is used up. */
  head(): [KeyValue[], Item] | undefined {
    return this.entries[this.at];
  }

  take(): void {
    this.at++;
  }

  /** Fills the buffer when it is used up; false when the file has no more entries. */
  async fill(): Promise<boolean> {
    while (this.at >= this.entries.length) {
      if (this.done) return false;
      const next = await this.chunks.next();
      if (next.done) {
        this.done = true;
        this.entries = this.rest === '' ? [] : [this.parse(this.rest)];
        this.rest = '';
      } else {
        const lines = (this.rest + next.value).split('\n');
        this.rest = lines.pop() ?? '';
        this.entries = lines.map((line) => this.parse(line));
      }
      this.at = 0;
    }
    return true;
  }

  private parse(line: string): [KeyValue[], Item] {
    // JSON has no undefined: a missing key value was written as null.
    const [key, item] = JSON.parse(line) as [Array<number | string | null>, Item];
    return [key.map((v) => (v === null ? undefined : v)), item];
  }

  async close(): Promise<void> {
    await this.chunks.return?.();
  }
}

/** Sorts the items of `input` (pages) into sorted pages; see the file's comment. */
export function externalSort(input: AsyncIterable<Item[]>, options: ExternalSortOptions): ExternalSort {
  const { fields, ignoreCase, signal } = options;
  const runItems = Math.max(1, options.runItems ?? spillSettings.runItems);
  const runBytes = Math.max(1, options.runBytes ?? spillSettings.runBytes);
  const collator = sortCollator(ignoreCase);
  const keyOf = keyReader(fields);
  // Fields no item has: those no run found (a run's `notFound` covers only its items).
  let missing: Set<string> | null = null;
  let runCount = 0;

  const noteNotFound = (names: string[]) => {
    missing = missing === null ? new Set(names) : new Set(names.filter((name) => missing!.has(name)));
  };

  async function* pages(): AsyncGenerator<Item[]> {
    let buffer: Item[] = [];
    /** Estimated JSON bytes of `buffer`. */
    let bytes = 0;
    let dir: string | null = null;
    const files: string[] = [];

    async function spill(): Promise<void> {
      const { order, notFound } = sortOrder(buffer, fields, ignoreCase);
      noteNotFound(notFound);
      if (dir === null) {
        await mkdir(options.tempDir, { recursive: true });
        // The process id in the name: a worker that starts later knows whether its owner still runs.
        dir = await mkdtemp(path.join(options.tempDir, `sort-${process.pid}-`));
      }
      const file = path.join(dir, `run-${files.length}.jsonl`);
      files.push(file);
      const handle = await open(file, 'w');
      try {
        let lines: string[] = [];
        let bytes = 0;
        for (let i = 0; i < order.length; i++) {
          const item = buffer[order[i]];
          const line = JSON.stringify([keyOf(item), item]);
          lines.push(line);
          bytes += line.length;
          if (bytes >= IO_BYTES) {
            await handle.write(`${lines.join('\n')}\n`);
            lines = [];
            bytes = 0;
            signal.throwIfAborted();
          }
        }
        if (lines.length > 0) await handle.write(`${lines.join('\n')}\n`);
      } finally {
        await handle.close();
      }
      buffer = [];
      bytes = 0;
      runCount++;
    }

    try {
      for await (const page of input) {
        for (const item of page) {
          // Exactly `runItems` items still sort in memory.
          if (buffer.length === runItems || bytes >= runBytes) await spill();
          if (buffer.length % SAMPLE_EVERY === 0) bytes += (JSON.stringify(item)?.length ?? 0) * SAMPLE_EVERY;
          buffer.push(item);
        }
      }
      if (files.length === 0) {
        // Small enough: sorted in memory, as `execute` does.
        const { order, notFound } = sortOrder(buffer, fields, ignoreCase);
        if (buffer.length > 0) noteNotFound(notFound);
        for (let start = 0; start < order.length; start += OUT_PAGE) {
          const end = Math.min(order.length, start + OUT_PAGE);
          const page = new Array<Item>(end - start);
          for (let i = start; i < end; i++) page[i - start] = buffer[order[i]];
          yield page;
        }
        return;
      }
      if (buffer.length > 0) await spill();
      yield* merge(files);
    } finally {
      if (dir !== null) await rm(dir, { recursive: true, force: true });
    }
  }

  async function* merge(files: string[]): AsyncGenerator<Item[]> {
    const compare = keyComparer(fields, collator);
    const readers = files.map((file) => new RunReader(file));
    try {
      // A min-heap of run indexes by their head entry; on a tie, the earlier run (stable).
      const heap: number[] = [];
      const less = (a: number, b: number) => {
        const c = compare(readers[a].head()![0], readers[b].head()![0]);
        return c < 0 || (c === 0 && a < b);
      };
      const down = (from: number) => {
        let i = from;
        for (;;) {
          const l = 2 * i + 1;
          const r = l + 1;
          let least = i;
          if (l < heap.length && less(heap[l], heap[least])) least = l;
          if (r < heap.length && less(heap[r], heap[least])) least = r;
          if (least === i) return;
          [heap[i], heap[least]] = [heap[least], heap[i]];
          i = least;
        }
      };
      for (let run = 0; run < readers.length; run++) if (await readers[run].fill()) heap.push(run);
      for (let i = (heap.length >> 1) - 1; i >= 0; i--) down(i);

      let page: Item[] = [];
      while (heap.length > 0) {
        const run = heap[0];
        const reader = readers[run];
        page.push(reader.head()![1]);
        reader.take();
        if (reader.head() === undefined && !(await reader.fill())) {
          const last = heap.pop()!;
          if (heap.length > 0) heap[0] = last;
        }
        if (heap.length > 0) down(0);
        if (page.length === OUT_PAGE) {
          signal.throwIfAborted();
          yield page;
          page = [];
        }
      }
      if (page.length > 0) yield page;
    } finally {
      await Promise.all(readers.map((reader) => reader.close()));
    }
  }

  return {
    pages: pages(),
    notFound: () => (missing === null ? [] : fields.map((f) => f.name).filter((name) => missing!.has(name))),
    runs: () => runCount,
  };
}

/**
 * Removes the sort folders of processes that no longer run (a worker killed outright leaves its
 * parts behind; `finally` never ran). Folders of running processes are left alone: another
 * worker on the same data folder may be sorting. Returns how many it removed.
 */
export async function removeLeftSorts(tempDir: string): Promise<number> {
  const names = await readdir(tempDir).catch(() => [] as string[]);
  let removed = 0;
  for (const name of names) {
    const pid = Number(/^sort-(\d+)-/.exec(name)?.[1]);
    if (!pid || pid === process.pid || isRunning(pid)) continue;
    await rm(path.join(tempDir, name), { recursive: true, force: true });
    removed++;
  }
  return removed;
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it runs, as another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
