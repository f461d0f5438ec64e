/**
 * "Call this if the step is still running after `ms`", for every step attempt, with one timer
 * for all of them instead of a timer each: most steps end in microseconds, and arming and
 * clearing a timer per step cost more than their work.
 */
interface Pending {
  due: number;
  fire(): void;
}

const pending = new Set<Pending>();
let timer: NodeJS.Timeout | null = null;

function arm(delayMs: number): void {
  timer = setTimeout(sweep, Math.max(1, delayMs));
  // Watching never keeps the process alive: the step itself does, while it runs.
  timer.unref();
}

function sweep(): void {
  timer = null;
  const now = performance.now();
  let next = Number.POSITIVE_INFINITY;
  for (const entry of pending) {
    if (entry.due <= now) {
      pending.delete(entry);
      entry.fire();
    } else next = Math.min(next, entry.due);
  }
  if (pending.size > 0 && timer === null) arm(next - now);
}

/** Calls `fire` once, `ms` from now, unless the returned function is called first. */
export function whenStillRunning(ms: number, fire: () => void): () => void {
  const entry: Pending = { due: performance.now() + ms, fire };
  pending.add(entry);
  if (timer === null) arm(ms);
  return () => void pending.delete(entry);
}
