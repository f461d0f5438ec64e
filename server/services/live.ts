/**
 * One LISTEN connection per process, fanned out to every subscriber (tRPC subscriptions):
 * a hundred open editors cost one database connection, not a hundred.
 */
import type { Sql } from 'postgres';
import { EVENTS_CHANNEL, parseRunEvent, type RunEvent } from '../../core/run-events';

type Subscriber = (event: RunEvent) => void;

const hubs = new WeakMap<Sql, { subscribers: Set<Subscriber>; ready: Promise<unknown> }>();

export function subscribeRunEvents(sql: Sql, subscriber: Subscriber): { ready: Promise<unknown>; unsubscribe(): void } {
  let hub = hubs.get(sql);
  if (!hub) {
    const subscribers = new Set<Subscriber>();
    const ready = sql.listen(EVENTS_CHANNEL, (payload) => {
      const event = parseRunEvent(payload);
      if (event) for (const s of subscribers) s(event);
    });
    hub = { subscribers, ready };
    hubs.set(sql, hub);
  }
  hub.subscribers.add(subscriber);
  const h = hub;
  return { ready: h.ready, unsubscribe: () => h.subscribers.delete(subscriber) };
}

/** The events as an async iterable, ending when `signal` aborts. */
export async function* runEvents(sql: Sql, filter: (e: RunEvent) => boolean, signal?: AbortSignal): AsyncGenerator<RunEvent> {
  const queue: RunEvent[] = [];
  let wake: (() => void) | null = null;
  const sub = subscribeRunEvents(sql, (event) => {
    if (!filter(event)) return;
    queue.push(event);
    wake?.();
  });
  const onAbort = () => wake?.();
  signal?.addEventListener('abort', onAbort);
  try {
    await sub.ready;
    while (!signal?.aborted) {
      if (queue.length === 0) await new Promise<void>((resolve) => (wake = resolve));
      wake = null;
      while (queue.length) yield queue.shift()!;
    }
  } finally {
    signal?.removeEventListener('abort', onAbort);
    sub.unsubscribe();
  }
}
