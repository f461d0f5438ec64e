/**
 * One LISTEN connection per process, fanned out to every subscriber (tRPC subscriptions):
 * a hundred open editors cost one database connection, not a hundred. Events of runs this
 * process executes quietly come from the process's bus instead (server/db/run-watch.ts), and a
 * subscriber's watch keys tell the processes that execute runs quietly what to send.
 */
import type { Sql } from 'postgres';
import { EVENTS_CHANNEL, type RunEvent } from '../../core/run-events';
import { announcerFor, onLocalEvents, parseForeignEvent } from '../db/run-watch';

export { watchKey } from '../db/run-watch';

type Subscriber = (event: RunEvent) => void;

const hubs = new WeakMap<Sql, { subscribers: Set<Subscriber>; ready: Promise<unknown> }>();

/**
 * `watch`: what the subscriber wants from runs executed quietly in other processes (watchKey);
 * none: only events that go through Postgres anyway (queued runs, notifications) and this
 * process's own. `ready` resolves once listening and the watch is announced.
 */
export function subscribeRunEvents(
  sql: Sql,
  subscriber: Subscriber,
  watch: string[] = [],
): { ready: Promise<unknown>; unsubscribe(): void } {
  let hub = hubs.get(sql);
  if (!hub) {
    const subscribers = new Set<Subscriber>();
    const ready = sql.listen(EVENTS_CHANNEL, (payload) => {
      const event = parseForeignEvent(payload);
      if (event) for (const s of subscribers) s(event);
    });
    hub = { subscribers, ready };
    hubs.set(sql, hub);
  }
  hub.subscribers.add(subscriber);
  const offLocal = onLocalEvents(sql, subscriber);
  const watching = watch.length ? announcerFor(sql).watch(watch) : null;
  const h = hub;
  return {
    ready: Promise.all([h.ready, watching?.ready]),
    unsubscribe: () => {
      h.subscribers.delete(subscriber);
      offLocal();
      watching?.release();
    },
  };
}

/** The events as an async iterable, ending when `signal` aborts. `watch`: see subscribeRunEvents. */
export async function* runEvents(
  sql: Sql,
  filter: (e: RunEvent) => boolean,
  signal?: AbortSignal,
  watch: string[] = [],
): AsyncGenerator<RunEvent> {
  const queue: RunEvent[] = [];
  let wake: (() => void) | null = null;
  const sub = subscribeRunEvents(
    sql,
    (event) => {
      if (!filter(event)) return;
      queue.push(event);
      wake?.();
    },
    watch,
  );
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
