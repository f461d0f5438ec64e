/**
 * How one step attempt ends early: the run is aborted (cancel, shutdown) or its time limit
 * passes. Made for every attempt, and most attempts take microseconds, so it costs one object
 * and one promise, and listens to the run's signal through one listener per run.
 */

/** One attempt's early end: a class and one promise per attempt, not a promise to race plus closures. */
export class AttemptStop {
  aborted = false;
  reason: unknown = undefined;
  private controller: AbortController | null = null;
  private reject: ((reason: unknown) => void) | null = null;

  abort(reason: unknown): void {
    if (this.aborted) return;
    this.aborted = true;
    this.reason = reason;
    this.controller?.abort(reason);
    this.reject?.(reason);
  }

  /** `work`, or a rejection with the reason as soon as the attempt is aborted (a node that ignores its signal). */
  race<T>(work: Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      if (this.aborted) return reject(this.reason);
      this.reject = reject;
      // A node that rejects after the abort is never an unhandled rejection: this handles it.
      work.then(resolve, reject);
    });
  }

  /** The attempt's AbortSignal, made on first use. */
  signal(): AbortSignal {
    if (!this.controller) {
      this.controller = new AbortController();
      if (this.aborted) this.controller.abort(this.reason);
    }
    return this.controller.signal;
  }
}

// The attempts running under each run signal: one listener per signal, not one per attempt
// (adding and removing an EventTarget listener costs more than a no-op step's whole work).
const attemptsBySignal = new WeakMap<AbortSignal, Set<AttemptStop>>();

/** Aborts `stop` when the run aborts; returns the function that stops watching. */
export function watchRunAbort(signal: AbortSignal, stop: AttemptStop): () => void {
  if (signal.aborted) {
    stop.abort(signal.reason);
    return () => {};
  }
  let attempts = attemptsBySignal.get(signal);
  if (!attempts) {
    const running = new Set<AttemptStop>();
    attempts = running;
    attemptsBySignal.set(signal, running);
    signal.addEventListener(
      'abort',
      () => {
        for (const attempt of running) attempt.abort(signal.reason);
        running.clear();
      },
      { once: true },
    );
  }
  const running = attempts;
  running.add(stop);
  return () => void running.delete(stop);
}
