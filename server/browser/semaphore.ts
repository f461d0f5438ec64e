/**
 * At most `max` holders at once; the rest wait in arrival order. A waiter whose signal aborts
 * leaves the queue, so a cancelled run never takes a browser slot it no longer needs. `max` can
 * change while in use (Settings, "Browsers at once per worker").
 */
export class Semaphore {
  private active = 0;
  private limit: number;
  private readonly queue: Array<{ grant: () => void }> = [];

  constructor(max: number) {
    this.limit = checkedMax(max);
  }

  get max(): number {
    return this.limit;
  }

  /**
   * A new limit. More places let waiters in at once; fewer take effect as holders release
   * (nobody is interrupted).
   */
  resize(max: number): void {
    this.limit = checkedMax(max);
    while (this.active < this.limit && this.queue.length > 0) this.queue.shift()!.grant();
  }

  get inUse(): number {
    return this.active;
  }

  get waiting(): number {
    return this.queue.length;
  }

  /** Resolves with a release function (safe to call twice) once a place is free. */
  acquire(signal?: AbortSignal): Promise<() => void> {
    signal?.throwIfAborted();
    if (this.active < this.limit) {
      this.active += 1;
      return Promise.resolve(this.releaser());
    }
    return new Promise((resolve, reject) => {
      const entry = {
        grant: () => {
          signal?.removeEventListener('abort', onAbort);
          this.active += 1;
          resolve(this.releaser());
        },
      };
      const onAbort = () => {
        const at = this.queue.indexOf(entry);
        if (at >= 0) this.queue.splice(at, 1);
        reject(signal?.reason as Error);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.queue.push(entry);
    });
  }

  private releaser(): () => void {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.active -= 1;
      if (this.active < this.limit) this.queue.shift()?.grant();
    };
  }
}

function checkedMax(max: number): number {
  if (!Number.isInteger(max) || max < 1) throw new Error(`A semaphore needs a whole number of at least 1 (got ${max}).`);
  return max;
}
