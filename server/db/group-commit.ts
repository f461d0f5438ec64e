/**
 * Group commit: writes of concurrent runs that arrive while one is on its way to the disk go
 * together in the next statement, one transaction and one flush for all of them. No write waits
 * on purpose: the first goes at once, and a batch is whatever queued during the commit before it
 * (what Postgres' commit_delay aims at, without the delay).
 *
 * Each caller resolves only once its own write is committed, so whatever it does next (answer a
 * webhook) follows the commit. When a batch fails, each of its writes is tried alone: one run's
 * bad write fails that run only.
 */

export interface GroupWriter<T> {
  write(item: T): Promise<void>;
}

/** Most writes per statement: bounds a statement's size and parameters (postgres.js allows 65,534). */
const MAX_BATCH = 200;

/**
 * `many` writes several items in one statement (atomic); `one` writes one item (used alone and
 * when a batch failed).
 */
export function groupWriter<T>(many: (items: T[]) => Promise<unknown>, one: (item: T) => Promise<unknown>): GroupWriter<T> {
  let waiting: Array<{ item: T; resolve: () => void; reject: (e: unknown) => void }> = [];
  let busy = false;
  const pump = async () => {
    busy = true;
    while (waiting.length) {
      const batch = waiting.slice(0, MAX_BATCH);
      waiting = waiting.slice(batch.length);
      if (batch.length === 1) {
        const [w] = batch;
        await one(w.item).then(w.resolve, w.reject);
        continue;
      }
      try {
        await many(batch.map((w) => w.item));
        for (const w of batch) w.resolve();
      } catch {
        // One bad write must not fail the others: each alone, in parallel (they are independent).
        await Promise.all(batch.map((w) => one(w.item).then(w.resolve, w.reject)));
      }
    }
    busy = false;
  };
  return {
    write(item) {
      return new Promise<void>((resolve, reject) => {
        waiting.push({ item, resolve, reject });
        if (!busy) void pump();
      });
    },
  };
}
