/**
 * Results of steps without side effects, held for a few milliseconds and written with the run's
 * next write (the result of a step with side effects, skipped steps, the run's end) instead of in
 * a statement of their own. A webhook → set → answer run then writes its trigger's result with
 * its end: one transaction instead of two.
 *
 * Why this is safe: such a step may run again after a crash (that is why its result already
 * committed asynchronously, without waiting for the disk). Holding it for up to HOLD_MS widens
 * that window to a crash of the worker process too; anything with side effects still finds every
 * earlier result committed before it starts, because its own (synchronous) write carries them.
 */
import type { NodeRecord } from '../db/run-store';

/** How long a result may wait for company; a slow step's result is written after this anyway. */
export const HOLD_MS = 20;

export interface HeldResults {
  hold(record: NodeRecord): void;
  /** Takes the held results out, for the caller's own write; throws if an earlier write of held results failed. */
  take(): Promise<NodeRecord[]>;
  /** Stops the timer; what is still held is dropped (the run is being handed back or failed). */
  close(): void;
}

/** `writeLater`: writes results that waited HOLD_MS without company. */
export function heldResults(writeLater: (records: NodeRecord[]) => Promise<void>, holdMs = HOLD_MS): HeldResults {
  let held: NodeRecord[] = [];
  let timer: NodeJS.Timeout | null = null;
  // Writes of held results so far: a failure surfaces at the next `take`.
  let written: Promise<void> = Promise.resolve();
  const stopTimer = () => {
    if (timer) clearTimeout(timer);
    timer = null;
  };
  const flush = () => {
    timer = null;
    const records = held;
    held = [];
    written = written.then(() => writeLater(records));
    written.catch(() => {});
  };
  return {
    hold(record) {
      held.push(record);
      timer ??= setTimeout(flush, holdMs);
    },
    async take() {
      stopTimer();
      const records = held;
      held = [];
      await written;
      return records;
    },
    close: stopTimer,
  };
}
